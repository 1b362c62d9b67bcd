"""Consult: governments consult citizens on the redesign of public services."""

import os

from flask import Flask

from .config import CONFIGS, check, default_sqlite_uri


def create_app(config_name=None, **overrides):
    """Build the application: config, extensions, blueprints, errors, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    config_name = config_name or os.environ.get("CONSULT_CONFIG", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_uri(app.instance_path)
    check(app.config)

    from . import extensions, inputs, security, templating

    inputs.init_app(app)  # the bounded URL converters, before any route is added
    extensions.init_app(app)
    security.init_app(app)
    templating.init_app(app)

    from .blueprints import register_blueprints

    register_blueprints(app)

    from . import commands, errors

    errors.init_app(app)
    commands.init_app(app)
    return app
