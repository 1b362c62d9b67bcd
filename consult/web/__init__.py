"""Request plumbing, shared by every area and importing none: URL converters, request ids,
security headers, language choice, template setup, error pages and rendering helpers."""

from . import converters, errors, headers, language, request_ids, templates


def init_app(app):
    """Wire the request plumbing into `app`: after the extensions, before any blueprint's route."""
    converters.init_app(app)  # the bounded URL converters, before any route is added
    language.init_app(app)
    headers.init_app(app)
    request_ids.init_app(app)
    templates.init_app(app)
    errors.init_app(app)
