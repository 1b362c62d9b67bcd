"""No token reaches a log line, however its URL is written: gunicorn's access and error logs and
Consult's own hide whatever looks like a token, wherever it appears."""

import logging
import runpy
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config as GunicornConfig
from itsdangerous import URLSafeTimedSerializer

from consult.web.log_scrub import HideTokens, hide_tokens
from consult.web.request_ids import loggable_path

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
RESET = URLSafeTimedSerializer("k", salt="password-reset").dumps({"user": 7, "fp": "0123456789abcdef"})
CONFIRM = URLSafeTimedSerializer("k", salt="confirm-address").dumps({"user": 8, "fp": "fedcba9876543210",
                                                                     "next": "/consultations/x"})
RANDOM = secrets.token_urlsafe(32)
HEX = secrets.token_hex(16)

#: Every way of writing a URL that carries a token: (PATH_INFO as gunicorn decodes it, raw URI).
PATHS = {
    "reset link": f"/auth/reset/{RESET}",
    "confirmation link": f"/auth/confirm/{CONFIRM}",
    "doubled leading slash": f"//auth/reset/{RESET}",
    "doubled inner slash": f"/auth//confirm/{CONFIRM}",
    "trailing slash": f"/auth/reset/{RESET}/",
    "encoded slash": f"/auth/reset%2F{RESET}",
    "encoded slash, small letters": f"/auth%2freset%2f{CONFIRM}",
    "French prefix": f"/fr/auth/reset/{RESET}",
    "mounted under a path": f"/consult/auth/confirm/{CONFIRM}",
    "not the route's spelling": f"/auth/resets/{RESET}",
    "a token in a path parameter": f"/auth/reset;{RESET}",
    "a random token": f"/anything/{RANDOM}",
    "a hex token": f"/anything/{HEX}",
    "a fake token after reset/": "/auth/reset/a-secret-reset-token-from-a-mail",
}
TOKENS = (RESET, CONFIRM, RANDOM, HEX, "a-secret-reset-token")
QUERIES = {
    "token in a query": f"token={RESET}",
    "link in a query": f"next=%2Fauth%2Freset%2F{RESET}",
    "confirmation in a query": f"c={CONFIRM}&lang=fr",
}
#: What the log must keep as it is, to stay useful.
ORDINARY = ["/consultations/newborn-registration-in-remote-communities-2025", "/consultations/a/ideas/12345",
            "/static/vendor/htmx-2.0.4.min.js", "/manage/consultations/x/export/ideas.csv", "/auth/reset",
            "permission refused: consultation.edit on Consultation 5, user 3", "request 0123456789ab"]


@pytest.fixture
def gunicorn_logger(tmp_path):
    """The Logger class gunicorn.conf.py installs, writing to files in tmp_path."""
    hooks = runpy.run_path(str(CONF))
    cfg = GunicornConfig()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("access_log_format", hooks["access_log_format"])
    assert hooks["logger_class"].__name__ == "SecretPathLogger"
    logger = hooks["logger_class"](cfg)
    yield logger, tmp_path
    logger.close_on_exec()
    for handler in logger.error_log.handlers + logger.access_log.handlers:
        handler.close()


def _request(logger, path, query=""):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
               "RAW_URI": path + (f"?{query}" if query else ""), "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "192.0.2.1", "HTTP_REFERER": f"https://consult.example.ca{path}"}
    response = SimpleNamespace(status="200 OK", sent=100, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))


@pytest.mark.parametrize("kind", PATHS)
def test_the_access_log_hides_every_token(gunicorn_logger, kind):
    logger, where = gunicorn_logger
    _request(logger, PATHS[kind])

    line = (where / "access.log").read_text()
    assert '"GET /' in line and "[hidden]" in line
    assert not any(token in line for token in TOKENS), line


@pytest.mark.parametrize("kind", QUERIES)
def test_a_token_in_the_query_never_reaches_the_access_log(gunicorn_logger, kind):
    logger, where = gunicorn_logger
    _request(logger, "/consultations/", QUERIES[kind])

    line = (where / "access.log").read_text()
    assert '"GET /consultations/ HTTP/1.1" 200' in line
    assert not any(token in line for token in TOKENS), line


def test_a_request_gunicorn_refused_logs_no_token(gunicorn_logger):
    """A bad request line is logged whole by gunicorn's error log: the token is hidden there too."""
    logger, where = gunicorn_logger
    logger.error("Invalid request from ip=192.0.2.1: Invalid HTTP Version: %r",
                 f"GET //auth/reset/{RESET} HTTP/9")
    logger.info(f"GET /auth/confirm/{CONFIRM}")

    text = (where / "error.log").read_text()
    assert "Invalid HTTP Version" in text and text.count("[hidden]") == 2
    assert RESET not in text and CONFIRM not in text


@pytest.mark.parametrize("text", ORDINARY)
def test_what_is_no_token_stays_as_it_is(text):
    assert hide_tokens(text) == text


def test_consults_own_lines_and_tracebacks_hide_tokens():
    record = logging.LogRecord("consult.test", logging.WARNING, __file__, 1, "link %s failed",
                               (f"/auth/reset/{RESET}",), None)
    try:
        raise ValueError(f"bad token {RANDOM}")
    except ValueError:
        record.exc_info = sys.exc_info()

    assert HideTokens().filter(record)
    formatted = logging.Formatter().format(record)
    assert "link /auth/reset/[hidden] failed" in formatted and "ValueError: bad token [hidden]" in formatted
    assert RESET not in formatted and RANDOM not in formatted


@pytest.mark.parametrize("kind", PATHS)
def test_a_path_no_route_matched_is_logged_without_its_token(app, kind):
    with app.test_request_context(PATHS[kind]):
        logged = loggable_path()

    assert not any(token in logged for token in TOKENS), logged


def test_consults_log_handler_hides_tokens(app, monkeypatch):
    from consult.web import request_ids

    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    monkeypatch.setattr(logging.getLogger("consult"), "handlers", [])
    monkeypatch.setattr(logging.getLogger("consult"), "level", logging.getLogger("consult").level)

    request_ids._log_to_stderr(app)

    [handler] = logging.getLogger("consult").handlers
    assert any(isinstance(f, HideTokens) for f in handler.filters)
