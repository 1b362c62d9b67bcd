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

        self.app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secret_key)
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


def vote_throughput(harness, port, slug, seconds, clients=8):
    """Signed-in participants vote (agree, disagree, withdraw) on published ideas, concurrently."""
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

    result = probe.throughput(port, clients, seconds, vote)
    harness.db.session.rollback()
    return {"result": result, "clients": clients, "mismatched ideas": harness.counters_exact(slug),
            "votes before": votes_before, "votes after": harness.scalar("SELECT COUNT(*) FROM votes")}


def baseline_throughput(port, seconds, clients=8):
    result = probe.throughput(port, clients, seconds, lambda client, n: client.request("POST", "/insert", form={}))
    rows = int(probe.Client(port).get("/count")[1])
    return {"result": result, "clients": clients, "rows": rows}


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


def exports(harness, url, slugs, env, repeats=2, timeout=None):
    """Each format through the CLI, in a child process, against PostgreSQL's COPY of the rows.

    The first row is the app started and doing nothing: what an export adds is above it. The
    last (largest) consultation runs once per format, each stopped after `timeout` seconds.
    """
    idle = _child([sys.executable, "-c", "from consult import create_app; create_app()"], env)
    results = [{"slug": "-", "format": "(app started, no export)", "rows": 0, "seconds": Series([idle[0]]),
                "memory": idle[1], "bytes": 0}]
    with tempfile.TemporaryDirectory() as folder:
        for slug in slugs:
            rows = harness.scalar("SELECT COUNT(*) FROM contributions WHERE consultation_id = :c",
                                  c=harness.consultation_id(slug))
            last = slug == slugs[-1]
            for file_format in ("csv", "xlsx", "json"):
                output = Path(folder) / f"{slug}.{file_format}"
                runs = [_child([sys.executable, "-m", "flask", "--app", "consult", "export", slug,
                                "--format", file_format, "--output", str(output)], env,
                               timeout if last else None)
                        for _ in range(1 if last else repeats)]
                finished = [r[0] for r in runs if r[0] is not None]
                results.append({"slug": slug, "format": file_format, "rows": rows,
                                "seconds": Series(finished) if finished else None, "timeout": timeout,
                                "memory": max(r[1] for r in runs),
                                "bytes": output.stat().st_size if finished else 0})
            if harness.backend == "postgresql":
                results.append(_copy(harness, url, slug, rows, Path(folder) / "copy.csv"))
    return results


def _copy(harness, url, slug, rows, path):
    import psycopg

    target = sa.engine.make_url(url).set(drivername="postgresql")
    query = ("COPY (SELECT id, kind, idea_id, parent_id, channel, status, title, body, agree_count, "
             "disagree_count, comment_count, created_at FROM contributions WHERE consultation_id = "
             f"{int(harness.consultation_id(slug))} ORDER BY id) TO STDOUT WITH CSV HEADER")
    times = []
    for _ in range(2):
        started = time.perf_counter()
        with psycopg.connect(target.render_as_string(hide_password=False)) as connection, \
                connection.cursor() as cursor, cursor.copy(query) as copy, open(path, "wb") as file:
            for data in copy:
                file.write(data)
        times.append(time.perf_counter() - started)
    return {"slug": slug, "format": "PostgreSQL COPY to CSV", "rows": rows, "seconds": Series(times),
            "memory": None, "bytes": path.stat().st_size}
