"""Forms of the account area: language, name, password, appeal."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..auth.forms import PASSWORD_RULES


class LanguageForm(FlaskForm):
    locale = StringField()
    next = HiddenField()

    def validate_locale(self, field):
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError(_l("Choose English or French."))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name shown with your contributions"), validators=[
        DataRequired(_l("Enter the name to show.")),
        Length(max=80, message=_l("Use 80 characters or fewer.")),
    ])


class ChangePasswordForm(FlaskForm):
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


class AppealForm(FlaskForm):
    text = TextAreaField(_l("Why should a moderator look at it again?"), validators=[
        DataRequired(_l("Tell the moderators why you are appealing.")),
        Length(max=APPEAL_MAX, message=_l("Keep it under %(max)d characters.", max=APPEAL_MAX)),
    ])
