"""Friendly error pages in the person's language; never a stack trace."""

import logging
import uuid

from flask import g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("You do not have permission to do that."),
    404: lambda: _("We could not find that page."),
    405: lambda: _("That action is not available here."),
    413: lambda: _("What you sent is too large."),
    429: lambda: _("Too many attempts in a short time. Please wait a moment and try again."),
}


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """The form's session ran out: show the typed text again in a fresh form."""
        fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
        return render_template("errors/expired.html", fields=fields, action=request.path), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        message = MESSAGES.get(error.code, lambda: error.description)()
        if request.htmx:
            return message, error.code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def server_error(error):
        request_id = uuid.uuid4().hex[:12]
        g.request_id = request_id
        log.exception("unhandled error, request id %s", request_id)
        db.session.rollback()
        return render_template("errors/server.html", request_id=request_id), 500
