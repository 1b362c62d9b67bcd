"""People at a real server: each with an address of their own on the loopback range, cookies,
forms read from the pages as a browser would, and bursts of them acting at the same moment.

Only the standard library: http.client for the requests, html.parser for the forms.
"""

import http.client
import itertools
import random
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

#: What a request that got no answer raises: refused, reset, cut mid-response, timed out.
NO_ANSWER = (OSError, http.client.HTTPException)


@dataclass
class Reply:
    status: int
    location: str
    text: str

    @property
    def acknowledged(self):
        """The server said it was done: a 2xx page or the 303 after a saved form."""
        return 200 <= self.status < 300 or self.status == 303


class Addresses:
    """Source addresses 127.A.B.n, a block drawn at random per test run, so that limits counted
    per address (sign-in) meet each person once, and two runs never share a counter."""

    def __init__(self):
        a, b = random.randrange(1, 255), random.randrange(0, 200)
        self._hosts = (f"127.{a}.{b + n // 250}.{1 + n % 250}" for n in itertools.count())
        self._lock = threading.Lock()

    def next(self):
        with self._lock:
            return next(self._hosts)


class _Forms(HTMLParser):
    """Every <form>: its action and the values of its named inputs, in page order."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif (tag == "input" and self.forms and attrs.get("name")
              and (attrs.get("type") not in {"radio", "checkbox"} or "checked" in attrs)):
            self.forms[-1][1].setdefault(attrs["name"], attrs.get("value") or "")


def forms_in(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class Person:
    """One person's browser: their own source address and cookie jar, no JavaScript."""

    port: int
    address: str
    email: str = ""
    cookies: dict = field(default_factory=dict)
    timeout: float = 60

    def request(self, method, path, fields=None):
        """One request on a fresh connection; raises one of NO_ANSWER when none came."""
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                                source_address=(self.address, 0))
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return Reply(response.status, response.getheader("Location") or "", text)
        finally:
            connection.close()

    def _keep_cookies(self, set_cookies):
        # Kept whatever their Secure flag or __Host- prefix says: the tests speak plain HTTP
        # to the server, as a TLS-terminating proxy in front of it would.
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "expires=thu, 01 jan 1970" in header.lower() or "max-age=0" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def forms(self, page):
        """{action: fields} of the forms on `page`, the first of each action (a form without
        an action posts to its own page)."""
        reply = self.get(page)
        assert reply.status == 200, (page, reply.status)
        found = {}
        for action, fields in forms_in(reply.text):
            found.setdefault(action or urlsplit(page).path, dict(fields))
        return found

    def form(self, page, action):
        """The fields of the first form on `page` that posts to `action`."""
        found = self.forms(page)
        assert action in found, f"no form posting to {action} on {page}: {sorted(found)}"
        return found[action]

    def sign_in(self, email, password):
        """Through the sign-in form, CSRF token and all."""
        fields = self.form("/auth/login", "/auth/login")
        fields.update(email=email, password=password)
        reply = self.post("/auth/login", fields)
        assert reply.status in (302, 303), (email, reply.status)
        self.email = email
        return self


def fresh_key():
    """A new submission key, drawn as consult.web.templates' new_submission_key draws one."""
    return secrets.token_urlsafe(24)


def burst(calls, timeout=120):
    """Start every call at the same moment, one thread each; returns their results in order
    (a Reply, or the exception that a request without an answer raised)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=timeout)
        try:
            results[index] = call()
        except NO_ANSWER as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "a request of the burst never ended"
    return results


def wait_until(check, timeout, interval=0.1):
    """Seconds until `check()` was true, or None when `timeout` seconds passed first."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if check():
                return time.monotonic() - start
        except Exception:  # noqa: BLE001 - a service on its way up answers with anything
            pass
        time.sleep(interval)
    return None


def statuses(results):
    """How many of each answer: {303: 98, "ConnectionResetError": 2}."""
    return dict(Counter(getattr(r, "status", type(r).__name__) for r in results))
