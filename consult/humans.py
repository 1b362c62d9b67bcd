"""Telling people from robots on public forms: a trap field and a minimum time to fill a form in."""

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import HiddenField, StringField, ValidationError
from wtforms.validators import Length

from .inputs import ConsultForm


def _clock():
    return URLSafeTimedSerializer(current_app.secret_key, salt="form-started")


def form_started_token():
    """The signed time a form was drawn, for its `started` field."""
    return _clock().dumps(time.time())


class HumanCheckForm(ConsultForm):
    """A public form: `started` is signed when the form is drawn, `website` only robots fill in."""

    started = HiddenField(default=form_started_token)
    website = StringField(_l("Leave this field empty"), validators=[
        Length(max=0, message=_l("Leave this field empty."))])

    def seconds_taken(self):
        """Seconds between drawing the form and sending it, or None when unknown or forged."""
        try:
            drawn = _clock().loads(self.started.data or "", max_age=7 * 24 * 3600)
        except BadData:
            return None
        return max(0.0, time.time() - float(drawn))

    def validate_started(self, _field):
        minimum = current_app.config.get("FORM_MIN_SECONDS", 0)
        if not minimum:
            return
        taken = self.seconds_taken()
        if taken is None or taken < minimum:
            self.started.data = form_started_token()  # the next try starts its own clock
            raise ValidationError(_l("That was quicker than a person can fill in this form. "
                                     "Check it, then send it again."))
