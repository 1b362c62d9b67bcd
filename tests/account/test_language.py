"""Switching the page language."""

import pytest

from tests.auth.helpers import sign_in


def html_lang(response):
    return response.get_data(as_text=True).split("<html lang=\"", 1)[1].split('"', 1)[0]


def test_a_visitor_switches_to_french(client):
    assert html_lang(client.get("/auth/login")) == "en"

    response = client.post("/account/language", {"locale": "fr", "next": "/auth/login?next=/x"})

    assert response.status_code == 303
    assert response.location == "/auth/login?next=/x"
    page = client.get("/auth/login")
    assert html_lang(page) == "fr"
    assert 'value="en"' in page.get_data(as_text=True)  # the switch now offers English


def test_and_back_to_english(client):
    client.post("/account/language", {"locale": "fr", "next": "/"})
    client.post("/account/language", {"locale": "en", "next": "/"})

    assert html_lang(client.get("/auth/login")) == "en"


def test_the_choice_is_stored_on_the_account_and_follows_the_person(client, client_factory, db, make):
    user = make.user()
    sign_in(client, user)

    client.post("/account/language", {"locale": "fr", "next": "/account/"})

    db.session.refresh(user)
    assert user.locale == "fr"
    other_browser = client_factory()
    sign_in(other_browser, user)
    assert html_lang(other_browser.get("/account/")) == "fr"


def test_the_account_choice_wins_over_the_browser_language(client, make):
    user = make.user()
    sign_in(client, user)
    client.post("/account/language", {"locale": "en", "next": "/"})

    page = client.get("/account/", headers={"Accept-Language": "fr-CA,fr;q=0.9"})

    assert html_lang(page) == "en"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example",
                                    "\\\\evil", ""])
def test_an_unsafe_next_goes_home(client, target):
    response = client.post("/account/language", {"locale": "fr", "next": target})

    assert response.status_code == 303
    assert response.location == "/"


@pytest.mark.parametrize("locale", ["de", "", "fr-CA", "<script>"])
def test_an_unknown_language_is_refused(client, make, db, locale):
    user = make.user()
    sign_in(client, user)

    response = client.post("/account/language", {"locale": locale, "next": "/"})

    assert response.status_code == 400
    db.session.refresh(user)
    assert user.locale is None


def test_the_switch_is_post_only(client):
    assert client.get("/account/language").status_code == 405


def test_the_switch_needs_a_csrf_token(client):
    response = client.post("/account/language", {"locale": "fr", "next": "/"}, csrf=False)

    assert response.status_code == 400
    assert html_lang(client.get("/auth/login")) == "en"
