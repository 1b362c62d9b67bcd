"""What the contribution templates draw on every page that shows ideas and comments: the reply
form, the agree/disagree controls, the length of a body. Registered by the blueprint, so that the
shared template layer (consult/web/templates.py) never imports this area."""

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..models.contributions import BODY_MAX
from ..web.templates import UrlPattern
from .forms import CommentForm


def register(state):
    """`bp.record_once(register)`: make these app-wide globals, macros included."""
    state.app.jinja_env.globals.update(blank_comment_form=blank_comment_form, vote_kit=vote_kit,
                                       BODY_MAX=BODY_MAX)


def blank_comment_form():
    """One empty reply form per request, drawn for every comment of a thread (each draw still
    gets its own submission key)."""
    if "blank_comment_form" not in g:
        g.blank_comment_form = CommentForm(formdata=None)
    return g.blank_comment_form


def vote_kit():
    """What the agree/disagree controls of a page share, worked out once for the page."""
    signed_in = current_user.is_authenticated
    return {
        "agree": _("agree"), "disagree": _("disagree"),
        "choices": ((1, _("Agree"), _("You agree (select to withdraw)")),
                    (-1, _("Disagree"), _("You disagree (select to withdraw)"))),
        "url": UrlPattern("contributions.idea_vote", "idea_id"),
        "csrf": generate_csrf(),
        # Where a vote sent without JavaScript comes back to: the page it was cast from.
        "next": request.path if request.method == "GET" and not request.htmx else "",
        "signed_in": signed_in,
        # For the signed out only: a link to sign in and come back.
        "sign_in": None if signed_in else _("Sign in to vote"),
        "sign_in_url": None if signed_in else url_for("auth.login", next=request.path),
    }
