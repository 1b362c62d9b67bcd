"""What the workers did: one row per job run, written by the worker itself (consult/jobs/ledger.py).

The queue (Redis) forgets a job once taken; this row is what `flask jobs` shows of running and
failed jobs, and what `flask jobs retry` queues again. Arguments are ids, never personal data.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import one_of

JOB_STATES = ("running", "retrying", "failed", "done", "interrupted", "requeued")


class JobRun(db.Model):
    __tablename__ = "job_runs"
    __table_args__ = (
        one_of("state", JOB_STATES, "state"),
        Index("ix_job_runs_state_started", "state", "started_at"),
    )

    #: Huey's task id: a retry is the same task, so the same row.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    args: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last error: its class and message, addresses masked.
    error: Mapped[str | None] = mapped_column(Text)
    #: The id of the request that queued the job, as on its log lines.
    origin: Mapped[str | None] = mapped_column(String(32))
    worker: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
