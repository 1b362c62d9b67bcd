"""Forms of notifications: marking as read, and choosing whether to get emails."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from ..inputs import ConsultForm


class MarkReadForm(ConsultForm):
    """Nothing to fill in: the CSRF token is the whole form."""


class EmailChoiceForm(ConsultForm):
    wanted = BooleanField(_l("Also tell me by email"))
