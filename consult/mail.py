"""Sending mail: SMTP when MAIL_SERVER is set, otherwise written to the log for development."""

import logging

from flask import current_app
from flask_mail import Message

from .extensions import mail

log = logging.getLogger(__name__)


def send_mail(to, subject, body):
    if current_app.config.get("MAIL_SERVER"):
        mail.send(Message(subject=subject, recipients=[to], body=body))
    else:
        log.warning("Mail not sent (MAIL_SERVER unset). To: %s\nSubject: %s\n\n%s", to, subject, body)
