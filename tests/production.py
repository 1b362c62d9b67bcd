"""The production configuration on the suite's database, given every setting it refuses to start
without (limits and logging left alone)."""

#: What a production site must set, with values fit for tests (no mail is sent to that server:
#: tests that send mail replace the sending).
REQUIRED = {
    "SECRET_KEY": "production-test-secret-0123456789",
    "SITE_URL": "https://localhost",
    "MAIL_SERVER": "smtp.example.invalid",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def production_settings(app, **overrides):
    """create_app("production", **production_settings(app)) builds production on `app`'s database,
    rate limits off and counted in memory, each job run at once inside its call."""
    return {**REQUIRED, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_STORAGE_OPTIONS": {}, "JOBS_BACKEND": "immediate", **overrides}
