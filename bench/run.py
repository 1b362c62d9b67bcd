"""`make bench`: load a large consultation, measure Consult under gunicorn, write BENCHMARKS.md.

    .venv/bin/python bench/run.py            # the issue's sizes (100k contributions, 1M votes)
    .venv/bin/python bench/run.py --quick    # a tenth of that, for development

PostgreSQL at BENCH_DATABASE_URL (default: the local server, database consult_bench, dropped and
made again); SQLite in a temporary file. Query counts are taken in-process (an SQLAlchemy event
on the harness's own app); latencies over HTTP from gunicorn with gunicorn.conf.py, 2 workers.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import measure, probe, report  # noqa: E402

FULL = {"participants": 20_000, "ideas": 2_000, "comments": 100_000, "votes": 1_000_000}
QUICK = {"participants": 2_000, "ideas": 200, "comments": 10_000, "votes": 100_000}
TENTH = {"participants": 200, "ideas": 20, "comments": 1_000, "votes": 10_000}
#: 100 contributions: what the query counts of the large consultation are compared with.
TINY = {"participants": 100, "ideas": 20, "comments": 80, "votes": 400}
#: One idea and nothing else: the page weight without user content.
EMPTY = {"participants": 3, "ideas": 1, "comments": 0, "votes": 0}
SECRET_KEY = "bench-secret-key-not-for-production"
#: What production refuses to start without, for a benchmark on loopback: no Redis (one
#: process's limits, said at start), a mail server that is never reached (the benchmark sends none).
PRODUCTION_SETTINGS = {"SITE_URL": "http://127.0.0.1", "TRUSTED_HOSTS": "127.0.0.1,localhost",
                       "MAIL_SERVER": "127.0.0.1", "RATELIMIT_PER_PROCESS": "1"}
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/consult_bench"


def environment(url):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET_KEY, CONSULT_CONFIG="production",
               GUNICORN_ACCESS_LOG="/dev/null", PYTHONPATH=str(ROOT), **PRODUCTION_SETTINGS)
    env.pop("REDIS_URL", None)
    return env


def prepare(url):
    """The harness's in-process app on `url`, with the schema migrated (`flask db upgrade`)."""
    from flask_migrate import upgrade

    harness = measure.Harness(url, SECRET_KEY)
    upgrade()
    return harness


def seed(harness, slug, sizes):
    """`flask --app consult seed-scale`, through click in this process (no second start-up)."""
    import consult_dev

    consult_dev.init_app(harness.app)
    args = [f"--{name}={value}" for name, value in sizes.items()]
    started = time.perf_counter()
    result = harness.app.test_cli_runner().invoke(args=["seed-scale", f"--slug={slug}", *args])
    if result.exit_code != 0:
        raise RuntimeError(f"seed-scale failed: {result.output}") from result.exception
    seconds = time.perf_counter() - started
    print(f"  {result.output.splitlines()[-2]}", flush=True)
    return seconds


def fresh_postgres(url):
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


class Server:
    """gunicorn with the production config, bind and workers overridden, until stopped."""

    def __init__(self, url, port, workers=2, threads=None, app="wsgi:app", config="gunicorn.conf.py"):
        env = environment(url)
        if threads is not None:
            env["GUNICORN_THREADS"] = str(threads)
        command = [sys.executable, "-m", "gunicorn", "-c", config, "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), app]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.port = port
        try:
            probe.wait_until_up(port, "/count" if app.startswith("bench.baseline") else "/healthz")
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes, for development")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    big, medium = (QUICK, TENTH) if options.quick else (FULL, QUICK)
    repeats = 30 if options.quick else 40
    pg_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    results = report.Results(quick=options.quick, sizes={"large": big, "medium": medium, "tiny": TINY})
    started = time.perf_counter()

    step("PostgreSQL: schema and data")
    fresh_postgres(pg_url)
    harness = prepare(pg_url)
    results.load_seconds = seed(harness, "bench", big)
    for slug, sizes in (("bench-medium", medium), ("bench-tiny", TINY), ("bench-empty", EMPTY)):
        seed(harness, slug, sizes)
    results.machine = measure.machine(harness)
    results.rows = harness.row_counts("bench")

    step("Queries per request, in-process")
    results.queries = harness.query_counts(["bench", "bench-tiny"])

    step("Summary dashboard: cold, in-process")
    results.summary_cold = harness.summary_cold("bench")

    step("Exports")
    results.exports = measure.exports(harness, pg_url, ["bench-medium", "bench"], environment(pg_url),
                                      repeats=2 if options.quick else 1, timeout=90, port=options.port + 4)

    port = options.port
    with Server(pg_url, port) as server:
        step("Latency under gunicorn")
        results.latency = measure.page_latencies(harness, server.port, "bench", repeats)
        results.page_weight = measure.page_weight(server.port, "/consultations/bench-empty")
        try:
            results.summary_warm = probe.latency(server.port, "/manage/consultations/bench/summary", 10,
                                                 session=harness.who("bench", "designer"))
        except RuntimeError as error:
            results.summary_warm = str(error).split(":")[0]
    os.environ["DATABASE_URL"] = pg_url
    from bench import baseline

    baseline.create_table()
    step("Vote throughput, in turns with the signed-in floors and the bare INSERT")
    with Server(pg_url, port) as votes, Server(pg_url, port + 5, app="bench.floor_app:app") as floor, \
            Server(pg_url, port + 1, app="bench.baseline:app", config="bench/baseline_conf.py") as bare:
        results.votes, results.floor, results.baseline = measure.write_throughputs(
            harness, {"vote": votes.port, "floor": floor.port, "bare": bare.port}, "bench")

    step("Gunicorn settings")
    results.settings = []
    cores = os.cpu_count() or 1
    for workers, threads in ((2, 1), (2, 4), (2 * cores + 1, 4)):
        with Server(pg_url, port + 2, workers=workers, threads=threads) as server:
            results.settings.append((workers, threads, measure.read_throughput(harness, server.port, "bench")))

    harness.close()
    step("SQLite")
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite:///{folder}/bench.sqlite3"
        lite = prepare(sqlite_url)
        results.sqlite_load_seconds = seed(lite, "bench", medium)
        seed(lite, "bench-tiny", TINY)
        results.sqlite_queries = lite.query_counts(["bench", "bench-tiny"])
        with Server(sqlite_url, port + 3) as server:
            results.sqlite_latency = measure.page_latencies(lite, server.port, "bench", repeats, staff=False)
        lite.close()
    results.total_seconds = time.perf_counter() - started
    output = Path(options.output)
    previous = output.read_text() if output.exists() else ""
    output.write_text(report.render(results) + report.carried(previous))
    print(f"Wrote {options.output} in {results.total_seconds:.0f} s", flush=True)


def step(title, started=[None]):  # noqa: B006 - the time of the previous step, kept between calls
    """Print a step of the run, with how long the one before took."""
    now = time.perf_counter()
    took = f" (previous step: {now - started[0]:.0f} s)" if started[0] else ""
    started[0] = now
    print(f"{title}{took}", flush=True)


if __name__ == "__main__":
    main()
