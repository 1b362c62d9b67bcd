"""Settings, read from the environment once at start-up."""

import os
from datetime import timedelta
from pathlib import Path


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production-safe defaults; every value can be set from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost")

    #: How the site names itself and its colours; a deployment brands it here.
    SITE_NAME = os.environ.get("SITE_NAME", "Consult")
    BRAND_COLOUR = os.environ.get("BRAND_COLOUR", "#26374a")

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "fr")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    #: "__Host-" cookies are refused by browsers unless Secure, for this host only, on path "/".
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_NAME = "__Host-remember" if SESSION_COOKIE_SECURE else "remember_token"
    #: "Keep me signed in" lasts this long from sign-in, and ends early on any sign-out.
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_REFRESH_EACH_REQUEST = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: A signed-in session ends after this long without a request...
    SESSION_IDLE_LIFETIME = timedelta(hours=2)
    #: ...and this long after sign-in, whatever happens (checked on every request, see security.py).
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    #: How many proxies (load balancers) in front of the app set X-Forwarded-For/-Proto; 0 = none.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: Mail that could reveal whether an account exists is sent off the request path.
    MAIL_IN_BACKGROUND = True

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: If Redis stops answering, count in memory rather than take the site down.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    #: Two sites sharing one Redis (staging and production, or a test run) keep apart counters.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "consult")

    #: Seconds a password-reset link stays valid.
    PASSWORD_RESET_MAX_AGE = 3600
    #: How long a new account's confirmation link works.
    ADDRESS_CONFIRM_MAX_AGE = 3 * 24 * 3600
    PAGE_SIZE = 20
    #: Public forms sent sooner than this after being drawn are refused (robots are quick).
    FORM_MIN_SECONDS = 2
    #: Key of the pseudonyms in exports; unset, one is derived from SECRET_KEY. Changing either
    #: changes every pseudonym, so exports made before and after no longer link up.
    EXPORT_PSEUDONYM_KEY = os.environ.get("EXPORT_PSEUDONYM_KEY")
    #: Consultations with at least this many contributions get their summary page at once from
    #: the last computation, marked as being refreshed, while a newer one is computed aside.
    SUMMARY_INLINE_LIMIT = int(os.environ.get("SUMMARY_INLINE_LIMIT", "5000"))


class DevelopmentConfig(Config):
    """For `make run`: SQLite in instance/, cookies over plain HTTP, mail to the log."""

    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "remember_token"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")


class TestingConfig(Config):
    """For the test suite: CSRF stays on (tests send tokens), limits off unless a test wants them."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "remember_token"
    MAIL_IN_BACKGROUND = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STORAGE_OPTIONS = {}
    FORM_MIN_SECONDS = 0
    MAIL_SERVER = None
    SERVER_NAME = None


def default_sqlite_uri(instance_path):
    """The embedded database used when DATABASE_URL is not set."""
    return "sqlite:///" + str(Path(instance_path) / "consult.sqlite3")


CONFIGS = {"development": DevelopmentConfig, "production": Config, "testing": TestingConfig}
