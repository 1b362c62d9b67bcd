"""Hostile form input stopped where it enters: text without the characters PostgreSQL refuses,
dates in a sane range, no files in text fields (URLs are bounded in consult/web/converters.py).

Every form of the app derives from `ConsultForm` here (tests/security/test_fuzz.py checks), so each of
its text and date fields gets these checks without a line in the form itself.
"""

import re
from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict
from wtforms import DateField, StringField
from wtforms.validators import StopValidation, ValidationError

#: What no stored text may hold: NUL (PostgreSQL refuses it in text) and the other C0 control
#: characters but tab, line feed and carriage return, which nobody types and terminals obey.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Dates a person can mean on this site: received, opening, closing.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def has_control_characters(text):
    """Whether `text` holds a character no stored text may hold (see CONTROL_CHARACTERS)."""
    return isinstance(text, str) and CONTROL_CHARACTERS.search(text) is not None


def refuse_control_characters(_form, field):
    """Every text field: NUL and other control characters are refused with a message, first."""
    if has_control_characters(field.data):
        raise StopValidation(_l("This holds a character that cannot be stored (such as a NUL byte). "
                                "Remove it, then send again."))


def date_in_range(_form, field):
    """Every date field: a date from EARLIEST_DATE to LATEST_DATE."""
    if field.data is not None and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError(_l("Enter a date between %(start)s and %(end)s.",
                                 start=EARLIEST_DATE.isoformat(), end=LATEST_DATE.isoformat()))


class ConsultForm(FlaskForm):
    """The base of every form: the checks above on each text and date field; files ignored."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.validators = [refuse_control_characters, *field.validators]
            elif isinstance(field, DateField):
                field.validators = [*field.validators, date_in_range]
            return field

        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict):
                # No form here takes a file: one sent in a text field's name is not that field's text.
                return request.form
            return wrapped
