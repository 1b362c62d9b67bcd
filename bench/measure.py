"""What the benchmark measures, one function per figure of BENCHMARKS.md."""

import gzip
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from bench import probe
from bench.probe import Series

ROOT = Path(__file__).resolve().parent.parent


class Harness:
    """The app in-process, on the benchmark's database: to find rows, mint sessions, count queries."""

    def __init__(self, url, secret_key):
        from consult import create_app
        from consult.extensions import db

        # Production, with the development tools on: this process loads the data (seed-scale);
        # the servers measured run without them.
        self.app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secret_key,
                              SITE_URL="http://127.0.0.1", TRUSTED_HOSTS=["127.0.0.1", "localhost"],
                              MAIL_SERVER="127.0.0.1",
                              RATELIMIT_PER_PROCESS=True, DEVELOPMENT_TOOLS=True)
        self.db = db
        self.context = self.app.app_context()
        self.context.push()
        self.backend = db.engine.dialect.name

    def close(self):
        self.db.session.remove()
        self.db.engine.dispose()
        self.context.pop()

    def scalar(self, sql, **params):
        return self.db.session.execute(sa.text(sql), params).scalar()

    def consultation_id(self, slug):
        return self.scalar("SELECT id FROM consultations WHERE slug = :slug", slug=slug)

    def user(self, email):
        from consult.models import User

        return self.db.session.scalar(sa.select(User).where(User.email == email))

    def session(self, email):
        return probe.sign_in(self.app, self.user(email))

    def participants(self, slug, limit):
        """Sessions of `limit` participants who voted in the consultation."""
        from consult.models import User

        users = self.db.session.scalars(sa.select(User).where(User.id.in_(sa.text(
            "SELECT DISTINCT v.user_id FROM votes v JOIN contributions c ON c.id = v.idea_id "
            f"WHERE c.consultation_id = {int(self.consultation_id(slug))}"))).order_by(User.id).limit(limit)).all()
        return [probe.sign_in(self.app, user) for user in users]

    def featured_idea(self, slug):
        return self.scalar(
            "SELECT idea_id FROM contributions WHERE consultation_id = :c AND idea_id IS NOT NULL "
            "GROUP BY idea_id ORDER BY COUNT(*) DESC LIMIT 1", c=self.consultation_id(slug))

    def pages(self, slug):
        """(name, path, who) of every list page measured; who is None (signed out) or a role."""
        idea = self.featured_idea(slug)
        return [
            ("home", "/", "visitor"), ("consultations", "/consultations/", "visitor"),
            ("consultation page", f"/consultations/{slug}", "visitor"),
            ("consultation page", f"/consultations/{slug}", "citizen"),
            ("idea page (its most discussed idea)", f"/consultations/{slug}/ideas/{idea}", "visitor"),
            ("idea page (its most discussed idea)", f"/consultations/{slug}/ideas/{idea}", "citizen"),
            ("moderation queue", "/moderation/", "moderator"),
            ("moderation queue, deep page", f"/moderation/?after={self.deep_queue_item(slug)}", "moderator"),
            ("intake page", "/intake/", "intake"), ("manage index", "/manage/", "designer"),
        ]

    def deep_queue_item(self, slug):
        """An item four fifths down the moderation queue, for a keyset page far from the start."""
        cid = self.consultation_id(slug)
        count = self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND needs_review", c=cid)
        return self.scalar("SELECT id FROM contributions WHERE consultation_id = :c AND needs_review "
                           "ORDER BY review_since, id LIMIT 1 OFFSET :n", c=cid, n=max(0, count * 4 // 5))

    def who(self, slug, role):
        if role == "visitor":
            return None
        if role == "citizen":
            return self.participants(slug, 1)[0]
        return self.session(f"{role}@{slug}.example.org")

    @contextmanager
    def counting(self):
        statements = []
        record = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        sa.event.listen(self.db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(self.db.engine, "before_cursor_execute", record)

    def get(self, path, session=None):
        """One request in its own app context (its own `g` and database session), as in production."""
        headers = {"Cookie": session.cookie} if session else {}
        self.db.session.remove()
        self.context.pop()
        try:
            return self.app.test_client(use_cookies=False).get(path, headers=headers)
        finally:
            self.context = self.app.app_context()
            self.context.push()

    def query_counts(self, slugs):
        """{(page, who): {slug: queries}} for each page, in-process."""
        counts = {}
        for slug in slugs:
            for name, path, role in self.pages(slug):
                session = self.who(slug, role)
                self.get(path, session)  # first request of a path warms caches (Babel, templates)
                with self.counting() as statements:
                    response = self.get(path, session)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                counts.setdefault((name, role), {})[slug] = len(statements)
        return counts

    def summary_cold(self, slug):
        """Seconds and queries for the summary dashboard's first request (nothing cached)."""
        session = self.who(slug, "designer")
        with self.counting() as statements:
            started = time.perf_counter()
            response = self.get(f"/manage/consultations/{slug}/summary", session)
            seconds = time.perf_counter() - started
        return {"status": response.status_code, "seconds": seconds, "queries": len(statements)}

    def row_counts(self, slug):
        cid = self.consultation_id(slug)
        rows = {
            "participants (accounts)": self.scalar("SELECT COUNT(*) FROM users"),
            "ideas": self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND kind = 'idea'", c=cid),
            "comments": self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND kind = 'comment'", c=cid),
            "replies (depth 1 and 2)": self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND depth > 0", c=cid),
            "votes": self.scalar("SELECT COUNT(*) FROM votes v JOIN contributions c ON c.id = v.idea_id WHERE c.consultation_id = :c", c=cid),
            "awaiting moderation": self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND needs_review", c=cid),
            "recorded off-line (intake)": self.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c AND channel <> 'web'", c=cid),
        }
        if self.backend == "postgresql":
            rows["database size (MB)"] = round(self.scalar("SELECT pg_database_size(current_database())") / 2**20)
        return rows

    def counters_exact(self, slug):
        """Ideas whose agree/disagree counters differ from their votes (0 when exact)."""
        return self.scalar(
            "SELECT COUNT(*) FROM contributions c WHERE c.consultation_id = :c AND c.kind = 'idea' AND ("
            "c.agree_count <> (SELECT COUNT(*) FROM votes v WHERE v.idea_id = c.id AND v.value = 1) OR "
            "c.disagree_count <> (SELECT COUNT(*) FROM votes v WHERE v.idea_id = c.id AND v.value = -1))",
            c=self.consultation_id(slug))


def machine(harness):
    meminfo = Path("/proc/meminfo").read_text()
    memory = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) // 1024
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    database = harness.scalar("SELECT version()") if harness.backend == "postgresql" else ""
    return {"cores": os.cpu_count(), "memory (MiB)": memory, "cpu": model.group(1) if model else platform.machine(),
            "python": platform.python_version(), "database": database.split(" on ")[0],
            "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def page_latencies(harness, port, slug, repeats, staff=True):
    """{(page, who): Series} under gunicorn; the moderation queue only when `staff`."""
    results = {}
    for name, path, role in harness.pages(slug):
        if role in ("intake", "designer") or (role == "moderator" and not staff):
            continue
        results[(name, role)] = probe.latency(port, path, repeats, session=harness.who(slug, role))
    return results


def page_weight(port, path):
    """Bytes of the page and of the CSS and JavaScript it loads, raw and gzipped."""
    client = probe.Client(port)
    _status, html, _seconds = client.get(path)
    assets = re.findall(rb'(?:href|src)="(/static/[^"?]+\.(?:css|js))', html)
    files = {"HTML": html}
    for asset in dict.fromkeys(assets):
        files[asset.decode()] = client.get(asset.decode())[1]
    return {name: (len(body), len(gzip.compress(body, 6))) for name, body in files.items()}


def write_throughputs(harness, ports, slug, rounds=3, seconds=5, clients=8):
    """Votes, the signed-in floor with and without the bare INSERT (bench/floor_app.py) and the
    bare INSERT (bench/baseline.py), measured in turns: `rounds` rounds of `seconds` each, so that
    a shared machine's drift over the minutes touches all four alike. `ports` maps "vote",
    "floor" and "bare" to the servers; the floor's server answers both floor routes.

    Signed-in participants vote (agree, disagree, withdraw) on published ideas; the floor routes
    get the same sessions and form; the baseline gets a bare POST. Each figure merges its rounds.
    """
    sessions = harness.participants(slug, 600)
    ideas = [row[0] for row in harness.db.session.execute(sa.text(
        "SELECT id FROM contributions WHERE consultation_id = :c AND kind = 'idea' AND status = 'published' "
        "AND deleted_at IS NULL ORDER BY id"), {"c": harness.consultation_id(slug)})]
    votes_before = harness.scalar("SELECT COUNT(*) FROM votes")

    def vote(client, n):
        session = sessions[n % len(sessions)]
        idea = ideas[(n * 7919) % len(ideas)]
        return client.request("POST", f"/ideas/{idea}/vote", session=session,
                              form={"value": ("1", "-1", "1", "0")[n % 4]}, headers={"HX-Request": "true"})

    def floor_route(path):
        def request(client, n):
            return client.request("POST", path, session=sessions[n % len(sessions)],
                                  form={"value": "1"}, headers={"HX-Request": "true"})
        return request

    def insert(client, n):
        return client.request("POST", "/insert", form={})

    requests = {"vote": vote, "floor": floor_route("/bench/floor"),
                "floor-insert": floor_route("/bench/floor-insert"), "bare": insert}
    ports = {**ports, "floor-insert": ports["floor"]}
    for name, make_request in requests.items():  # unmeasured: each worker's first requests
        probe.throughput(ports[name], clients, 1, make_request)
    rows_before = int(probe.Client(ports["bare"]).get("/count")[1])
    runs = {name: [] for name in requests}
    for _round in range(rounds):
        for name, make_request in requests.items():
            runs[name].append(probe.throughput(ports[name], clients, seconds, make_request))
    merged = {name: probe.Throughput.merged(results) for name, results in runs.items()}
    harness.db.session.rollback()
    votes = {"result": merged["vote"], "clients": clients, "rounds": rounds,
             "mismatched ideas": harness.counters_exact(slug), "votes before": votes_before,
             "votes after": harness.scalar("SELECT COUNT(*) FROM votes")}
    rows = int(probe.Client(ports["bare"]).get("/count")[1]) - rows_before
    floor = {"result": merged["floor"], "with insert": merged["floor-insert"], "clients": clients}
    return votes, floor, {"result": merged["bare"], "clients": clients, "rows": rows}


def read_throughput(harness, port, slug, seconds=6, clients=8):
    """Requests per second for the consultation page, signed out, with `clients` in parallel."""
    path = f"/consultations/{slug}"
    probe.latency(port, path, 2)
    return probe.throughput(port, clients, seconds, lambda client, n: client.get(path))


def _peak_memory(pid, process, peak):
    """Poll the child's own high-water mark (VmHWM, reset at exec) until it exits.

    Not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's size at the fork, and
    the harness is large, so it would hide what the export itself uses.
    """
    status = Path(f"/proc/{pid}/status")
    while process.poll() is None:
        try:
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
        except OSError:
            break
        if match:
            peak[0] = max(peak[0], int(match.group(1)) / 1024)
        time.sleep(0.02)


def _child(command, env, timeout=None):
    """Run `command`; (seconds or None past `timeout`, peak resident memory in MiB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = [0.0]
    watcher = threading.Thread(target=_peak_memory, args=(process.pid, process, peak))
    watcher.start()
    try:
        output, _errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _errors = process.communicate()
    seconds = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0 and not (timeout and seconds >= timeout):
        raise RuntimeError(f"{' '.join(command)} failed: {output[-500:]!r}")
    return (None if process.returncode != 0 else seconds), peak[0], output.decode()


def exports(harness, url, slugs, env, repeats=2, timeout=None, port=8769):
    """The exports of each consultation in `slugs`, as a designer downloads them from gunicorn,
    next to PostgreSQL's COPY of the very rows the export reads; and the CLI's start-up apart.

    Through the web route nothing is charged to starting the app: gunicorn (one worker, the
    production config) is up before the first request. Each download is read to its end; its
    worker's resident memory is polled meanwhile (peak, and growth over the worker's memory
    just before). The first download of a consultation computes its themes if the summary is
    stale: it is made once unmeasured, and its time reported. A run longer than `timeout` is
    stopped. The CLI runs the CSV in a child process, next to the app started doing nothing.
    """
    results, contributions = [], {}
    server = _export_server(env, port)
    try:
        for slug in slugs:
            session = harness.session(f"designer@{slug}.example.org")
            cid = harness.consultation_id(slug)
            counts = {"contributions": harness.scalar(
                "SELECT COUNT(*) FROM contributions WHERE consultation_id = :c", c=cid)}
            contributions[slug] = counts["contributions"]
            counts["votes"] = harness.scalar("SELECT COUNT(*) FROM votes v JOIN contributions c ON "
                                             "c.id = v.idea_id WHERE c.consultation_id = :c", c=cid)
            first = _export_download(server, slug, "contributions", "csv", session, timeout)
            for dataset, file_format in (("contributions", "csv"), ("contributions", "xlsx"),
                                         ("contributions", "json"), ("votes", "csv")):
                runs = _export_runs(server, slug, dataset, file_format, session, repeats, timeout)
                finished = [run for run in runs if run["seconds"] is not None]
                results.append({
                    "kind": "web", "slug": slug, "dataset": dataset, "format": file_format,
                    "rows": counts[dataset], "timeout": timeout,
                    "seconds": Series([run["seconds"] for run in finished]) if finished else None,
                    "first byte": Series([run["first byte"] for run in finished]) if finished else None,
                    "cpu": Series([run["cpu"] for run in finished]) if finished else None,
                    "memory": max(run["peak"] for run in runs),
                    "growth": max(run["peak"] - run["before"] for run in runs),
                    "bytes": finished[-1]["bytes"] if finished else 0,
                    "first download": first["seconds"] if (dataset, file_format) == ("contributions", "csv")
                    else None})
            if harness.backend == "postgresql":
                for dataset in counts:
                    results.append(_copy(harness, url, slug, counts[dataset], dataset))
    finally:
        server.terminate()
        server.wait(timeout=60)
    idle = [_child([sys.executable, "-c", "from consult import create_app; create_app()"], env)
            for _ in range(max(repeats, 2))]
    results.append({"kind": "cli", "slug": "-", "format": "(app started, no export)", "rows": 0,
                    "seconds": Series([run[0] for run in idle]), "memory": max(run[1] for run in idle)})
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "export.csv"
        for slug in slugs:
            runs = [_child([sys.executable, "-m", "flask", "--app", "consult", "export", slug, "--format",
                            "csv", "--output", str(output)], env, timeout)
                    for _ in range(max(repeats, 2))]
            finished = [run[0] for run in runs if run[0] is not None]
            results.append({"kind": "cli", "slug": slug, "format": "csv", "timeout": timeout,
                            "rows": contributions[slug],
                            "seconds": Series(finished) if finished else None,
                            "memory": max(run[1] for run in runs)})
    return results


def _copy(harness, url, slug, rows, dataset="contributions"):
    """PostgreSQL's own COPY … TO STDOUT CSV of the query the export runs (the same rows, joins
    and timestamp formatting; ids where the export shows pseudonyms), read to the end."""
    import psycopg
    from sqlalchemy.dialects import postgresql

    from consult.exports import rows as export_rows

    query = {"contributions": export_rows.contribution_query,
             "votes": export_rows.vote_query}[dataset](harness.consultation_id(slug))
    sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    target = sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    times, cpu, size = [], [], 0
    for _ in range(3):
        started = time.perf_counter()
        with psycopg.connect(target) as connection, connection.cursor() as cursor:
            backend = cursor.execute("SELECT pg_backend_pid()").fetchone()[0]
            used = _cpu_seconds(backend)
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV HEADER") as copy:
                size = sum(len(data) for data in copy)
            cpu.append(_cpu_seconds(backend) - used)
        times.append(time.perf_counter() - started)
    return {"kind": "copy", "slug": slug, "dataset": dataset, "format": "PostgreSQL COPY to CSV",
            "rows": rows, "seconds": Series(times), "cpu": Series(cpu), "bytes": size}


def _export_server(env, port):
    """gunicorn with the production config and one worker (whose memory is then the export's)."""
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "wsgi:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.port = port
    try:
        probe.wait_until_up(port)
    except RuntimeError:
        server.terminate()
        raise
    return server


def _export_runs(server, slug, dataset, file_format, session, repeats, timeout):
    """At least max(repeats, 3) downloads, fewer when one takes over 10 s."""
    runs = []
    while len(runs) < max(repeats, 3):
        runs.append(_export_download(server, slug, dataset, file_format, session, timeout))
        if runs[-1]["seconds"] is None or runs[-1]["seconds"] > 10 and len(runs) >= repeats:
            break
    return runs


def _cpu_seconds(pid):
    """User and system CPU seconds `pid` has used (0 if it cannot be read, e.g. a remote server)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _resident(pid):
    """VmRSS of `pid` in MiB, or 0 once it is gone."""
    try:
        return int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024
    except (OSError, AttributeError):
        return 0.0


def _export_download(server, slug, dataset, file_format, session, timeout):
    """One download read to its end: seconds (None past `timeout`), seconds to the first byte,
    bytes, and its worker's resident memory before and at its peak (MiB)."""
    import http.client

    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    worker = children[0] if children else server.pid  # the one worker (the master if it is gone)
    before, cpu = _resident(worker), _cpu_seconds(worker)
    peak, done = [before], threading.Event()

    def watch():
        while not done.wait(0.02):
            peak[0] = max(peak[0], _resident(worker))

    watcher = threading.Thread(target=watch)
    watcher.start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout or 600)
    started = time.perf_counter()
    seconds, first, size = None, None, 0
    try:
        connection.request("GET", f"/manage/consultations/{slug}/export/{dataset}.{file_format}",
                           headers={"Cookie": session.cookie})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"the {dataset}.{file_format} export of {slug} answered {response.status}")
        while piece := response.read1(1 << 16):
            first = first or time.perf_counter() - started
            size += len(piece)
            if timeout and time.perf_counter() - started > timeout:
                break
        else:
            seconds = time.perf_counter() - started
    finally:
        connection.close()
        done.set()
        watcher.join()
    peak[0] = max(peak[0], _resident(worker))
    return {"seconds": seconds, "first byte": first, "bytes": size, "before": before, "peak": peak[0],
            "cpu": _cpu_seconds(worker) - cpu}
