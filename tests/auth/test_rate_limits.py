"""Sign-in and reset requests are limited per address and per account, and the hits are logged."""

import logging

import pytest

from consult import create_app
from consult.extensions import limiter
from tests.conftest import Client, page_text


@pytest.fixture
def limited_app(app):
    """An app on the suite's database with rate limits on, counting from zero; off afterwards
    (Flask-Limiter keeps its state on the one shared `limiter`)."""
    built = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       RATELIMIT_ENABLED=True)
    limiter.reset()
    yield built
    limiter.reset()
    limiter.enabled = False


def attempt(browser, email, address, password="not the password"):
    return browser.post("/auth/login", {"email": email, "password": password},
                        environ_base={"REMOTE_ADDR": address})


def test_one_address_gets_twenty_tries_whatever_the_accounts(limited_app, db):
    browser = Client(limited_app)

    codes = [attempt(browser, f"person{n}@example.ca", "192.0.2.10").status_code for n in range(21)]

    assert codes[:20] == [200] * 20
    assert codes[20] == 429
    other_address = attempt(browser, "person0@example.ca", "192.0.2.11")
    assert other_address.status_code == 200


def test_one_account_gets_ten_tries_whatever_the_addresses(limited_app, db, make):
    user = make.user()
    browser = Client(limited_app)

    codes = [attempt(browser, user.email, f"198.51.100.{n}").status_code for n in range(11)]

    assert codes[:10] == [200] * 10
    assert codes[10] == 429
    # Even the right password waits now, and the address is matched whatever its case.
    blocked = attempt(browser, user.email.upper(), "198.51.100.99", password="correct horse battery staple")
    assert blocked.status_code == 429
    assert "Too many attempts" in page_text(blocked)
    assert attempt(browser, "someone.else@example.ca", "198.51.100.99").status_code == 200


def test_reset_links_are_limited_per_account(limited_app, db, make):
    user = make.user()
    browser = Client(limited_app)

    codes = [browser.post("/auth/forgot", {"email": user.email},
                          environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code for n in range(4)]

    assert codes == [200, 200, 200, 429]


def test_a_rate_limit_hit_is_logged_without_the_address_typed(limited_app, db, caplog, monkeypatch):
    monkeypatch.setattr(logging.getLogger("consult.errors"), "disabled", False)
    caplog.set_level(logging.INFO, logger="consult")
    browser = Client(limited_app)
    for _n in range(11):
        response = attempt(browser, "target@example.ca", "192.0.2.20")

    assert response.status_code == 429
    hits = [r for r in caplog.records if "rate limit reached" in r.getMessage()]
    assert len(hits) == 1
    assert "/auth/login" in hits[0].getMessage()
    assert hits[0].request_id == response.headers["X-Request-ID"]
    assert "target@example.ca" not in caplog.text
