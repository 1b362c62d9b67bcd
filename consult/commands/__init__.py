"""Command-line tools for operators: `flask --app consult <command>`."""

from .backup import backup_command, restore_command
from .exports import export
from .jobs import jobs
from .users import create_user, purge_unconfirmed


def init_app(app):
    for command in (create_user, purge_unconfirmed, export, backup_command, restore_command, jobs):
        app.cli.add_command(command)
