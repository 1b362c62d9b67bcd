"""Friendly error pages in the person's language; never a stack trace."""

import logging

from flask import current_app, render_template, request, session
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from .request_ids import loggable_path, request_id
from .resend import resend_page

log = logging.getLogger(__name__)

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("You do not have permission to do that."),
    404: lambda: _("We could not find that page."),
    405: lambda: _("That action is not available here."),
    413: lambda: _("What you sent is too large."),
    429: lambda: _("Too many attempts in a short time. Please wait a moment and try again."),
}


def _refuse_unusable_host():
    """A Host header the URL map cannot use (a label over 63 characters, an untrusted name)
    leaves the request without URL adapter: refuse it (400) before anything else runs, and bind
    an adapter to the configured name, so that the normal error page can draw its links."""
    if request_ctx.url_adapter is not None or request.routing_exception is None:
        return
    log.info("refused the Host header of %s %s", request.method, loggable_path())
    request_ctx.url_adapter = current_app.url_map.bind(
        current_app.config.get("SERVER_NAME") or "localhost", script_name=request.script_root or "/",
        url_scheme=request.scheme, subdomain=current_app.url_map.default_subdomain or "")
    raise request.routing_exception


def init_app(app):
    """Refuse unusable hosts early, and answer every error with a page in the person's language."""
    # Second of all before_request functions: after the request id (request_ids.py), before the rest.
    app.before_request_funcs.setdefault(None, []).insert(1, _refuse_unusable_host)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.info("CSRF token refused on %s %s: %s", request.method, loggable_path(), error.description)
        return resend_page()

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        if error.code == 429:
            log.warning("rate limit reached on %s %s (%s), user %s", request.method, loggable_path(),
                        error.description, getattr(current_user, "id", None))
        message = MESSAGES.get(error.code, lambda: error.description)()
        if request.htmx:
            return message, error.code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def server_error(error):
        log.exception("unhandled error on %s %s, request id %s", request.method, loggable_path(),
                      request_id())
        db.session.rollback()
        if request.htmx:
            text = _("Something went wrong on our side. Reference: %(id)s", id=request_id())
            return text, 500, {"Content-Type": "text/plain; charset=utf-8"}
        try:
            return render_template("errors/server.html", request_id=request_id()), 500
        except Exception:
            # The page's own header needs the database; when that is what failed, say it plainly.
            log.exception("the error page failed too, request id %s", request_id())
            return _bare_server_error(), 500


def _bare_server_error():
    """The 500 page without a single query: the language from the session or the browser only."""
    languages = current_app.config["LANGUAGES"]
    lang = session.get("locale")
    if lang not in languages:
        lang = request.accept_languages.best_match(languages) or languages[0]
    with force_locale(lang):
        return render_template("errors/server_bare.html", request_id=request_id(), lang=lang)
