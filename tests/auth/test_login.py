"""Signing in."""

import pytest

from tests.auth.helpers import is_signed_in, sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD

WRONG = "The email address or the password is not right."


def test_right_password_signs_in_and_goes_to_a_safe_next(client, make):
    user = make.user()

    response = sign_in(client, user, next="/consultations/?status=open")

    assert response.status_code == 302
    assert response.location == "/consultations/?status=open"
    assert is_signed_in(client)


def test_email_is_matched_whatever_its_case(client, make):
    make.user(email="ana@example.ca")

    response = client.post("/auth/login", {"email": " Ana@Example.CA ", "password": PASSWORD})

    assert response.status_code == 302


def test_login_page_carries_next_into_the_form(client):
    response = client.get("/auth/login?next=/consultations/")

    assert 'name="next" type="hidden" value="/consultations/"' in response.get_data(as_text=True)


@pytest.mark.parametrize("target", [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil",
    "javascript:alert(1)",
    "",
])
def test_unsafe_next_goes_home(client, make, target):
    user = make.user()

    response = sign_in(client, user, next=target)

    assert response.status_code == 302
    assert response.location == "/"


def test_wrong_password_and_unknown_email_give_the_same_answer(client, make):
    user = make.user()

    wrong_password = sign_in(client, user, password="not the password")
    unknown_email = client.post("/auth/login", {"email": "nobody@example.ca", "password": PASSWORD})

    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert WRONG in page_text(response)
    assert page_text(wrong_password).replace(user.email, "") == \
        page_text(unknown_email).replace("nobody@example.ca", "")
    assert not is_signed_in(client)


def test_empty_form_asks_for_both_fields(client):
    response = client.post("/auth/login", {})

    text = page_text(response)
    assert response.status_code == 200
    assert "Enter your email address." in text
    assert "Enter your password." in text
