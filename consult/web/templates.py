"""What every template can use: permissions, bilingual fields, vocabularies, text filters.

An area adds its own globals from its blueprint (`bp.app_template_global`), so that this layer
never imports an area.
"""

import functools
import secrets

from flask import request, url_for
from flask_login import current_user

from .. import text
from ..models import vocabulary
from ..permissions import can
from ..visibility import can_see
from .language import current_language, label, localized
from .robots import form_started_token

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
        form_started_token=form_started_token,
        url_pattern=UrlPattern,
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
