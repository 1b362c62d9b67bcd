"""Backing up and restoring the whole database, online, with each engine's own tools.

SQLite: the sqlite3 online backup API, page by page, consistent while the site keeps running.
PostgreSQL: pg_dump's custom format, and pg_restore --clean into the configured database, in
one transaction, so that a restore that fails leaves the database as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def backup(output):
    """Write a copy of the database to `output` (a new file, or one to replace)."""
    url = db.engine.url
    output = Path(output)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), output)
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(output), "--dbname", _libpq_url(url)], url)
    else:
        raise BackupError(f"No backup method for {url.get_backend_name()}.")
    return output


def restore(source):
    """Replace every table of the database with those in the backup file `source`."""
    url = db.engine.url
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    # Every pooled connection is closed first: none may hold a table the restore replaces.
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        _run(["pg_restore", "--list", str(source)], url)  # refuses what is not a pg_dump archive
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "--dbname", _libpq_url(url), str(source)], url)
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()}.")
    db.engine.dispose()


def _sqlite_path(url):
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(url.database)


def _sqlite_copy(source, target):
    """SQLite's online backup: a consistent copy even while others write."""
    with _sqlite(source) as origin, _sqlite(target) as copy:
        origin.backup(copy)


def _sqlite(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA busy_timeout=5000")
    return _Closing(connection)


class _Closing:
    """`with` that closes the sqlite3 connection (sqlite3's own `with` only commits)."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, *_exc):
        self.connection.close()


def _check_sqlite_backup(source):
    """Refuse a file that is not a sound Consult database before overwriting anything."""
    try:
        with _sqlite(source) as connection:
            sound = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            ours = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                      "AND name = 'alembic_version'").fetchone() is not None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite database: {error}") from error
    if not (sound and ours):
        raise BackupError(f"{source} is not a sound backup of a Consult database.")


def _libpq_url(url):
    """The address for pg_dump and pg_restore; the password goes by environment, not argv."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command, url):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")
    return finished.stdout


@click.command("backup")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write the backup to.")
@with_appcontext
def backup_command(output):
    """Back up the whole database to a file, while the site runs."""
    try:
        written = backup(output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {written} ({written.stat().st_size} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source, yes):
    """Replace the database's contents with a backup made by `backup`."""
    if not yes:
        click.confirm(f"Replace everything in {db.engine.url.render_as_string()} with {source}?",
                      abort=True)
    try:
        restore(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database restored from {source}.")
