"""The job queue: Huey, on Redis in production, on a SQLite file beside the embedded database
for `make run`, and at once, in the caller, in the tests (JOBS_BACKEND).

A job is a plain function of ids, decorated with `@job` (or `@periodic` for the schedule) in the
area whose rules it runs. It runs in an application context, its session committed when it
returns and rolled back when it raises, its log lines marked with the id of the request that
queued it. The database is the record of what a job is for (a mail's delivery state, a
summary's fingerprint, an export's file); the queue only says "go": a job may run twice, or be
lost with a worker that is killed, and each area's job is written so that running it again is
harmless and that a scheduled sweep finds what is left undone.

Enqueue after the commit that saved what the job needs: a worker reads the database, and in the
tests (immediate mode) the job runs inside the call.
"""

import functools
import logging
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

import huey
from flask import current_app, has_app_context
from huey import crontab  # noqa: F401  (the schedule's vocabulary, for the areas' @periodic)
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from ..extensions import db
from ..web.request_ids import origin, request_id

log = logging.getLogger(__name__)


class JobFailed(BaseException):
    """A job's error, raised through Huey to the caller when JOBS_PROPAGATE_ERRORS is on (the
    tests): a BaseException, so that Huey's own handler does not swallow it."""


@dataclass
class _Backend:
    name: str
    storage: object
    immediate: bool
    where: str


class _Queue(huey.Huey):
    """One Huey for the process, whose storage and mode come from the Flask app in use: each app
    its own queue (the tests create several), and outside any app context (the consumer's
    threads) the worker's app."""

    worker_app = None

    def __init__(self):
        self._own_storage, self._own_immediate = None, False
        super().__init__("consult", results=False, utc=True, storage_class=MemoryStorage)

    def backend(self):
        app = current_app._get_current_object() if has_app_context() else self.worker_app
        return app.extensions.get("jobs") if app is not None else None

    @property
    def storage(self):
        backend = self.backend()
        return backend.storage if backend is not None else self._own_storage

    @storage.setter
    def storage(self, value):
        self._own_storage = value

    @property
    def _immediate(self):
        backend = self.backend()
        return backend.immediate if backend is not None else self._own_immediate

    @_immediate.setter
    def _immediate(self, value):
        self._own_immediate = value


queue = _Queue()


def init_app(app):
    """Give the app its queue, by JOBS_BACKEND (checked by config.check)."""
    name = app.config["JOBS_QUEUE_NAME"]
    backend = app.config["JOBS_BACKEND"]
    if backend == "redis":
        storage = RedisStorage(name, url=app.config["JOBS_REDIS_URL"])
        where = "Redis"
    elif backend == "sqlite":
        path = app.config.get("JOBS_SQLITE_PATH") or f"{app.instance_path}/jobs.sqlite3"
        storage = SqliteStorage(name, filename=path)
        where = f"the SQLite file {path} (local mode, no Redis: one host only)"
    else:
        storage = MemoryStorage(name)
        where = "no queue: each job runs at once, inside the call that queues it"
    app.extensions["jobs"] = _Backend(backend, storage, backend == "immediate", where)


def describe():
    """Where this app's jobs wait, in words, for the worker's first log line and `flask jobs`."""
    return queue.backend().where


def _context():
    """The caller's application context (immediate mode), else the worker's."""
    if has_app_context():
        return nullcontext()
    return queue.worker_app.app_context()


def _runner(fn):
    """`fn` as the queue runs it: in an app context, committed or rolled back, logged by origin."""

    @functools.wraps(fn)
    def run(*args, origin_id=None, **kwargs):
        with _context(), origin(origin_id or uuid.uuid4().hex[:12]):
            start = time.monotonic()
            log.info("job %s%r started", fn.__name__, args)
            try:
                result = fn(*args, **kwargs)
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                log.warning("job %s%r failed after %.2f s: %s", fn.__name__, args,
                            time.monotonic() - start, type(error).__name__)
                if current_app.config.get("JOBS_PROPAGATE_ERRORS"):
                    raise JobFailed(f"{fn.__name__}: {error!r}") from error
                raise
            log.info("job %s%r done in %.2f s", fn.__name__, args, time.monotonic() - start)
            return result

    return run


class Job:
    """A function the queue runs: `.enqueue(*ids)` after the commit, `.run(*ids)` here and now."""

    def __init__(self, task):
        self.task = task
        self.name = task.name
        functools.update_wrapper(self, task.func)

    def enqueue(self, *args, delay=None, eta=None):
        """Queue the job with the id of this request (or job) for its log lines. If the queue
        cannot take it (Redis down), the error is logged, not raised: what the job is for is in
        the database already, and the area's sweep or its next caller queues it again."""
        kwargs = {"origin_id": request_id()}
        try:
            if delay is None and eta is None:
                return self.task(*args, **kwargs)
            return self.task.schedule(args, kwargs, delay=delay, eta=eta)
        except JobFailed:
            raise
        except Exception:
            log.exception("job %s%r could not be queued; its sweep will queue it again", self.name, args)
            return None

    def run(self, *args):
        """Run the job here (a command, a test), committing as a worker would."""
        return self.task.call_local(*args)


def job(retries=0, retry_delay=0, retry_backoff=2.0, **options):
    """Declare a job: `retries` more attempts after an error, the first `retry_delay` seconds
    later, each later one `retry_backoff` times longer."""

    def decorate(fn):
        name = fn.__name__  # Huey puts the module in front
        task = queue.task(retries=retries, retry_delay=retry_delay, retry_backoff=retry_backoff,
                          name=name, **options)(_runner(fn))
        return Job(task)

    return decorate


def periodic(schedule, **options):
    """Declare a job that the worker's scheduler runs by `schedule` (huey's crontab). Two
    schedulers started by mistake run it twice: its rules must make the second run change
    nothing (a conditional UPDATE, a claim)."""

    def decorate(fn):
        name = fn.__name__
        task = queue.periodic_task(schedule, name=name, **options)(_runner(fn))
        return Job(task)

    return decorate
