"""Jobs for the queue's own tests, which a real worker runs with `--import tests.jobs.sample_jobs`."""

import logging
import time
from pathlib import Path

from consult.jobs import job

log = logging.getLogger("consult.tests")


@job()
def write_after(path, seconds):
    """Sleep, then write "done" to `path`: a job that is still running when its worker is stopped."""
    time.sleep(seconds)
    Path(path).write_text("done")


@job(retries=2, retry_delay=0.1)
def fail_naming_an_address(path):
    """Count each attempt in `path`, then fail with an error that names an address."""
    with Path(path).open("a") as attempts:
        attempts.write("attempt\n")
    raise ValueError("550 mailbox unavailable: someone@example.org")


@job()
def say_hello():
    log.info("hello from a job")
