"""What every template can use: permissions, bilingual fields, vocabularies, text filters."""

import secrets

from flask import g, request
from flask_login import current_user

from . import participation, text
from .contributions.forms import CommentForm
from .humans import form_started_token
from .i18n import current_language, label, localized
from .models import vocabulary
from .permissions import can


def init_app(app):
    app.jinja_env.filters["markdown"] = text.markdown
    app.jinja_env.filters["paragraphs"] = text.paragraphs
    app.jinja_env.globals.update(
        localized=localized,
        label=label,
        vocab=vocabulary,
        current_language=current_language,
        new_submission_key=lambda: secrets.token_urlsafe(24),
        blank_comment_form=blank_comment_form,
        form_started_token=form_started_token,
        suppressed_count=participation.shown,
    )

    @app.template_global("can")
    def can_current_user(name, obj=None):
        """`{% if can("comment.edit", c) %}`: the permission rules, for the signed-in person."""
        return can(current_user, name, obj)

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


def blank_comment_form():
    """One empty reply form per request, drawn for every comment of a thread (each draw still
    gets its own submission key)."""
    if "blank_comment_form" not in g:
        g.blank_comment_form = CommentForm(formdata=None)
    return g.blank_comment_form
