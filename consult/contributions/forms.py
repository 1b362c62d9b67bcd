"""Forms to comment, reply, propose an idea, vote, flag, edit and delete."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..inputs import ConsultForm
from ..models.contributions import BODY_MAX
from ..models.vocabulary import FLAG_REASONS
from ..web.robots import HumanCheckForm


class SubmissionForm(HumanCheckForm):
    """A form that stores a new contribution; its key makes a double submit store one row.

    `started` also tells screening how fast the text was written (HumanCheckForm).
    """

    submission_key = HiddenField(validators=[Length(max=64)])


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


class EditForm(ConsultForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[
        DataRequired(_l("The text cannot be empty. To remove it, delete it instead.")),
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX)),
    ])


#: What a vote button sends as `value`: agree, disagree, withdraw.
VOTE_VALUES = {"1": 1, "-1": -1, "0": 0}


def submitted_vote(formdata):
    """The vote a posted form asks for (1, -1 or 0), or None when it names none.

    Not a FlaskForm: the one hidden field is drawn by its partial and has no message to show,
    and CSRFProtect checks the token of every POST before any view runs. Building a WTForms
    form would cost a vote more than one of its queries.
    """
    return VOTE_VALUES.get(formdata.get("value", ""))


class FlagForm(ConsultForm):
    reason = RadioField(_l("What is wrong with it?"), choices=list(FLAG_REASONS.items()),
                        validators=[DataRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Anything to add (optional)"), validators=[Optional(), Length(max=500)])


class DeleteForm(ConsultForm):
    """Only the CSRF token: the button is the confirmation."""
