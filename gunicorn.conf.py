"""Gunicorn in production: `gunicorn -c gunicorn.conf.py wsgi:app`, behind a TLS-terminating proxy.

Every number can be changed from the environment without editing this file; the defaults suit a
host with a few cores, one PostgreSQL and one Redis (see DESIGN.md, "Scale-out").
"""

import os

from gunicorn.glogging import Logger

from consult.web.log_scrub import HideTokens, hide_tokens


def _int(name, default):
    return int(os.environ.get(name, default))


def _cores():
    """Cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The proxy's X-Forwarded-Proto (https) is believed only from these addresses: set them to the
# load balancers' when they run on other hosts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Threads wait on PostgreSQL, Redis and SMTP, processes use the cores: a few threads in each of
# 2 × cores + 1 processes. Each thread holds at most one database connection, so a host opens up
# to workers × threads connections (2 cores: 20); keep hosts × that under max_connections.
workers = _int("WEB_CONCURRENCY", 2 * _cores() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A worker silent this long is killed and replaced: longer than the slowest page (a PDF summary
# of a large consultation takes a few seconds), short enough that a stuck worker is not kept.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy) requests in flight get this long to finish; below the usual 30 s that a
# container runtime waits before SIGKILL, so they finish rather than being cut.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Idle keep-alive connections from the proxy; gthread parks them in its poller, not in a thread.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Each worker is replaced after about this many requests, so a slow leak (a growing cache in a
# library) never grows for good; the jitter keeps the workers from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Preload: the app (with numpy, scikit-learn and WeasyPrint) is imported once in the master and
# shared copy-on-write, so workers use less memory and a worker that dies or reaches max_requests
# is back in a fraction of a second instead of importing everything again. The price: new code
# needs a restart, not a HUP, and nothing opened before the fork may be shared, hence post_fork.
# when_ready (below) also compiles every template in the master, so a new worker does not spend
# its first requests compiling them.
preload_app = True

# /dev/shm for the workers' heartbeat files: a container's /tmp may sit on a slow overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicornc's control socket (gunicorn 25.1 and later) only where a path is given: its default
# path is one per user, which two instances on one host (a blue-green deploy, tests) would share.
control_socket_disable = "GUNICORN_CONTROL_SOCKET" not in os.environ
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

proc_name = "consult"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Path only (%(U)s, never %(r)s or %(q)s: a query string may carry a token or a search); no
# referrer, which is another page's full address. SecretPathLogger below hides tokens in paths.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


#: Hides whatever looks like a token (consult/web/log_scrub.py) in gunicorn's own error lines.
_HIDE_TOKENS = HideTokens()


class SecretPathLogger(Logger):
    """Gunicorn's logger, with anything that looks like a token hidden from the access log (the
    path, however written: "//auth/reset/...", "%2F", a prefix) and from its error log."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_HIDE_TOKENS)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # A request that failed inside gunicorn has no PATH_INFO: its raw URI, less the query.
        path = atoms["U"] or environ.get("RAW_URI", "").split("?", 1)[0]
        atoms["U"] = hide_tokens(path)
        # Not in the format above, but hidden too should the format ever name them.
        for name in ("r", "q", "f"):
            atoms[name] = hide_tokens(atoms[name])
        return atoms


logger_class = SecretPathLogger


def when_ready(server):
    """Before the first worker is forked: templates compiled and the models' mappings set up once
    in the master, so that no worker spends its first requests on them."""
    if not server.cfg.preload_app:
        return
    from sqlalchemy.orm import configure_mappers

    from consult.web.templates import compile_templates

    compile_templates(server.app.wsgi())
    configure_mappers()


def post_fork(server, worker):
    """A forked worker drops the database connections it inherited from the master, without
    closing them under it, so that no two processes ever talk on one socket."""
    if not server.cfg.preload_app:
        return
    from consult.extensions import db

    app = worker.app.wsgi()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
