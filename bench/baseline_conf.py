"""The production gunicorn.conf.py, with its app-specific hooks swapped for the baseline's."""

import runpy
from pathlib import Path

globals().update({name: value for name, value in
                  runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py")).items()
                  if not name.startswith("__")})


def post_fork(server, worker):  # noqa: F811 - replaces the production hook on purpose
    """Workers drop the master's connections, as the production hook does for the app."""
    from bench.baseline import engine

    engine.dispose(close=False)


def when_ready(server):  # noqa: F811 - the baseline has no templates or models to prepare
    pass
