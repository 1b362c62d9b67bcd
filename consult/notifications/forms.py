"""Forms of notifications: marking as read, and choosing whether to get emails."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class MarkReadForm(FlaskForm):
    """Nothing to fill in: the CSRF token is the whole form."""


class EmailChoiceForm(FlaskForm):
    wanted = BooleanField(_l("Also tell me by email"))
