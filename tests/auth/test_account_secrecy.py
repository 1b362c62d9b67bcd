"""Whether an address has an account is not given away: same answers, same work, mail sent later."""

import threading

import pytest

from consult.auth import services
from consult.mail import account, outbox
from tests.auth.helpers import sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD


@pytest.fixture
def verified(monkeypatch):
    """The hashes each sign-in verified against, in order."""
    seen = []
    real = services.hasher

    class Spy:
        def verify(self, hash_, password):
            seen.append(hash_)
            return real.verify(hash_, password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(services, "hasher", Spy())
    return seen


def test_an_unknown_address_is_verified_against_the_dummy_hash(client, make, verified):
    user = make.user()

    unknown = client.post("/auth/login", {"email": "nobody@example.ca", "password": PASSWORD})
    known = sign_in(client, user, password="not the password")

    assert verified == [services.dummy_hash(), user.password_hash]
    assert services.dummy_hash().startswith("$argon2id$")
    assert services.hasher.check_needs_rehash(services.dummy_hash()) is False  # same cost as real ones
    assert unknown.status_code == known.status_code == 200
    assert page_text(unknown).replace("nobody@example.ca", "@") == page_text(known).replace(user.email, "@")


def test_the_dummys_own_password_opens_nothing(client, db, verified):
    response = client.post("/auth/login", {"email": "nobody@example.ca",
                                           "password": "no account has this password"})

    assert verified == [services.dummy_hash()]
    assert response.status_code == 200
    assert "The email address or the password is not right." in page_text(response)


def test_reset_mail_leaves_the_request_before_it_is_sent(app, client, make, monkeypatch):
    """With MAIL_IN_BACKGROUND (the default outside tests), a slow mail server cannot make the
    answer for a real account slower than for an unknown one."""
    user = make.user()
    monkeypatch.setitem(app.config, "MAIL_IN_BACKGROUND", True)
    release, sent = threading.Event(), []

    def slow_smtp(to, subject, body):
        release.wait(10)
        sent.append(to)

    monkeypatch.setattr(outbox, "send_mail", slow_smtp)
    queued = []
    real_send_later = account.send_later
    monkeypatch.setattr(account, "send_later", lambda *a: queued.append(real_send_later(*a)))

    response = client.post("/auth/forgot", {"email": user.email})

    assert response.status_code == 200
    assert sent == []  # answered while the mail server still holds the message
    release.set()
    queued[0].result(timeout=10)
    assert sent == [user.email]


def test_a_failing_mail_server_is_logged_not_raised(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_IN_BACKGROUND", True)

    def broken(*_args):
        raise OSError("connection refused")

    monkeypatch.setattr(outbox, "send_mail", broken)
    monkeypatch.setattr(outbox.log, "disabled", False)
    with app.test_request_context():
        outbox.send_later("ana@example.ca", "Reset your password", "body").result(timeout=10)

    assert "account mail could not be sent: Reset your password" in caplog.text
