"""The client side of the benchmark: sessions, latency series and concurrent throughput over HTTP."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from itsdangerous import URLSafeTimedSerializer

from consult.auth import sessions

CSRF_RAW = "bench-csrf-token-raw-value-0123456789abcdef"


@dataclass
class Session:
    """A signed-in person, as the app's own cookie and CSRF token say so."""

    cookie: str
    csrf: str


def sign_in(app, user):
    """A session cookie for `user`, signed with the app's key, as Flask-Login would set it."""
    serializer = app.session_interface.get_signing_serializer(app)
    # With the times a real sign-in records, or the app would start (and re-sign) the session's
    # lifetime window on every request of the harness, which keeps no cookie it is sent back.
    started = sessions.now()
    # And with the browser's fingerprint that Flask-Login keeps (session protection): without it
    # the app would mark the session not fresh, and so re-sign it, on every request. The harness's
    # client connects from 127.0.0.1 and sends no User-Agent.
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        fingerprint = app.login_manager._session_identifier_generator()
    cookie = serializer.dumps({"_user_id": user.session_token, "_fresh": True, "_id": fingerprint,
                               "csrf_token": CSRF_RAW, sessions.STARTED: started, sessions.SEEN: started})
    csrf = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(CSRF_RAW)
    return Session(cookie=f"{app.config['SESSION_COOKIE_NAME']}={cookie}", csrf=csrf)


class Client:
    """One keep-alive connection to the server."""

    def __init__(self, port, timeout=180):
        self.port, self.timeout = port, timeout
        self.connection = None

    def request(self, method, path, session=None, form=None, headers=None):
        """(status, body bytes, seconds)."""
        headers = dict(headers or {})
        body = None
        if session is not None:
            headers["Cookie"] = session.cookie
        if form is not None:
            form = dict(form)
            if session is not None:
                form["csrf_token"] = session.csrf
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            return response.status, data, time.perf_counter() - started
        raise AssertionError("unreachable")

    def get(self, path, session=None, headers=None):
        return self.request("GET", path, session=session, headers=headers)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass
class Series:
    """Times of repeated runs of one thing, in seconds."""

    times: list
    size: int = 0

    @property
    def p50(self):
        return statistics.median(self.times)

    @property
    def p95(self):
        return percentile(self.times, 0.95)


def latency(port, path, repeats, session=None, warm=3):
    """Sequential requests on one connection, after `warm` unmeasured ones."""
    client = Client(port)
    for _ in range(warm):
        status, body, _seconds = client.get(path, session=session)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    times, size = [], 0
    for _ in range(repeats):
        status, body, seconds = client.get(path, session=session)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        times.append(seconds)
        size = len(body)
    return Series(times, size)


@dataclass
class Throughput:
    done: int
    failed: int
    seconds: float
    times: list

    @property
    def per_second(self):
        return self.done / self.seconds

    @classmethod
    def merged(cls, results):
        """One figure from several turns at the same endpoint: all requests over all the time."""
        return cls(sum(r.done for r in results), sum(r.failed for r in results),
                   sum(r.seconds for r in results), [t for r in results for t in r.times])


def throughput(port, clients, seconds, make_request):
    """`clients` threads, each on its own connection, calling make_request(client, n) for
    `seconds`; a request counts as done when it answers 2xx or 3xx."""
    done, failed, times = [0], [0], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(index):
        client = Client(port)
        n = index
        while time.perf_counter() < deadline:
            status, _body, elapsed = make_request(client, n)
            n += clients
            with lock:
                if status < 400:
                    done[0] += 1
                    times.append(elapsed)
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Throughput(done[0], failed[0], time.perf_counter() - started, times)


def wait_until_up(port, path="/healthz", seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _body, _seconds = Client(port, timeout=5).get(path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server on port {port} did not answer {path}")
