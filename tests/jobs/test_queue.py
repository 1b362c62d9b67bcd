"""The queue itself: a job runs in its caller in the tests, waits in the queue elsewhere, and a
real worker runs it, records it, retries it, hands it back when stopped, and logs it by the
request it came from. Worker tests start `flask jobs worker` on a SQLite queue file (nothing to
install) and on the Redis of REDIS_URL_FOR_TESTS (skipped without it, failed in CI)."""

import ast
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g
from flask_migrate import upgrade

from consult import create_app
from consult.commands.jobs import TASK_MODULES
from consult.extensions import db
from consult.jobs import queue
from consult.jobs.queue import JobFailed
from consult.models import JobRun

from . import sample_jobs

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")


def test_in_the_tests_a_job_runs_inside_the_call_with_the_request_id(app, db, caplog):
    caplog.set_level(logging.INFO, logger="consult")
    with app.test_request_context("/"):
        sample_jobs.say_hello.enqueue()
        request_id = g.request_id

    hello = [r for r in caplog.records if r.getMessage() == "hello from a job"]
    assert [r.request_id for r in hello] == [request_id]


def test_in_the_tests_a_failing_job_fails_its_caller(app, db, tmp_path):
    with pytest.raises(JobFailed, match="mailbox unavailable"):
        sample_jobs.fail_naming_an_address.enqueue(str(tmp_path / "attempts"))


class Site:
    """A committed SQLite database and a queue of its own: the app that queues, and the
    environment of a worker that runs what it queued."""

    def __init__(self, tmp_path, backend="sqlite"):
        self.tmp = tmp_path
        settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite3'}",
                    "JOBS_BACKEND": backend, "JOBS_QUEUE_NAME": f"test-{uuid.uuid4().hex[:8]}",
                    "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"), "JOBS_REDIS_URL": REDIS_URL}
        self.app = create_app("development", **settings)
        self.env = {**os.environ, "CONSULT_CONFIG": "development", "DATABASE_URL": settings["SQLALCHEMY_DATABASE_URI"],
                    **{name: value for name, value in settings.items() if name.startswith("JOBS_")},
                    "JOBS_SHUTDOWN_TIMEOUT": "10"}
        with self.app.app_context():
            upgrade()
        self.workers = []

    def enqueue(self, job, *args):
        with self.app.test_request_context("/"):
            job.enqueue(*args)
            return g.request_id

    def start_worker(self, **env):
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "w+")  # noqa: SIM115 (closed by stop)
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "consult", "jobs", "worker", "--workers", "1",
             "--no-scheduler", "--import", "tests.jobs.sample_jobs"],
            cwd=REPO, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT)
        worker.log = log
        self.workers.append(worker)
        return worker

    def runs(self):
        with self.app.app_context():
            return db.session.scalars(sa.select(JobRun)).all()

    def wait_for(self, condition, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"waited {timeout} s in vain; worker said:\n{self.worker_output()}")

    def worker_output(self):
        text = []
        for worker in self.workers:
            worker.log.flush()
            text.append(Path(worker.log.name).read_text())
        return "\n".join(text)

    def pending(self):
        with self.app.app_context():
            return queue.pending_count()

    def stop(self):
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            worker.log.close()
        with self.app.app_context():
            db.engine.dispose()


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    yield site
    site.stop()


@pytest.fixture
def redis_site(tmp_path):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    site = Site(tmp_path, backend="redis")
    yield site
    with site.app.app_context():
        queue.flush()
    site.stop()


def test_outside_the_tests_a_job_waits_for_a_worker(site):
    site.enqueue(sample_jobs.write_after, str(site.tmp / "out"), 0)

    assert site.pending() == 1
    assert not (site.tmp / "out").exists()
    with site.app.app_context():
        (waiting,) = queue.pending()
    assert waiting.args == (str(site.tmp / "out"), 0) and set(waiting.kwargs) == {"origin_id"}


@pytest.mark.parametrize("which", ["site", "redis_site"])
def test_a_worker_runs_the_job_and_logs_it_by_the_request_it_came_from(which, request):
    site = request.getfixturevalue(which)
    request_id = site.enqueue(sample_jobs.say_hello)
    site.start_worker()

    (run,) = site.wait_for(lambda: [r for r in site.runs() if r.state == "done"])
    assert (run.name, run.origin, run.attempts) == ("tests.jobs.sample_jobs.say_hello", request_id, 1)
    site.wait_for(lambda: f"[{request_id}] consult.tests: hello from a job" in site.worker_output())


def test_a_failing_job_is_retried_then_recorded_as_failed_without_the_address(site):
    attempts = site.tmp / "attempts"
    site.enqueue(sample_jobs.fail_naming_an_address, str(attempts))
    site.start_worker()

    (run,) = site.wait_for(lambda: [r for r in site.runs() if r.state == "failed"])
    assert attempts.read_text().count("attempt") == 3
    assert run.attempts == 3
    assert "mailbox unavailable" in run.error and "<address>" in run.error
    assert "someone@example.org" not in run.error


def test_flask_jobs_shows_a_failed_job_and_queues_it_again(site):
    site.enqueue(sample_jobs.fail_naming_an_address, str(site.tmp / "attempts"))
    worker = site.start_worker()
    (run,) = site.wait_for(lambda: [r for r in site.runs() if r.state == "failed"])
    worker.kill()
    worker.wait()
    runner = site.app.test_cli_runner()

    shown = runner.invoke(args=["jobs"])
    assert "Failed: 1" in shown.output and run.id in shown.output and "someone@" not in shown.output
    retried = runner.invoke(args=["jobs", "retry", run.id])
    assert retried.exit_code == 0, retried.output
    assert site.pending() == 1
    assert [r.state for r in site.runs()] == ["requeued"]
    assert runner.invoke(args=["jobs", "retry", run.id]).exit_code != 0


def test_a_worker_stopped_by_sigterm_lets_its_running_job_finish(site):
    out = site.tmp / "out"
    site.enqueue(sample_jobs.write_after, str(out), 2)
    worker = site.start_worker()
    site.wait_for(lambda: [r for r in site.runs() if r.state == "running"])

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=20) == 0
    assert out.read_text() == "done"
    assert [r.state for r in site.runs()] == ["done"]


def test_a_worker_stopped_before_its_job_can_finish_hands_it_back(site):
    site.enqueue(sample_jobs.write_after, str(site.tmp / "out"), 30)
    worker = site.start_worker(JOBS_SHUTDOWN_TIMEOUT="1")
    site.wait_for(lambda: [r for r in site.runs() if r.state == "running"])

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=20) == 0
    assert [r.state for r in site.runs()] == ["requeued"]
    assert site.pending() == 1


def test_every_module_that_declares_a_job_is_imported_by_the_worker():
    declaring = set()
    for path in (REPO / "consult").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "id", None) in ("job", "periodic")
                    for d in node.decorator_list):
                declaring.add(".".join(path.relative_to(REPO).with_suffix("").parts))
    assert declaring, "no job found: the scan is broken"
    assert declaring <= set(TASK_MODULES)


def test_production_takes_its_queue_from_redis_url(app):
    from tests.production import production_settings

    built = create_app("production", **production_settings(app, JOBS_BACKEND=None))
    assert built.config["JOBS_BACKEND"] == "redis"
    assert built.config["JOBS_REDIS_URL"] == built.config["REDIS_URL"]


@pytest.mark.parametrize("settings, problem", [
    ({"JOBS_BACKEND": "rabbit"}, "JOBS_BACKEND must be"),
    ({"JOBS_BACKEND": "redis", "JOBS_REDIS_URL": None, "REDIS_URL": None}, "JOBS_REDIS_URL"),
])
def test_bad_queue_settings_refuse_to_start(settings, problem):
    with pytest.raises(RuntimeError, match=problem):
        create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://", **settings)
