"""Forms to describe organisations and to give people roles in them."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..inputs import ConsultForm
from ..manage.forms import SLUG_RULES, strip_text
from ..models import Organization
from ..models.vocabulary import LEVELS, ROLES
from . import services
from .activity import KINDS, Filters


class OrganizationForm(ConsultForm):
    slug = StringField(_l("Short web address"), validators=SLUG_RULES, filters=[strip_text])
    name_en = StringField(_l("Name in English"), validators=[
        DataRequired(_l("Enter the name in English.")),
        Length(max=200, message=_l("Use 200 characters or fewer.")),
    ])
    name_fr = StringField(_l("Name in French"), validators=[
        DataRequired(_l("Enter the name in French.")),
        Length(max=200, message=_l("Use 200 characters or fewer.")),
    ])
    level = SelectField(_l("Level of government"), choices=list(LEVELS.items()),
                        validators=[DataRequired(_l("Choose the level of government."))])

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def validate_slug(self, field):
        if services.slug_taken(Organization, field.data, self.current):
            raise ValidationError(_l("This web address is already used. Choose another."))

    def organization_data(self):
        """The submitted values, trimmed, as the services expect them."""
        return {name: (self[name].data or "").strip() for name in ("slug", "name_en", "name_fr", "level")}


class MembershipForm(ConsultForm):
    email = EmailField(_l("Email address of the person"), filters=[strip_text], validators=[
        DataRequired(_l("Enter the person's email address.")),
        Email(_l("Enter an email address like name@example.ca."), check_deliverability=False),
    ])
    role = SelectField(_l("Role"), choices=list(ROLES.items()),
                       validators=[DataRequired(_l("Choose a role."))])


class ActivityFilterForm(ConsultForm):
    """The activity log's filters: read from the address, so a filtered page can be linked to."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of event"), validators=[Optional()])
    person = SelectField(_l("Person"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()], format="%Y-%m-%d")
    until = DateField(_l("To"), validators=[Optional()], format="%Y-%m-%d")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Every kind"))] + [(k, label) for k, (label, _a) in KINDS.items()]
        self.person.choices = [("", _l("Anyone"))] + [(str(p.id), p.display_name) for p in people]

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must be on or after the start date."))

    def filters(self):
        """The valid filters (an invalid one is left out), as activity.Filters."""
        def valid(name):
            return self[name].data if not self[name].errors else None

        person = valid("person")
        return Filters(kind=valid("kind") or None, person_id=int(person) if person else None,
                       since=valid("since"), until=valid("until"))
