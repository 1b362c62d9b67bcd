"""What a password may be: 8 to 256 characters, and not one of the commonest."""

import pytest

from consult.auth.passwords import is_too_common
from consult.models import User
from tests.auth.helpers import account_mail, confirmation_path, sign_in
from tests.conftest import page_text

COMMON = "This password is too common and easy to guess."
#: 128 characters of an ordinary passphrase: long passwords are welcome.
LONG = ("the old ferry to the island leaves at seven in summer and at eight in winter, "
        "so bring a warm coat, a thermos and a book to read")


def register(client, password, email="ana@example.ca", name="Ana"):
    """The form's answer when it refuses the password, else the answer to confirming."""
    with account_mail() as sent:
        answer = client.post("/auth/register", {"email": email, "display_name": name,
                                                "password": password, "confirm": password})
    if not sent:
        return answer
    return client.post(confirmation_path(sent[0]), {"password": password})


def test_the_long_example_really_is_128_characters():
    assert len(LONG) == 128


@pytest.mark.parametrize("password", ["kq7#vLp2", LONG, "maple syrup in winter"])
def test_eight_to_128_characters_are_accepted(client, db, password):
    response = register(client, password)

    assert response.status_code == 302
    user = db.session.scalar(db.select(User))
    assert sign_in(client.__class__(client.app), user, password=password).status_code == 302


@pytest.mark.parametrize(("password", "message"), [
    ("kq7#vLp", "Use between 8 and 256 characters."),
    ("a" * 257, "Use between 8 and 256 characters."),
])
def test_too_short_or_too_long_is_refused(client, db, password, message):
    response = register(client, password)

    assert response.status_code == 200
    assert message in page_text(response)
    assert COMMON not in page_text(response)  # one message at a time
    assert db.session.scalar(db.select(User)) is None


@pytest.mark.parametrize("password", [
    "password", "Password1", "P@ssw0rd", "12345678", "iloveyou", "qwertyuiop", "qwerty123",
    "sunshine1", "1q2w3e4r", "aaaaaaaa",
])
def test_the_commonest_passwords_are_refused_with_a_clear_message(client, db, password):
    response = register(client, password)

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert COMMON in text
    assert "Try a few unrelated words instead." in text
    assert db.session.scalar(db.select(User)) is None


def test_a_password_made_of_ones_own_address_is_refused(client, db):
    response = register(client, "ana.tremblay@example.ca", email="ana.tremblay@example.ca")

    assert COMMON in page_text(response)
    assert not is_too_common("ana.tremblay@example.ca")  # only because it is hers


def test_a_common_password_is_refused_when_changing_it_too(client, make):
    user = make.user()
    client.login_as(user)

    response = client.post("/account/password", {"current_password": "correct horse battery staple",
                                                  "new_password": "iloveyou1", "confirm": "iloveyou1"})

    assert response.status_code == 200
    assert COMMON in page_text(response)
