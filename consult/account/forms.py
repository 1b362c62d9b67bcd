"""Forms of the account area: language, name, password."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
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
