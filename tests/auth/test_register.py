"""Creating an account: the form, the mailed link, and an answer that never tells whether an
address is registered."""

import pytest

from consult.auth import services
from consult.models import User
from tests.auth.helpers import account_mail, confirmation_path, is_signed_in, register, sign_in
from tests.conftest import page_text

GOOD = {
    "email": "Ana.Tremblay@Example.CA",
    "display_name": "Ana",
    "password": "maple syrup in winter",
    "confirm": "maple syrup in winter",
}


def accounts(db):
    return db.session.scalar(db.select(db.func.count()).select_from(User))


def test_register_mails_a_link_and_signs_in_only_once_it_is_followed(client, db):
    with account_mail() as sent:
        response = client.post("/auth/register", GOOD)

    assert response.status_code == 200
    assert "Check your email" in page_text(response)
    user = db.session.scalar(db.select(User))
    assert user.email == "ana.tremblay@example.ca"
    assert user.display_name == "Ana"
    assert user.password_hash != GOOD["password"]
    assert user.confirmed_at is None
    assert not is_signed_in(client)
    assert [mail.to for mail in sent] == ["ana.tremblay@example.ca"]
    assert sent[0].subject == "Confirm your email address"

    page = client.get(confirmation_path(sent[0]))
    assert page.status_code == 200
    assert "ana.tremblay@example.ca" in page_text(page)
    assert not is_signed_in(client)  # opening the link (a mail scanner does) confirms nothing

    confirmed = client.post(confirmation_path(sent[0]), {"password": GOOD["password"]})

    assert confirmed.status_code == 302
    assert is_signed_in(client)
    db.session.refresh(user)
    assert user.confirmed_at is not None


def test_an_unconfirmed_account_cannot_sign_in_and_gets_a_new_link(client, db):
    with account_mail():
        client.post("/auth/register", GOOD)
    user = db.session.scalar(db.select(User))

    with account_mail() as sent:
        response = sign_in(client, user, password=GOOD["password"])

    assert response.status_code == 200
    assert "Your account waits for you to confirm your address." in page_text(response)
    assert not is_signed_in(client)
    assert [mail.subject for mail in sent] == ["Confirm your email address"]


def test_a_wrong_password_for_an_unconfirmed_account_says_nothing_more(client, db):
    with account_mail():
        client.post("/auth/register", GOOD)
    user = db.session.scalar(db.select(User))

    with account_mail() as sent:
        response = sign_in(client, user, password="not the password at all")

    assert "The email address or the password is not right." in page_text(response)
    assert sent == []


def test_the_link_needs_the_password_chosen(client, db):
    with account_mail() as sent:
        client.post("/auth/register", GOOD)

    response = client.post(confirmation_path(sent[0]), {"password": "somebody else's guess"})

    assert response.status_code == 200
    assert "This is not the password chosen for this account." in page_text(response)
    assert not is_signed_in(client)
    assert db.session.scalar(db.select(User)).confirmed_at is None


def test_the_link_works_once(client, client_factory):
    with account_mail() as sent:
        client.post("/auth/register", GOOD)
    link = confirmation_path(sent[0])
    client.post(link, {"password": GOOD["password"]})

    again = client_factory().get(link)

    assert again.status_code == 400
    assert "This link does not work any more" in page_text(again)


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ.forged.signature"])
def test_a_forged_link_is_refused(client, token):
    response = client.get(f"/auth/confirm/{token}")

    assert response.status_code == 400
    assert "This link does not work any more" in page_text(response)


def test_registering_again_before_confirming_replaces_the_password_and_the_old_link(client, db):
    """Someone who registers an address that is not theirs cannot keep the account: the owner
    registers again, the older link dies, and confirming needs the owner's password."""
    with account_mail() as first:
        client.post("/auth/register", {**GOOD, "password": "an intruder's password",
                                        "confirm": "an intruder's password"})
    with account_mail() as second:
        client.post("/auth/register", GOOD)

    assert accounts(db) == 1
    assert client.get(confirmation_path(first[0])).status_code == 400
    assert client.post(confirmation_path(second[0]), {"password": GOOD["password"]}).status_code == 302


def test_register_follows_a_safe_next_after_confirming(client):
    response = register(client, GOOD, query="?next=/consultations/")

    assert response.location == "/consultations/"


def test_an_address_with_an_account_gets_the_same_page_and_a_reminder_by_mail(client, db, make):
    make.user(email="ana.tremblay@example.ca")

    with account_mail() as sent:
        response = client.post("/auth/register", GOOD)

    assert response.status_code == 200
    assert accounts(db) == 1
    assert not is_signed_in(client)
    assert [mail.subject for mail in sent] == ["You already have an account"]
    assert "/auth/login" in sent[0].body and "/auth/forgot" in sent[0].body


def test_both_answers_are_the_same_and_cost_one_password_hash(app, client_factory, db, make, monkeypatch):
    make.user(email="taken@example.ca")
    hashed = []
    real = services.hasher

    class Spy:
        def hash(self, password):
            hashed.append(password)
            return real.hash(password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(services, "hasher", Spy())

    with account_mail() as sent:
        new = client_factory().post("/auth/register", {**GOOD, "email": "new@example.ca"})
        taken = client_factory().post("/auth/register", {**GOOD, "email": "taken@example.ca"})

    assert len(hashed) == 2  # one each
    assert len(sent) == 2  # one mail each
    assert new.status_code == taken.status_code == 200
    assert page_text(new).replace("new@example.ca", "@") == page_text(taken).replace("taken@example.ca", "@")


def test_a_reset_link_confirms_a_waiting_account(app, client, db):
    with account_mail():
        client.post("/auth/register", GOOD)
    user = db.session.scalar(db.select(User))
    with app.test_request_context():
        token = services.reset_token(user)

    client.post(f"/auth/reset/{token}", {"password": "a brand new passphrase",
                                          "confirm": "a brand new passphrase"})

    db.session.refresh(user)
    assert user.confirmed_at is not None
    assert sign_in(client, user, password="a brand new passphrase").status_code == 302


@pytest.mark.parametrize(("changes", "message"), [
    ({"password": "short", "confirm": "short"}, "Use between 8 and 256 characters."),
    ({"confirm": "maple syrup in summer"}, "The two passwords do not match."),
    ({"email": "not-an-address"}, "Enter an email address like name@example.ca."),
    ({"display_name": "x" * 81}, "Use 80 characters or fewer."),
])
def test_register_explains_what_is_wrong(client, db, changes, message):
    response = client.post("/auth/register", {**GOOD, **changes})

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert db.session.scalar(db.select(User)) is None


def test_register_with_nothing_filled_in_names_every_missing_field(client, db):
    response = client.post("/auth/register", {})

    assert response.status_code == 200
    text = page_text(response)
    for message in ("Enter your email address.", "Enter the name to show.",
                    "Enter a password.", "Enter the password again."):
        assert message in text
    assert db.session.scalar(db.select(User)) is None


def test_register_keeps_what_was_typed_except_passwords(client):
    response = client.post("/auth/register", {**GOOD, "confirm": "something else"})

    html = response.get_data(as_text=True)
    assert 'value="Ana.Tremblay@Example.CA"' in html
    assert 'value="Ana"' in html
    assert GOOD["password"] not in html
