"""Consult: governments consult citizens on the redesign of public services."""

import os

from flask import Flask

from .config import CONFIGS, check, default_sqlite_uri


def create_app(config_name=None, **overrides):
    """Build the application: config, extensions, web plumbing, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    config_name = config_name or os.environ.get("CONSULT_CONFIG", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_uri(app.instance_path)
    check(app.config)

    from . import commands, extensions, jobs, web
    from .auth import sessions
    from .blueprints import register_blueprints

    extensions.init_app(app)
    jobs.init_app(app)
    web.init_app(app)
    sessions.init_app(app)  # the session lifetimes, checked on every request
    register_blueprints(app)
    commands.init_app(app)
    return app
