"""What every template can use: permissions, bilingual fields, vocabularies, text filters."""

import functools
import secrets

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from . import participation, text
from .contributions.forms import BODY_MAX, CommentForm
from .humans import form_started_token
from .i18n import current_language, label, localized
from .models import vocabulary
from .permissions import can
from .visibility import can_see

#: Distinct texts whose HTML is kept, per worker process: a page of ideas and comments shows the
#: same bodies to everyone who reads it, and turning one into HTML costs more than drawing the rest.
PARAGRAPHS_CACHE = 4096
MARKDOWN_CACHE = 256


def init_app(app):
    app.jinja_env.filters["markdown"] = functools.lru_cache(MARKDOWN_CACHE)(text.markdown)
    app.jinja_env.filters["paragraphs"] = functools.lru_cache(PARAGRAPHS_CACHE)(text.paragraphs)
    app.jinja_env.globals.update(
        localized=localized,
        label=label,
        vocab=vocabulary,
        current_language=current_language,
        new_submission_key=new_submission_key,
        blank_comment_form=blank_comment_form,
        form_started_token=form_started_token,
        suppressed_count=participation.shown,
        url_pattern=UrlPattern,
        vote_kit=vote_kit,
        BODY_MAX=BODY_MAX,
    )

    @app.template_global("can")
    def can_current_user(name, obj=None):
        """`{% if can("comment.edit", c) %}`: the permission rules, for the signed-in person."""
        return can(current_user._get_current_object(), name, obj)

    @app.template_global("can_see")
    def current_user_can_see(contribution):
        """`{% if can_see(idea) %}`: the visibility rule (visibility.py), for the signed-in person."""
        return can_see(current_user._get_current_object(), contribution)

    @app.template_global("is_own")
    def written_by_current_user(contribution):
        """`{% if is_own(c) %}`: the signed-in person wrote it."""
        return current_user.is_authenticated and contribution.author_id == current_user.id

    @app.template_global()
    def query_args(**changes):
        """The current query string with `changes` applied (None removes a key)."""
        args = request.args.to_dict()
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value
        return args


def new_submission_key():
    """A fresh key for one drawn form: a double submit of that form stores one row."""
    return secrets.token_urlsafe(24)


def blank_comment_form():
    """One empty reply form per request, drawn for every comment of a thread (each draw still
    gets its own submission key)."""
    if "blank_comment_form" not in g:
        g.blank_comment_form = CommentForm(formdata=None)
    return g.blank_comment_form


class UrlPattern:
    """`url_for(endpoint, <name>=n, **values)` for many whole numbers n, built once for a page.

    `UrlPattern("contributions.comment_reply", "contribution_id")(42)` is what
    `url_for("contributions.comment_reply", contribution_id=42)` returns, without matching the
    URL map again for every comment of a page.
    """

    #: A number no other part of these URLs holds, where the id goes.
    MARK = "9876543219"

    def __init__(self, endpoint, name, **values):
        url = url_for(endpoint, **{name: int(self.MARK)}, **values)
        self.head, found, self.tail = url.partition(self.MARK)
        if not found or self.MARK in self.tail:
            raise ValueError(f"{endpoint}: {name} is not a single path segment")

    def __call__(self, number):
        return f"{self.head}{int(number)}{self.tail}"


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


def compile_templates(app):
    """Compile every template now, into the app's template cache.

    gunicorn loads the app in its master process (preload_app) and forks the workers from it:
    called there, every worker starts with the templates compiled, including those that replace
    a worker after max_requests, instead of compiling them on its first requests (which would
    cost more again when a new worker's threads all start at once; BENCHMARKS.md, "Figures
    behind design choices").
    """
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
