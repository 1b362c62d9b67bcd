"""Development tools beside the application: the demonstration and the benchmark's bulk loader.

Nothing in consult/ imports this package, so web workers never load it. The `flask` command
finds its commands through the "flask.commands" entry points in pyproject.toml; a test or the
benchmark harness that runs commands on an app of its own adds them with `init_app`.
"""


def init_app(app):
    """Add the development commands to `app.cli` (the `flask` command adds them by itself)."""
    from .commands import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
