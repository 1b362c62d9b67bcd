"""Telling people from robots on public forms: a trap field and a minimum time to fill a form in."""

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import HiddenField, StringField, ValidationError
from wtforms.validators import Length

from ..inputs import ConsultForm


def _clock():
    return URLSafeTimedSerializer(current_app.secret_key, salt="form-started")


#: How long a drawn form may wait before it is sent: a form left open over a long weekend.
STARTED_MAX_AGE = 7 * 24 * 3600


def form_started_token(key=""):
    """The signed time a form was drawn, bound to that one form's key, for its `started` field."""
    return _clock().dumps([time.time(), key])


def _read_started(token, max_age=None):
    """(time drawn, key of the form) from a `started` value, or None when forged or expired."""
    try:
        drawn, key = _clock().loads(token or "", max_age=max_age)
        return float(drawn), str(key)
    except (BadData, TypeError, ValueError):
        return None


class HumanCheckForm(ConsultForm):
    """A public form: `started` is signed when the form is drawn, `website` only robots fill in.

    `started` names the one form it was drawn for (its submission key, where it has one), so a
    value fetched once cannot time other posts: each needs its own drawn form, and the key stores
    one row however often it is sent (contributions/services.py).
    """

    started = HiddenField(default=form_started_token)
    website = StringField(_l("Leave this field empty"), validators=[
        Length(max=0, message=_l("Leave this field empty."))])

    def form_key(self):
        """The key `started` must be bound to: the submission key sent, or "" for a form without."""
        field = self._fields.get("submission_key")
        return (field.data or "") if field is not None else ""

    def started_for(self, key):
        """The `started` value to draw with `key`: the one sent with it again, else a new one."""
        sent = _read_started(self.started.data)
        return self.started.data if sent is not None and sent[1] == key else form_started_token(key)

    def seconds_taken(self):
        """Seconds between drawing the form and sending it, or None when unknown, forged, expired
        or drawn for another form (another submission key)."""
        sent = _read_started(self.started.data, max_age=STARTED_MAX_AGE)
        if sent is None or sent[1] != self.form_key():
            return None
        if "submission_key" in self._fields and not sent[1]:
            # A keyed form sent without its key: a value drawn for a keyless form (registration,
            # open to anyone) would otherwise time any number of posts.
            return None
        return max(0.0, time.time() - sent[0])

    def validate_started(self, _field):
        minimum = current_app.config.get("FORM_MIN_SECONDS", 0)
        if not minimum:
            return
        taken = self.seconds_taken()
        if taken is None or taken < minimum:
            self.started.data = form_started_token(self.form_key())  # the next try starts its own clock
            raise ValidationError(_l("That was quicker than a person can fill in this form. "
                                     "Check it, then send it again."))
