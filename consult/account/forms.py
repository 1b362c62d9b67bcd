"""Forms of the account area: language, name, password, appeal, about you, deleting the account."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..auth.forms import PASSWORD_RULES
from ..inputs import ConsultForm
from ..manage.forms import MultiCheckboxField
from ..models.vocabulary import PARTICIPANT_SEGMENTS, REGIONS


class LanguageForm(ConsultForm):
    locale = StringField()
    next = HiddenField()

    def validate_locale(self, field):
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError(_l("Choose English or French."))


class ProfileForm(ConsultForm):
    display_name = StringField(_l("Name shown with your contributions"), validators=[
        DataRequired(_l("Enter the name to show.")),
        Length(max=80, message=_l("Use 80 characters or fewer.")),
    ])


class ChangePasswordForm(ConsultForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")),
    ])
    new_password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm = PasswordField(_l("Confirm new password"), validators=[
        DataRequired(_l("Enter the new password again.")),
        EqualTo("new_password", _l("The two passwords do not match.")),
    ])


#: The longest appeal: a few sentences.
APPEAL_MAX = 1000


class AppealForm(ConsultForm):
    text = TextAreaField(_l("Why should a moderator look at it again?"), validators=[
        DataRequired(_l("Tell the moderators why you are appealing.")),
        Length(max=APPEAL_MAX, message=_l("Keep it under %(max)d characters.", max=APPEAL_MAX)),
    ])


class AboutYouForm(ConsultForm):
    """What a participant chooses to say about themselves; every part is optional."""

    segments = MultiCheckboxField(_l("Which of these describe you?"),
                                  choices=list(PARTICIPANT_SEGMENTS.items()), validate_choice=False)
    region = SelectField(_l("Where do you live?"), choices=[("", _l("Prefer not to say")), *REGIONS.items()],
                         validate_choice=False)
    save = SubmitField(_l("Save"))
    remove = SubmitField(_l("Remove what I told you"))

    def validate_segments(self, field):
        if any(code not in PARTICIPANT_SEGMENTS for code in field.data or ()):
            raise ValidationError(_l("Choose only from the list."))

    def validate_region(self, field):
        if field.data and field.data not in REGIONS:
            raise ValidationError(_l("Choose a place from the list."))


#: What happens to the person's ideas and comments when they delete their account.
KEEP_CONTRIBUTIONS = "keep"
REMOVE_CONTRIBUTIONS = "remove"


class DeleteAccountForm(ConsultForm):
    contributions = RadioField(_l("What should happen to your ideas and comments?"), choices=[
        (KEEP_CONTRIBUTIONS, _l("Keep them, shown as written by “Former participant”")),
        (REMOVE_CONTRIBUTIONS, _l("Remove their text too; replies by others stay readable")),
    ], default=KEEP_CONTRIBUTIONS, validators=[DataRequired(_l("Choose what happens to your contributions."))])
    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Enter your password.")),
    ])
