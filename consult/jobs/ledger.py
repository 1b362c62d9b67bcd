"""The worker's record of its job runs (models/jobs.py), written from Huey's signals, and what
`flask jobs` reads and retries from it."""

import os
import re
import socket
from datetime import timedelta

import sqlalchemy as sa
from huey import signals

from ..extensions import db
from ..models import JobRun
from ..models.base import utcnow
from .queue import crontab, periodic, queue

#: Finished runs are kept this long, for `flask jobs` and an operator's questions.
KEPT = timedelta(days=14)
#: An SMTP error names the address it refused: never stored, nor shown.
_ADDRESS = re.compile(r"[^\s@<>'\"(),;:]+@[^\s@<>'\"(),;:]+")

_STATES = {
    signals.SIGNAL_COMPLETE: "done",
    signals.SIGNAL_ERROR: "failed",
    signals.SIGNAL_RETRYING: "retrying",
    signals.SIGNAL_INTERRUPTED: "interrupted",
    signals.SIGNAL_TIMEOUT: "failed",
}


def connect():
    """Record every run of this worker (called once by `flask jobs worker`)."""
    queue.signal(signals.SIGNAL_EXECUTING)(_started)
    queue.signal(*_STATES)(_ended)


def error_text(error):
    """An error's class and message for the record, with any address masked."""
    return _ADDRESS.sub("<address>", f"{type(error).__name__}: {error}")[:1000]


def _started(signal, task, *args):
    with queue.worker_app.app_context():
        now = utcnow()
        worker = f"{socket.gethostname()}:{os.getpid()}"
        updated = db.session.execute(
            sa.update(JobRun).where(JobRun.id == task.id)
            .values(state="running", attempts=JobRun.attempts + 1, started_at=now,
                    finished_at=None, worker=worker)).rowcount
        if not updated:
            db.session.add(JobRun(id=task.id, name=queue._registry.task_to_string(type(task)), args=list(task.args or ()), state="running",
                                  attempts=1, origin=(task.kwargs or {}).get("origin_id"), worker=worker,
                                  started_at=now))
        db.session.commit()


def _ended(signal, task, *args):
    error = args[0] if args and isinstance(args[0], BaseException) else None
    state = _STATES[signal]
    if signal == signals.SIGNAL_INTERRUPTED:
        # The worker was stopped before the job finished: hand it back to the queue.
        queue.enqueue(task)
        state = "requeued"
    with queue.worker_app.app_context():
        values = {"state": state, "finished_at": utcnow()}
        if error is not None:
            values["error"] = error_text(error)
        db.session.execute(sa.update(JobRun).where(JobRun.id == task.id).values(**values))
        db.session.commit()


def runs(states, limit=20):
    """The latest runs in `states`, newest first."""
    return db.session.scalars(sa.select(JobRun).where(JobRun.state.in_(states))
                              .order_by(JobRun.started_at.desc()).limit(limit)).all()


def retry(run_id):
    """Queue a failed or interrupted run again, with its arguments; returns the run, or None when
    there is no such run or it is not failed or interrupted."""
    run = db.session.get(JobRun, run_id)
    if run is None or run.state not in ("failed", "interrupted"):
        return None
    task_class = queue._registry.string_to_task(run.name)
    queue.enqueue(task_class(args=tuple(run.args), kwargs={"origin_id": run.origin}))
    run.state = "requeued"
    return run


@periodic(crontab(minute="23", hour="3"))
def forget_old_runs():
    """Each night: delete the record of runs finished more than KEPT ago."""
    db.session.execute(sa.delete(JobRun).where(JobRun.state.in_(("done", "requeued")),
                                               JobRun.finished_at < utcnow() - KEPT))
