"""Forms to create and edit consultations and services, and to move a consultation's status."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from .. import bilingual
from ..inputs import ConsultForm
from ..models import Consultation, Service
from ..models.vocabulary import LIFE_EVENTS, MODERATION_MODES, SEGMENTS, SERVICE_CHANNELS, STATUSES
from . import services

SLUG_RULES = [
    DataRequired(_l("Enter a short web address.")),
    Length(max=80, message=_l("Use 80 characters or fewer.")),
    Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z", message=_l(
        "Use only lowercase letters, digits and single hyphens, like newborn-registration.")),
]


def strip_text(value):
    """A filter: surrounding spaces are never part of a value."""
    return value.strip() if isinstance(value, str) else value


def _at_most(length):
    return Length(max=length, message=_l("Use %(max)d characters or fewer.", max=length))


CONSULTATION_TEXTS = ("slug", "title_en", "title_fr", "summary_en", "summary_fr", "background_en",
                      "background_fr")
CONSULTATION_SETTINGS = ("opens_on", "closes_on", "moderation_mode", "flag_threshold",
                         "accepts_ideas", "accepts_comments")


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes: the forms macro renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _require_one_language(english, french, message):
    if not (english.data or "").strip() and not (french.data or "").strip():
        english.errors.append(message)
        return False
    return True


def _check_slug_free(model, field, current):
    if services.slug_taken(model, field.data, current):
        raise ValidationError(_l("This web address is already used. Choose another."))


class ConsultationForm(ConsultForm):
    lead_organization = SelectField(_l("Lead organisation"), coerce=int, validators=[
        DataRequired(_l("Choose the lead organisation."))])
    partners = MultiCheckboxField(_l("Partner organisations"), coerce=int)
    service = SelectField(_l("Service"), coerce=int, validators=[
        DataRequired(_l("Choose the service this consultation is about."))])
    slug = StringField(_l("Short web address"), validators=SLUG_RULES, filters=[strip_text])
    title_en = StringField(_l("Title in English"), validators=[_at_most(200)])
    title_fr = StringField(_l("Title in French"), validators=[_at_most(200)])
    summary_en = TextAreaField(_l("Summary in English"))
    summary_fr = TextAreaField(_l("Summary in French"))
    background_en = TextAreaField(_l("Background in English"))
    background_fr = TextAreaField(_l("Background in French"))
    opens_on = DateField(_l("Opens on"), validators=[Optional()], format="%Y-%m-%d")
    closes_on = DateField(_l("Closes on"), validators=[Optional()], format="%Y-%m-%d")
    moderation_mode = RadioField(_l("Moderation"), choices=list(MODERATION_MODES.items()),
                                 default="post",
                                 validators=[DataRequired(_l("Choose how contributions are moderated."))])
    flag_threshold = IntegerField(
        _l("Hide a contribution until reviewed once this many people flag it"), default=3,
        validators=[Optional(),
                    NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100."))])
    accepts_ideas = BooleanField(_l("People may propose ideas"), default=True)
    accepts_comments = BooleanField(_l("People may comment"), default=True)

    def __init__(self, *args, current=None, lead_choices=(), organization_choices=(),
                 service_choices=(), organizations_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.lead_organization.choices = list(lead_choices)
        self.partners.choices = list(organization_choices)
        self.service.choices = list(service_choices)
        #: The person may not change the lead and the partners: the page does not show those
        #: fields, and whatever is posted for them goes to the service, which refuses a change.
        self.organizations_locked = organizations_locked
        if organizations_locked:
            self.lead_organization.validators = [Optional()]
            self.lead_organization.validate_choice = False
            self.partners.validate_choice = False

    def validate_slug(self, field):
        _check_slug_free(Consultation, field, self.current)

    def validate_partners(self, field):
        if self.lead_organization.data in (field.data or []):
            raise ValidationError(_l("The lead organisation cannot also be a partner."))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data <= self.opens_on.data:
            raise ValidationError(_l("The closing date must be after the opening date."))

    def validate(self, extra_validators=None):
        """A draft needs a title in one language; a public consultation all its texts in both."""
        valid = super().validate(extra_validators)
        if self.current is not None and self.current.is_public:
            texts = {name: self[name].data for name in CONSULTATION_TEXTS}
            return bilingual.show_missing(self, bilingual.missing("consultation", texts)) and valid
        return _require_one_language(
            self.title_en, self.title_fr, _l("Enter a title in English or in French.")
        ) and valid

    def consultation_data(self):
        """The submitted values, texts trimmed, named as the services expect them."""
        data = {name: (self[name].data or "").strip() for name in CONSULTATION_TEXTS}
        data.update({name: self[name].data for name in CONSULTATION_SETTINGS})
        data["flag_threshold"] = data["flag_threshold"] or 3
        data["service_id"] = self.service.data
        if not self.organizations_locked or self.lead_organization.raw_data:
            data["lead_organization_id"] = self.lead_organization.data
        if not self.organizations_locked or self.partners.raw_data:
            data["partner_ids"] = list(self.partners.data or [])
        return data


class ServiceForm(ConsultForm):
    organization_id = SelectField(_l("Organisation responsible"), coerce=int, validators=[
        DataRequired(_l("Choose the organisation responsible for the service."))])
    slug = StringField(_l("Short web address"), validators=SLUG_RULES, filters=[strip_text])
    name_en = StringField(_l("Name in English"), validators=[_at_most(200)])
    name_fr = StringField(_l("Name in French"), validators=[_at_most(200)])
    description_en = TextAreaField(_l("Description in English"))
    description_fr = TextAreaField(_l("Description in French"))
    life_event = MultiCheckboxField(_l("Life events"), choices=list(LIFE_EVENTS.items()))
    segment = MultiCheckboxField(_l("Who it serves"), choices=list(SEGMENTS.items()))
    channel = MultiCheckboxField(_l("How it is delivered"), choices=list(SERVICE_CHANNELS.items()))

    def __init__(self, *args, current=None, owner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.organization_id.choices = list(owner_choices)

    def validate_slug(self, field):
        _check_slug_free(Service, field, self.current)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return _require_one_language(
            self.name_en, self.name_fr, _l("Enter a name in English or in French.")
        ) and valid

    def service_data(self):
        """The submitted values, named as the services expect them."""
        data = {name: (self[name].data or "").strip()
                for name in ("slug", "name_en", "name_fr", "description_en", "description_fr")}
        data["codes"] = {kind: list(self[kind].data or []) for kind in ("life_event", "segment", "channel")}
        data["organization_id"] = self.organization_id.data
        return data


class StatusForm(ConsultForm):
    status = SelectField(_l("New status"), choices=list(STATUSES.items()),
                         validators=[DataRequired(_l("Choose a status."))])
