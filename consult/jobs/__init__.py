"""Background jobs on Huey's queue (queue.py) and the workers' record of them (ledger.py).

The areas declare their own jobs with `@job` and `@periodic`; `flask jobs worker` imports them
all (commands/jobs.py, TASK_MODULES) and runs them.
"""

from .queue import Job, crontab, describe, init_app, job, periodic, queue

__all__ = ["Job", "crontab", "describe", "init_app", "job", "periodic", "queue"]
