"""Forms to register, sign in and reset a password."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..inputs import ConsultForm
from ..web.robots import HumanCheckForm
from .passwords import NotCommon

PASSWORD_RULES = [
    DataRequired(_l("Enter a password.")),
    Length(min=8, max=256, message=_l("Use between 8 and 256 characters.")),
    NotCommon(),
]


class RegisterForm(HumanCheckForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Enter your email address.")),
        Email(_l("Enter an email address like name@example.ca."), check_deliverability=False),
        Length(max=254),
    ])
    display_name = StringField(_l("Name shown with your contributions"), validators=[
        DataRequired(_l("Enter the name to show.")),
        Length(max=80, message=_l("Use 80 characters or fewer.")),
    ])
    password = PasswordField(_l("Password"), validators=PASSWORD_RULES)
    confirm = PasswordField(_l("Confirm password"), validators=[
        DataRequired(_l("Enter the password again.")),
        EqualTo("password", _l("The two passwords do not match.")),
    ])


class LoginForm(ConsultForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ConfirmAddressForm(ConsultForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class ForgotPasswordForm(ConsultForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Enter your email address.")),
        Email(_l("Enter an email address like name@example.ca."), check_deliverability=False),
    ])


class ResetPasswordForm(ConsultForm):
    password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm = PasswordField(_l("Confirm new password"), validators=[
        DataRequired(_l("Enter the password again.")),
        EqualTo("password", _l("The two passwords do not match.")),
    ])
