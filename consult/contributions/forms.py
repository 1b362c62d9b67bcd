"""Forms to comment, reply, propose an idea, vote, flag, edit and delete."""

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ..models.vocabulary import FLAG_REASONS

BODY_MAX = 5000


class SubmissionForm(FlaskForm):
    """A form that stores a new contribution.

    Its key makes a double submit store one row; `started` (signed when the form is drawn)
    tells screening how fast it was written; `website` is a trap only robots fill in.
    """

    submission_key = HiddenField(validators=[Length(max=64)])
    started = HiddenField()
    website = StringField(_l("Leave this field empty"), validators=[
        Length(max=0, message=_l("Leave this field empty."))])

    def seconds_taken(self):
        """Seconds between drawing the form and sending it, or None when unknown or forged."""
        try:
            drawn = _clock().loads(self.started.data or "", max_age=7 * 24 * 3600)
        except BadData:
            return None
        return max(0.0, time.time() - float(drawn))


def _clock():
    return URLSafeTimedSerializer(current_app.secret_key, salt="form-started")


def form_started_token():
    """The signed time a form was drawn, for its `started` field."""
    return _clock().dumps(time.time())


class CommentForm(SubmissionForm):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Write your comment before sending it.")),
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX)),
    ])


class IdeaForm(SubmissionForm):
    title = StringField(_l("Your idea in a sentence"), validators=[
        DataRequired(_l("Give your idea a title.")),
        Length(max=200, message=_l("Keep the title under 200 characters.")),
    ])
    body = TextAreaField(_l("Explain your idea"), validators=[
        DataRequired(_l("Explain your idea.")),
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX)),
    ])


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[
        DataRequired(_l("The text cannot be empty. To remove it, delete it instead.")),
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX)),
    ])


class VoteForm(FlaskForm):
    #: "1" agree, "-1" disagree, "0" withdraw.
    value = HiddenField(validators=[AnyOf(["1", "-1", "0"])])


class FlagForm(FlaskForm):
    reason = RadioField(_l("What is wrong with it?"), choices=list(FLAG_REASONS.items()),
                        validators=[DataRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Anything to add (optional)"), validators=[Optional(), Length(max=500)])


class DeleteForm(FlaskForm):
    """Only the CSRF token: the button is the confirmation."""
