"""Cookies and session lifetimes: flags in production, idle and absolute expiry, typed text kept."""

from http.cookies import SimpleCookie

import pytest

from consult import create_app
from consult.auth import sessions
from consult.models import Comment
from tests.auth.helpers import is_signed_in, sign_in
from tests.conftest import Client, page_text
from tests.factories import PASSWORD
from tests.production import production_settings

HOUR = 3600


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand: clock.move(hours=2)."""

    class Clock:
        at = 1_800_000_000.0

        def move(self, hours=0, seconds=0):
            self.at += hours * HOUR + seconds

    fake = Clock()
    monkeypatch.setattr(sessions, "now", lambda: fake.at)
    return fake


@pytest.fixture
def production_app(app):
    """The production configuration, on the suite's database (limits and logging left alone)."""
    from consult.extensions import limiter

    built = create_app("production", **production_settings(app))
    yield built
    limiter.enabled = False


def set_cookies(response):
    """{name: {attribute: value}} of the response's Set-Cookie headers."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            cookies[name] = {key: morsel[key] for key in morsel if morsel[key]} | {"raw": header}
    return cookies


def test_production_cookies_are_host_only_secure_httponly_and_lax(production_app, db, make):
    user = make.user()
    browser = Client(production_app)

    # Over HTTPS, Flask-WTF also wants a same-site Referer, as a browser sends.
    response = browser.post("/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"},
                            base_url="https://localhost",
                            headers={"Referer": "https://localhost/auth/login"})

    assert response.status_code == 302
    cookies = set_cookies(response)
    assert set(cookies) == {"__Host-session", "__Host-remember"}
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
        assert cookie["path"] == "/", name
        assert "domain" not in cookie, name  # a __Host- cookie must not name a domain
    assert "expires" not in cookies["__Host-session"]  # gone when the browser closes
    assert "expires" in cookies["__Host-remember"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_and_tests_use_plain_names_over_http(app):
    assert app.config["SESSION_COOKIE_NAME"] == "session"
    assert app.config["REMEMBER_COOKIE_NAME"] == "remember_token"
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]


def test_a_session_ends_after_two_hours_without_a_request(client, make, clock):
    sign_in(client, make.user())
    clock.move(hours=1, seconds=59 * 60)
    assert is_signed_in(client)  # 1 h 59 min idle: still there, and the idle clock restarts
    clock.move(hours=1, seconds=59 * 60)
    assert is_signed_in(client)

    clock.move(hours=2, seconds=1)

    assert not is_signed_in(client)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(client, make, clock):
    sign_in(client, make.user())
    for _hour in range(11):
        clock.move(hours=1)
        assert is_signed_in(client)
    clock.move(seconds=59 * 60)
    assert is_signed_in(client)

    clock.move(seconds=61)

    assert not is_signed_in(client)


def test_signing_in_again_starts_a_new_window(client, make, clock):
    user = make.user()
    sign_in(client, user)
    clock.move(hours=3)
    assert not is_signed_in(client)

    sign_in(client, user)
    clock.move(hours=1)

    assert is_signed_in(client)


def test_remember_me_signs_back_in_with_a_new_window(client, make, clock):
    sign_in(client, make.user(), remember="y")
    clock.move(hours=13)

    assert is_signed_in(client)
    clock.move(hours=1)
    assert is_signed_in(client)


def test_a_post_after_expiry_shows_the_typed_text_again(client, db, make, clock):
    consultation = make.consultation(status="open")
    user = make.user()
    sign_in(client, user)
    clock.move(hours=2, seconds=5)
    text = "A long comment <typed> over many minutes, & not to be lost."

    response = client.post(f"/consultations/{consultation.slug}/comments", {"body": text})

    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "A long comment &lt;typed&gt; over many minutes, &amp; not to be lost." in html
    assert "Sign in again (opens in a new tab)" in page_text(response)
    assert f'action="/consultations/{consultation.slug}/comments"' in html
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0

    # Signed in again (in another tab), the same form is sent again and saved.
    sign_in(client, user)
    again = client.post(f"/consultations/{consultation.slug}/comments", {"body": text})
    assert again.status_code == 303
    assert db.session.scalar(db.select(Comment.body)) == text


def test_an_htmx_post_after_expiry_leaves_the_text_in_the_page(client, db, make, clock):
    consultation = make.consultation(status="open")
    sign_in(client, make.user())
    clock.move(hours=13)

    response = client.post(f"/consultations/{consultation.slug}/comments", {"body": "Keep me"},
                           htmx=True)

    assert response.status_code == 401
    assert response.mimetype == "text/plain"  # htmx swaps nothing; app.js reads this out
    assert "Sign in again in another tab" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_sign_in_forms_still_work_after_expiry(client, make, clock):
    user = make.user()
    sign_in(client, user)
    clock.move(hours=3)

    assert sign_in(client, user).status_code == 302
    assert is_signed_in(client)


def test_the_expired_page_never_sends_passwords_back(client, make):
    response = client.post("/account/password", {"current_password": "old secret words",
                                                 "new_password": "new secret words",
                                                 "confirm": "new secret words"}, csrf=False)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "secret words" not in html
