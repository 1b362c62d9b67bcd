"""A request id on every log line, and no token in one: the leaf that headers, error pages and
the session lifetimes all log through, importing nothing of consult but its own scrubber."""

import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request

from .log_scrub import HideTokens, hide_tokens

#: One line per event, with the request it belongs to: `grep <id>` finds all of a request.
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
REQUEST_ID_HEADER = "X-Request-ID"


def init_app(app):
    """Give every request an id, first of all, send it back, and put it on every log line."""
    # First of all before_request functions, so that even a refused request has its id.
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_request_id)
    app.after_request(_send_request_id)
    _install_log_record_factory()
    if not app.testing:
        _log_to_stderr(app)


#: Outside a request: the id of the request a background job came from (see consult/jobs).
_origin = ContextVar("request_origin", default="-")


def request_id():
    """This request's id (made on first use); in a background job, the id of the request that
    queued it; else "-"."""
    if not has_request_context():
        return _origin.get()
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex[:12]
    return g.request_id


@contextmanager
def origin(request_id):
    """Log the lines of a job run by the id of the request it came from."""
    token = _origin.set(request_id or "-")
    try:
        yield
    finally:
        _origin.reset(token)


def loggable_path():
    """The route's pattern rather than the path, so that no token in a URL reaches a log; a path
    no route matched, with whatever looks like a token hidden."""
    return request.url_rule.rule if request.url_rule is not None else hide_tokens(request.path)


def _assign_request_id():
    request_id()


def _send_request_id(response):
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


_factory_installed = False


def _install_log_record_factory():
    """Give every log record a `request_id`, whichever logger or handler it goes through."""
    global _factory_installed
    if _factory_installed:
        return
    base_factory = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = base_factory(*args, **kwargs)
        record.request_id = request_id()
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def _log_to_stderr(app):
    """Consult's own events (sign-ins, refusals, role changes) go to stderr, unless the server
    or a test set up logging already."""
    logger = logging.getLogger("consult")
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(HideTokens())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if app.debug else logging.INFO)
