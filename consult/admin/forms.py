"""Forms to describe organisations and to give people roles in them."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from ..inputs import ConsultForm
from ..manage.forms import SLUG_RULES, strip_text
from ..models import Organization
from ..models.vocabulary import LEVELS, ROLES
from . import services


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
