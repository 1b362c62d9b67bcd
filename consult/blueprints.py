"""The one explicit list of blueprints."""


def register_blueprints(app):
    from .account.routes import bp as account
    from .admin.routes import bp as admin
    from .auth.routes import bp as auth
    from .consultations.routes import bp as consultations
    from .contributions.routes import bp as contributions
    from .exports.routes import bp as exports
    from .intake.routes import bp as intake
    from .manage.routes import bp as manage
    from .moderation.routes import bp as moderation
    from .notifications.routes import bp as notifications
    from .outcomes.routes import bp as outcomes
    from .summaries.routes import bp as summaries
    from .transparency.routes import bp as transparency

    for blueprint in (consultations, contributions, auth, account, manage, admin, moderation, transparency, intake,
                      exports, summaries, outcomes, notifications):
        app.register_blueprint(blueprint)
