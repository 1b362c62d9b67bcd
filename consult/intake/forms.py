"""The form intake staff fill in for one piece of input received off-line."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from ..inputs import ConsultForm
from ..manage.forms import strip_text
from ..models.base import utcnow
from ..models.contributions import BODY_MAX
from ..models.vocabulary import CHANNELS

#: Input may reach government a little before a consultation opens and still count.
DAYS_BEFORE_OPENING = 30

#: The kinds of contribution intake staff may record, with the consultation action each needs.
KINDS = {"comment": _l("A comment"), "idea": _l("An idea")}

#: The most people one workshop entry may speak for.
MAX_ATTENDANCE = 10_000

#: Every channel but the web: what arrives online is typed in by the person themselves.
OFFLINE_CHANNELS = [(code, name) for code, name in CHANNELS.items() if code != "web"]


def _attendance_at_a_workshop(form, field):
    """A workshop entry says how many people took part (every other entry is one person)."""
    if form.channel.data == "workshop" and not (field.raw_data and field.raw_data[0].strip()):
        raise StopValidation(_l("Enter how many people took part in the workshop."))


class RecordForm(ConsultForm):
    submission_key = HiddenField(validators=[Length(max=64)])
    channel = RadioField(_l("How did it reach you?"), choices=OFFLINE_CHANNELS,
                         validators=[DataRequired(_l("Choose how the input reached you."))])
    received_on = DateField(_l("Date received"), format="%Y-%m-%d", default=lambda: utcnow().date(),
                            validators=[DataRequired(_l("Enter the date it was received, like 2025-03-31."))])
    people_count = IntegerField(_l("How many people took part"), validators=[
        _attendance_at_a_workshop, Optional(), NumberRange(min=1, max=MAX_ATTENDANCE,
                                message=_l("Enter a number from 1 to %(max)d.", max=MAX_ATTENDANCE))])
    kind = RadioField(_l("What is it?"), default="comment",
                      validators=[DataRequired(_l("Choose whether it is an idea or a comment."))])
    title = StringField(_l("The idea in a sentence"), filters=[strip_text], validators=[
        Length(max=200, message=_l("Keep the title under 200 characters."))])
    body = TextAreaField(_l("What the person said"), filters=[strip_text], validators=[
        DataRequired(_l("Enter what the person said.")),
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX)),
    ])
    idea = SelectField(_l("On an idea (optional)"), coerce=int, default=0)
    consent = BooleanField(_l("The person agreed to be contacted about this"))
    contact_name = StringField(_l("Their name (optional)"), filters=[strip_text], validators=[
        Optional(), Length(max=120, message=_l("Use 120 characters or fewer."))])
    contact = StringField(_l("How to reach them"), filters=[strip_text], validators=[
        Length(max=300, message=_l("Use 300 characters or fewer."))])

    def __init__(self, *args, consultation, ideas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.kind.choices = [(kind, name) for kind, name in KINDS.items() if consultation.allows(kind)]
        self.idea.choices = [(0, _l("No, on the consultation as a whole"))] + [
            (idea.id, idea.title) for idea in ideas]

    def earliest_date(self):
        """The first day input may have been received: some days before the consultation opened."""
        opened = self.consultation.opens_on or self.consultation.created_at.date()
        return opened - timedelta(days=DAYS_BEFORE_OPENING)

    def validate_received_on(self, field):
        if field.data > utcnow().date():
            raise ValidationError(_l("The date received cannot be in the future."))
        if field.data < self.earliest_date():
            raise ValidationError(_l("The date received cannot be before %(date)s.",
                                     date=self.earliest_date().isoformat()))

    def validate_title(self, field):
        if self.kind.data == "idea" and not field.data:
            raise ValidationError(_l("Give the idea a title."))

    def validate_contact(self, field):
        if self.consent.data and not field.data:
            raise ValidationError(_l("Enter how to reach the person, or untick their agreement."))
        if not self.consent.data and field.data:
            raise ValidationError(_l("Keep contact details only when the person agreed: tick the box or "
                                     "leave this empty."))

    def validate_contact_name(self, field):
        if not self.consent.data and field.data:
            raise ValidationError(_l("Keep a name only when the person agreed to be contacted."))

    def entry_data(self):
        """The submitted values, named as services.record_input expects them."""
        is_idea = self.kind.data == "idea"
        return dict(
            channel=self.channel.data, received_on=self.received_on.data, kind=self.kind.data,
            people_count=self.people_count.data if self.channel.data == "workshop" else None,
            title=self.title.data if is_idea else None, body=self.body.data,
            idea_id=None if is_idea else (self.idea.data or None),
            submission_key=self.submission_key.data or None,
            contact_name=self.contact_name.data or "",
            contact=self.contact.data if self.consent.data else None,
        )


class ToldForm(ConsultForm):
    """Staff mark that they called or wrote to one person on the follow-up list."""

    contribution_id = HiddenField(validators=[DataRequired(_l("Choose the person you told.")),
                                              Regexp(r"^[0-9]{1,9}$", message=_l("Choose the person you told."))])

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation

    def validate_contribution_id(self, field):
        if self.consultation.status != "reported":
            raise ValidationError(_l("The outcome is not published yet: tell people once it is."))
