"""Changing the name shown with one's contributions."""

from tests.conftest import page_text


def test_the_form_shows_the_current_name(client, make):
    client.login_as(make.user(name="Ana"))

    response = client.get("/account/profile")

    assert response.status_code == 200
    assert 'value="Ana"' in response.get_data(as_text=True)


def test_changing_the_name(client, db, make):
    user = make.user(name="Ana")
    client.login_as(user)

    response = client.post("/account/profile", {"display_name": "  Ana T.  "})

    assert response.status_code == 303
    assert response.location == "/account/"
    db.session.refresh(user)
    assert user.display_name == "Ana T."
    assert "Your name is changed." in page_text(client.get("/account/"))


def test_an_empty_or_long_name_is_refused(client, db, make):
    user = make.user(name="Ana")
    client.login_as(user)

    empty = client.post("/account/profile", {"display_name": "   "})
    long = client.post("/account/profile", {"display_name": "x" * 81})

    assert empty.status_code == long.status_code == 200
    assert "Enter the name to show." in page_text(empty)
    assert "Use 80 characters or fewer." in page_text(long)
    db.session.refresh(user)
    assert user.display_name == "Ana"


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/account/profile").status_code == 302
    assert client.post("/account/profile", {"display_name": "Mallory"}).status_code == 302
