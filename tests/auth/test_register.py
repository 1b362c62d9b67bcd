"""Creating an account."""

import pytest

from consult.models import User
from tests.auth.helpers import is_signed_in
from tests.conftest import page_text

GOOD = {
    "email": "Ana.Tremblay@Example.CA",
    "display_name": "Ana",
    "password": "maple syrup in winter",
    "confirm": "maple syrup in winter",
}


def test_register_signs_in_and_stores_a_lowercased_email(client, db):
    response = client.post("/auth/register", GOOD)

    assert response.status_code == 302
    user = db.session.scalar(db.select(User))
    assert user.email == "ana.tremblay@example.ca"
    assert user.display_name == "Ana"
    assert user.password_hash != GOOD["password"]
    assert is_signed_in(client)


def test_register_follows_a_safe_next(client):
    response = client.post("/auth/register?next=/consultations/", GOOD)

    assert response.location == "/consultations/"


def test_register_with_a_registered_email_in_other_case_is_refused(client, db, make):
    make.user(email="ana.tremblay@example.ca")

    response = client.post("/auth/register", GOOD)

    assert response.status_code == 200
    assert "An account already uses this address." in page_text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    assert not is_signed_in(client)


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
