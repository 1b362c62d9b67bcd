"""Sending mail: SMTP when MAIL_SERVER is set, otherwise written to the log for development."""

import logging
import smtplib

from flask import current_app
from flask_mail import Message

from .extensions import mail

log = logging.getLogger(__name__)


def send_messages(messages):
    """Send prepared Messages over one SMTP connection, or write them to the log without
    MAIL_SERVER. A failure is logged, never raised: callers send after their commit, and a mail
    server that is down must not undo what was saved. Returns how many were handed over."""
    if not current_app.config.get("MAIL_SERVER"):
        for message in messages:
            log.warning("Mail not sent (MAIL_SERVER unset). To: %s\nSubject: %s\n\n%s",
                        ", ".join(message.recipients), message.subject, message.body)
        return 0
    sent = 0
    try:
        with mail.connect() as connection:
            for message in messages:
                try:
                    connection.send(message)
                    sent += 1
                except smtplib.SMTPRecipientsRefused:
                    log.warning("Mail refused for %d recipient(s): %s", len(message.recipients), message.subject)
    except (smtplib.SMTPException, OSError):
        log.exception("Mail server failed after %d of %d messages", sent, len(messages))
    return sent


def send_mail(to, subject, body):
    if current_app.config.get("MAIL_SERVER"):
        mail.send(Message(subject=subject, recipients=[to], body=body))
    else:
        log.warning("Mail not sent (MAIL_SERVER unset). To: %s\nSubject: %s\n\n%s", to, subject, body)
