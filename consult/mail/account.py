"""The account mails: address confirmation, "you already have an account", password reset.

Each is written in the language of the request that asked for it and sent off the request path
(see outbox.py); the signed token comes from the caller, auth's services.
"""

from flask_babel import gettext as _

from .outbox import send_later
from .sending import external_url


def send_confirmation(email, confirmation):
    """The link that confirms a new account's address."""
    link = external_url("auth.confirm_address", confirmation=confirmation)
    body = _("Someone asked to create an account on Consult with this address. If it was you, "
             "follow this link within three days and type the password you chose:\n\n%(link)s\n\n"
             "If it was not you, ignore this message: the account is not opened without it.", link=link)
    send_later(email, _("Confirm your email address"), body)


def send_already_registered(email):
    """To the owner of an address that someone tried to register again."""
    body = _("Someone asked to create an account on Consult with this address, but it already has "
             "one. If it was you, sign in:\n\n%(sign_in)s\n\nIf you have forgotten your "
             "password, choose a new one:\n\n%(forgot)s\n\nIf it was not you, ignore this message.",
             sign_in=external_url("auth.login"), forgot=external_url("auth.forgot_password"))
    send_later(email, _("You already have an account"), body)


def send_password_reset(email, token):
    """The link that lets the account's owner choose a new password."""
    link = external_url("auth.reset_password", token=token)
    body = _("Someone asked to reset the password of your account. If it was you, follow this "
             "link within an hour:\n\n%(link)s\n\nIf it was not you, ignore this message.", link=link)
    send_later(email, _("Reset your password"), body)
