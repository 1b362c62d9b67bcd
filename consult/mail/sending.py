"""Sending mail: SMTP when MAIL_SERVER is set, otherwise written to the log for development;
and the links mails carry, built on the site's public address."""

import logging
import smtplib
from urllib.parse import urlsplit

from flask import current_app
from flask_mail import Message

from ..extensions import mail

#: Named for the package, as it was when sending was one module: log filters know "consult.mail".
log = logging.getLogger("consult.mail")


def external_url(endpoint, **values):
    """The full address of `endpoint` on SITE_URL, the site's configured public address: never
    on the Host header of the request that caused the mail, which anyone can set."""
    site = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(site.netloc, script_name=site.path or "/", url_scheme=site.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def _log_unsent(recipients, subject, body):
    """Without MAIL_SERVER: the whole mail in development (to follow its links), else only that
    one was not sent: a mail's text holds reset and confirmation links."""
    if current_app.config.get("MAIL_BODIES_TO_LOG"):
        log.warning("Mail not sent (MAIL_SERVER unset). To: %s\nSubject: %s\n\n%s",
                    ", ".join(recipients), subject, body)
    else:
        log.error("Mail not sent (MAIL_SERVER unset): %s, to %d recipient(s)", subject, len(recipients))


def send_messages(messages):
    """Send prepared Messages over one SMTP connection, or log them without MAIL_SERVER (see
    `_log_unsent`). A failure is logged, never raised: callers send after their commit, and a mail
    server that is down must not undo what was saved. Returns how many were handed over."""
    if not current_app.config.get("MAIL_SERVER"):
        for message in messages:
            _log_unsent(message.recipients, message.subject, message.body)
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
    """Send one mail now, or log it without MAIL_SERVER (see `_log_unsent`)."""
    if current_app.config.get("MAIL_SERVER"):
        mail.send(Message(subject=subject, recipients=[to], body=body))
    else:
        _log_unsent([to], subject, body)
