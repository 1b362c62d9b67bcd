"""A form whose session ran out, drawn again with what was typed: for a refused CSRF token
(errors.py) and for a sign-in that ended while the form was open (auth/sessions.py)."""

from flask import render_template, request
from flask_babel import gettext as _

#: Fields never sent back to the browser, whatever happens.
SECRET_FIELDS = {"csrf_token", "password", "confirm", "new_password", "current_password"}


def resend_page(signed_out=False):
    """The form's session ran out: show what was typed in a fresh form, to send again.

    `signed_out`: the whole sign-in ended, so the person must sign in again first (in another
    tab, so that this page and its text stay). htmx keeps the text in the page itself.
    """
    if request.htmx:
        message = (_("You were signed out. Sign in again in another tab, then send this again.")
                   if signed_out else _("Your session expired. Reload the page, then send this again."))
        return message, 401 if signed_out else 400, {"Content-Type": "text/plain; charset=utf-8"}
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in SECRET_FIELDS]
    page = render_template("errors/expired.html", fields=fields, action=request.path,
                           signed_out=signed_out)
    return page, 401 if signed_out else 400
