"""`flask jobs`: the background worker, and what it has queued, running and failed."""

import importlib
import logging

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..jobs import describe, ledger, queue
from ..web.log_scrub import HideTokens
from ..web.request_ids import LOG_FORMAT

#: Every module that declares a job: the worker imports them all, so that it knows each job
#: a web process may queue (tests/test_jobs_registry.py finds any module missing here).
TASK_MODULES = (
    "consult.jobs.ledger",
)

log = logging.getLogger("consult.jobs")



@click.group("jobs", cls=AppGroup, invoke_without_command=True)
@click.pass_context
def jobs(ctx):
    """The background worker and its jobs; alone, what is waiting, running and failed."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(status)


def import_task_modules(extra=()):
    for name in (*TASK_MODULES, *extra):
        importlib.import_module(name)


@jobs.command("worker")
@click.option("--workers", type=int, default=None, help="Threads running jobs (default JOBS_WORKERS).")
@click.option("--no-scheduler", is_flag=True, help="Leave the schedule to another worker.")
@click.option("--import", "extra", multiple=True, metavar="MODULE",
              help="Also run the jobs this module declares (a plug-in, a test's own jobs).")
def worker(workers, no_scheduler, extra):
    """Run jobs until stopped. SIGTERM or Ctrl-C: running jobs finish (up to
    JOBS_SHUTDOWN_TIMEOUT seconds), then the worker stops; what it could not finish its sweep finds."""
    app = current_app._get_current_object()
    import_task_modules(extra)
    queue.worker_app = app
    ledger.connect()
    _log_to_stderr()
    workers = workers or app.config["JOBS_WORKERS"]
    log.info("jobs worker: %d thread(s), queue in %s%s", workers, describe(),
             "" if not no_scheduler else ", no scheduler")
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=not no_scheduler,
                                     graceful_signal="TERM",
                                     shutdown_timeout=app.config["JOBS_SHUTDOWN_TIMEOUT"])
    consumer.run()


def _log_to_stderr():
    """The worker's lines and Huey's, each with the request id the job came from."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(HideTokens())
    for name in ("huey", "consult"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@jobs.command("status")
def status():
    """Jobs waiting, scheduled, running and failed (the default of `flask jobs`)."""
    import_task_modules()
    click.echo(f"Queue: {describe()}")
    click.echo(f"Waiting: {queue.pending_count()}    Scheduled: {queue.scheduled_count()}")
    for title, states in (("Running", ("running", "retrying")), ("Failed", ("failed", "interrupted"))):
        found = ledger.runs(states)
        click.echo(f"{title}: {len(found)}{' (latest 20)' if len(found) == 20 else ''}")
        for run in found:
            click.echo(f"  {run.id}  {run.name}{tuple(run.args)}  {run.state}, attempt {run.attempts}, "
                       f"since {run.started_at:%Y-%m-%d %H:%M:%S}, request {run.origin or '-'}"
                       f"{', on ' + run.worker if run.worker else ''}")
            if run.error:
                click.echo(f"      {run.error}")


@jobs.command("retry")
@click.argument("run_id")
def retry(run_id):
    """Queue a failed or interrupted job again (its id as `flask jobs` shows it)."""
    import_task_modules()
    run = ledger.retry(run_id)
    if run is None:
        raise click.ClickException(f"No failed or interrupted job {run_id}.")
    db.session.commit()
    click.echo(f"Queued again: {run.name}{tuple(run.args)}")
