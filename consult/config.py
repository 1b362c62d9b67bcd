"""Settings, read from the environment once at start-up."""

import logging
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name):
    """A comma-separated setting as a list, or None when unset."""
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


class Config:
    """Production-safe defaults; every value can be set from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    #: hide_parameters: a database error's log line names the statement, never the values sent
    #: with it (an email, a comment's text, a name).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    REDIS_URL = os.environ.get("REDIS_URL")

    #: The site's public address (https://consult.example.ca): every link in a mail is built on it,
    #: never on the Host header a request names. Required in production.
    SITE_URL = os.environ.get("SITE_URL")
    #: Host names requests may name (Flask refuses others with a 400); unset in production, the
    #: host of SITE_URL alone. Add the names a load balancer's health check uses, if any.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    #: Settings production refuses to start without (see `check`).
    REQUIRED_SETTINGS = ("SECRET_KEY", "SITE_URL", "MAIL_SERVER", "REDIS_URL")
    #: Rate limits counted in each process's memory instead of Redis: only for a site of one process
    #: (or a test), and said at start. Otherwise production refuses to start without REDIS_URL.
    RATELIMIT_PER_PROCESS = _bool("RATELIMIT_PER_PROCESS")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost")
    #: Without MAIL_SERVER, a mail's text (reset and confirmation links included) goes to the log
    #: only where this is set: development and the tests. Elsewhere the log says a mail was not sent.
    MAIL_BODIES_TO_LOG = False

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
    #: ...and this long after sign-in, whatever happens (checked on every request, see auth/sessions.py).
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    #: How many proxies (load balancers) in front of the app set X-Forwarded-For/-Proto; 0 = none.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: Mail that could reveal whether an account exists is sent off the request path.
    MAIL_IN_BACKGROUND = True
    #: The demo and benchmark loaders (consult_dev) refuse to run unless this is on: never in production.
    DEVELOPMENT_TOOLS = False

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: If Redis stops answering, count in memory rather than take the site down.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    #: Two sites sharing one Redis (staging and production, or a test run) keep apart counters.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "consult")

    #: Argon2id's cost for passwords: RFC 9106's second recommended option (argon2-cffi's default),
    #: 64 MiB and three passes, so that a stolen hash is slow to guess.
    ARGON2_COST = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    #: Seconds a password-reset link stays valid.
    PASSWORD_RESET_MAX_AGE = 3600
    #: How long a new account's confirmation link works.
    ADDRESS_CONFIRM_MAX_AGE = 3 * 24 * 3600
    PAGE_SIZE = 20
    #: Public forms sent sooner than this after being drawn are refused (robots are quick).
    FORM_MIN_SECONDS = 2
    #: Key of the pseudonyms in exports and the moderation queue; unset, one is derived from
    #: SECRET_KEY. Changing either changes every pseudonym, so exports made before and after no
    #: longer link up.
    EXPORT_PSEUDONYM_KEY = os.environ.get("EXPORT_PSEUDONYM_KEY")
    #: Consultations with at least this many contributions get their summary page at once from
    #: the last computation, marked as being refreshed, while a newer one is computed aside.
    SUMMARY_INLINE_LIMIT = int(os.environ.get("SUMMARY_INLINE_LIMIT", "5000"))

    #: Where background jobs wait for a worker (consult/jobs): "redis" (production: every web
    #: host and worker host shares it), "sqlite" (a file beside the embedded database, for `make
    #: run` without Redis) or "immediate" (run at once, in the caller: the tests).
    #: Unset: redis where REDIS_URL is set, else sqlite.
    JOBS_BACKEND = os.environ.get("JOBS_BACKEND")
    #: Unset: REDIS_URL.
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL")
    #: The SQLite queue's file; unset, instance/jobs.sqlite3.
    JOBS_SQLITE_PATH = os.environ.get("JOBS_SQLITE_PATH")
    #: Two sites sharing one Redis (staging and production, or a test run) keep apart queues.
    JOBS_QUEUE_NAME = os.environ.get("JOBS_QUEUE_NAME", "consult")
    #: Threads of one `flask jobs worker`; start more workers on more hosts to go faster.
    JOBS_WORKERS = int(os.environ.get("JOBS_WORKERS", "2"))
    #: Seconds a stopped worker (SIGTERM) gives its running jobs to finish before it hands them back.
    JOBS_SHUTDOWN_TIMEOUT = float(os.environ.get("JOBS_SHUTDOWN_TIMEOUT", "30"))
    #: A job that fails raises in its caller (immediate mode, the tests) instead of being logged.
    JOBS_PROPAGATE_ERRORS = False


class DevelopmentConfig(Config):
    """For `make run`: SQLite in instance/, cookies over plain HTTP, mail to the log."""

    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "remember_token"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": False}
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    MAIL_BODIES_TO_LOG = True
    REQUIRED_SETTINGS = ("SECRET_KEY",)
    RATELIMIT_PER_PROCESS = True
    DEVELOPMENT_TOOLS = True


class TestingConfig(Config):
    """For the test suite: CSRF stays on (tests send tokens), limits off unless a test wants them."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "remember_token"
    MAIL_IN_BACKGROUND = False
    JOBS_BACKEND = "immediate"
    JOBS_PROPAGATE_ERRORS = True
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STORAGE_OPTIONS = {}
    FORM_MIN_SECONDS = 0
    #: The cheapest Argon2id: tests check who gets in, not how long guessing would take.
    ARGON2_COST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    MAIL_SERVER = None
    MAIL_BODIES_TO_LOG = True
    SERVER_NAME = None
    SITE_URL = "http://localhost"
    TRUSTED_HOSTS = None
    REQUIRED_SETTINGS = ("SECRET_KEY",)
    RATELIMIT_PER_PROCESS = True
    DEVELOPMENT_TOOLS = True


def default_sqlite_uri(instance_path):
    """The embedded database used when DATABASE_URL is not set."""
    return "sqlite:///" + str(Path(instance_path) / "consult.sqlite3")


def check(config):
    """Refuse to start on settings that would make the site unsafe; fill in what follows from
    them. Production needs its secret key, its public address, a mail server (else mails, tokens
    included, would go nowhere but the log) and Redis (else each process counts its own limits)."""
    missing = [name for name in config["REQUIRED_SETTINGS"] if not config.get(name)]
    if "REDIS_URL" in missing and config.get("RATELIMIT_PER_PROCESS"):
        missing.remove("REDIS_URL")
    if missing:
        raise RuntimeError(f"Consult cannot start: {', '.join(missing)} must be set (see README).")
    _check_jobs(config)
    site = urlsplit(config["SITE_URL"] or "")
    if site.scheme not in ("http", "https") or not site.hostname:
        raise RuntimeError(f"SITE_URL must be an http(s) address such as https://consult.example.ca, "
                           f"not {config['SITE_URL']!r}.")
    if config.get("TRUSTED_HOSTS") is None and "SITE_URL" in config["REQUIRED_SETTINGS"]:
        config["TRUSTED_HOSTS"] = [site.hostname]
    per_process = (config.get("RATELIMIT_ENABLED", True)
                   and config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"))
    if per_process and "REDIS_URL" in config["REQUIRED_SETTINGS"]:
        if not config.get("RATELIMIT_PER_PROCESS"):
            raise RuntimeError("Consult cannot start: rate limits would be counted in each process's "
                               "memory; set REDIS_URL (or RATELIMIT_PER_PROCESS=1 for one process).")
        log.warning("RATE LIMITS ARE COUNTED PER PROCESS (no REDIS_URL): with N processes a limit "
                    "lets N times as many requests through. Set REDIS_URL.")


def _check_jobs(config):
    """The job queue follows REDIS_URL unless JOBS_BACKEND says otherwise."""
    config["JOBS_REDIS_URL"] = config.get("JOBS_REDIS_URL") or config.get("REDIS_URL")
    config["JOBS_BACKEND"] = config.get("JOBS_BACKEND") or ("redis" if config["JOBS_REDIS_URL"] else "sqlite")
    if config["JOBS_BACKEND"] not in ("immediate", "sqlite", "redis"):
        raise RuntimeError(f"JOBS_BACKEND must be redis, sqlite or immediate, not {config['JOBS_BACKEND']!r}.")
    if config["JOBS_BACKEND"] == "redis" and not config["JOBS_REDIS_URL"]:
        raise RuntimeError("Consult cannot start: JOBS_BACKEND is redis but neither JOBS_REDIS_URL "
                           "nor REDIS_URL is set.")
    if config["JOBS_BACKEND"] != "redis" and "REDIS_URL" in config["REQUIRED_SETTINGS"]:
        log.warning("JOBS ARE NOT ON REDIS (JOBS_BACKEND=%s): %s", config["JOBS_BACKEND"],
                    "one host only" if config["JOBS_BACKEND"] == "sqlite" else "each runs inside its request")


CONFIGS = {"development": DevelopmentConfig, "production": Config, "testing": TestingConfig}
