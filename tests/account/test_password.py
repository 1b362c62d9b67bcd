"""Changing one's password from the account."""

from tests.auth.helpers import is_signed_in, sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD

NEW = "a brand new passphrase"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/account/password", {"current_password": current, "new_password": new,
                                             "confirm": new if confirm is None else confirm})


def test_the_page_needs_a_signed_in_person(client):
    response = client.get("/account/password")

    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


def test_the_form_is_shown(client, make):
    client.login_as(make.user())

    response = client.get("/account/password")

    assert response.status_code == 200
    assert "Current password" in page_text(response)


def test_changing_keeps_this_session_and_ends_the_others(client, client_factory, make):
    user = make.user()
    here, elsewhere = client, client_factory()
    sign_in(here, user)
    sign_in(elsewhere, user)

    response = change(here)

    assert response.status_code == 303
    assert response.location == "/account/"
    assert "Your password is changed." in page_text(here.get("/account/"))
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    third = client_factory()
    assert sign_in(third, user).status_code == 200
    assert sign_in(third, user, password=NEW).status_code == 302


def test_a_remembered_browser_stays_remembered(client, make):
    user = make.user()
    sign_in(client, user, remember="y")

    change(client)
    client.http.delete_cookie("session")

    assert is_signed_in(client)


def test_a_wrong_current_password_changes_nothing(client, client_factory, make):
    user = make.user()
    elsewhere = client_factory()
    sign_in(client, user)
    sign_in(elsewhere, user)

    response = change(client, current="not my password")

    assert response.status_code == 200
    assert "Your current password is not right." in page_text(response)
    assert is_signed_in(elsewhere)
    assert sign_in(client_factory(), user).status_code == 302


def test_the_new_password_is_checked(client, client_factory, make):
    user = make.user()
    sign_in(client, user)

    short = change(client, new="short")
    mismatch = change(client, confirm="something else")
    empty = client.post("/account/password", {})

    assert "Use between 8 and 256 characters." in page_text(short)
    assert "The two passwords do not match." in page_text(mismatch)
    for message in ("Enter your current password.", "Enter a password.", "Enter the new password again."):
        assert message in page_text(empty)
    for response in (short, mismatch, empty):
        assert response.status_code == 200
        assert "There is a problem" in page_text(response)
    assert sign_in(client_factory(), user).status_code == 302
