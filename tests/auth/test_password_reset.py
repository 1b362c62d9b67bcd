"""Resetting a forgotten password through a link sent by mail."""

import logging
import re
from urllib.parse import urlsplit

import pytest

from tests.auth.helpers import is_signed_in, sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def mails(caplog, monkeypatch):
    """The mails written to the log (no MAIL_SERVER in tests)."""
    # Alembic's fileConfig, run by the app fixture's upgrade(), disables loggers that existed before.
    monkeypatch.setattr(logging.getLogger("consult.mail"), "disabled", False)
    caplog.set_level(logging.WARNING, logger="consult.mail")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "consult.mail"]


def reset_path(mail):
    link = re.search(r"https?://\S+/auth/reset/\S+", mail).group(0)
    return urlsplit(link).path


def ask_for_link(client, email, mails):
    response = client.post("/auth/forgot", {"email": email})
    assert response.status_code == 200
    assert "Check your email" in page_text(response)
    return mails()


def test_the_whole_reset(client, client_factory, make, mails):
    user = make.user()
    elsewhere = client_factory()
    sign_in(elsewhere, user)

    sent = ask_for_link(client, user.email, mails)
    assert len(sent) == 1
    assert f"To: {user.email}" in sent[0]
    path = reset_path(sent[0])

    form = client.get(path)
    assert form.status_code == 200
    assert "Choose a new password" in page_text(form)

    response = client.post(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.location == "/auth/login"

    assert sign_in(client, user).status_code == 200
    assert sign_in(client, user, password=NEW_PASSWORD).status_code == 302
    assert not is_signed_in(elsewhere)


def test_a_reset_link_works_once(client, make, mails):
    user = make.user()
    path = reset_path(ask_for_link(client, user.email, mails)[0])
    client.post(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    again = client.get(path)
    reuse = client.post(path, {"password": "yet another passphrase", "confirm": "yet another passphrase"})

    for response in (again, reuse):
        assert response.status_code == 400
        assert "This link does not work any more" in page_text(response)
    assert sign_in(client, user, password=NEW_PASSWORD).status_code == 302


def test_the_new_password_must_be_confirmed(client, make, mails):
    user = make.user()
    path = reset_path(ask_for_link(client, user.email, mails)[0])

    response = client.post(path, {"password": NEW_PASSWORD, "confirm": "something else"})

    assert response.status_code == 200
    assert "The two passwords do not match." in page_text(response)
    assert sign_in(client, user, password=PASSWORD).status_code == 302


@pytest.mark.parametrize("token", ["garbage", "eyJ1c2VyIjoxfQ.abc.def", "a" * 300])
def test_a_garbage_token_shows_the_link_does_not_work(client, token):
    response = client.get(f"/auth/reset/{token}")

    assert response.status_code == 400
    assert "This link does not work any more" in page_text(response)


def test_an_expired_link_does_not_work(app, client, make, mails, monkeypatch):
    user = make.user()
    path = reset_path(ask_for_link(client, user.email, mails)[0])
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)

    assert client.get(path).status_code == 400


def test_an_unknown_email_gets_the_same_page_and_no_mail(client, make, mails):
    user = make.user()

    known = client.post("/auth/forgot", {"email": user.email})
    unknown = client.post("/auth/forgot", {"email": "nobody@example.ca"})

    assert unknown.status_code == known.status_code == 200
    assert page_text(unknown).replace("nobody@example.ca", "@") == page_text(known).replace(user.email, "@")
    assert len(mails()) == 1
