"""Small steps the auth and account tests share."""

import re
from contextlib import contextmanager
from types import SimpleNamespace
from unittest.mock import patch
from urllib.parse import urlsplit

from tests.factories import PASSWORD


def sign_in(client, user, password=PASSWORD, **fields):
    """Sign in through the real form, so the browser holds a real session."""
    return client.post("/auth/login", {"email": user.email, "password": password, **fields})


def is_signed_in(client):
    """Whether this browser is signed in: the account page opens instead of sending to sign-in."""
    return client.get("/account/").status_code == 200


@contextmanager
def account_mail():
    """The account mails (confirmation, reminders, reset links) sent inside the block."""
    sent = []
    with patch("consult.mail.outbox.send_mail",
               lambda to, subject, body: sent.append(SimpleNamespace(to=to, subject=subject, body=body))):
        yield sent


def confirmation_path(mail):
    """The path of the confirmation link in a mail."""
    return urlsplit(re.search(r"https?://\S+/auth/confirm/\S+", mail.body).group(0)).path


def register(client, fields, query=""):
    """Create an account the way a person does: the form, then the mailed link and the password
    again. Returns the answer to the last step (a redirect once signed in)."""
    with account_mail() as sent:
        answer = client.post(f"/auth/register{query}", fields)
    assert answer.status_code == 200, answer.status_code
    assert len(sent) == 1, [mail.subject for mail in sent]
    return client.post(confirmation_path(sent[0]), {"password": fields["password"]})
