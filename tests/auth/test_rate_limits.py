"""Sign-in and reset requests are limited per address and per account, and the hits are logged.
Per account the limits are strict; per address they fit a room of 50 people behind one address."""

import logging

import pytest

from consult import create_app
from consult.auth.services import confirmation_token
from consult.extensions import limiter
from tests.conftest import Client, page_text
from tests.factories import PASSWORD


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


ROOM = "192.0.2.10"


def test_a_room_of_fifty_behind_one_address_all_sign_in(limited_app, db, make):
    """A training room or an office: each of 50 people mistypes twice, then signs in; later in
    the quarter hour they all sign in again. The right password always gets through."""
    people = [make.user() for _n in range(50)]

    for person in people:
        browser = Client(limited_app)
        assert [attempt(browser, person.email, ROOM).status_code for _n in range(2)] == [200, 200]
        signed_in = attempt(browser, person.email, ROOM, password=PASSWORD)
        assert signed_in.status_code == 302, page_text(signed_in)
    again = [attempt(Client(limited_app), person.email, ROOM, password=PASSWORD).status_code
             for person in people]
    assert again == [302] * 50


def test_one_address_gets_two_hundred_wrong_passwords_whatever_the_accounts(limited_app, db):
    browser = Client(limited_app)

    codes = [attempt(browser, f"person{n}@example.ca", ROOM).status_code for n in range(201)]

    assert codes[:200] == [200] * 200
    assert codes[200] == 429
    assert "Too many attempts" in page_text(attempt(browser, "person0@example.ca", ROOM))
    other_address = attempt(browser, "person0@example.ca", "192.0.2.11")
    assert other_address.status_code == 200


def test_right_passwords_use_none_of_the_addresss_tries(limited_app, db, make):
    people = [make.user() for _n in range(30)]
    browser = Client(limited_app)
    for n in range(199):
        attempt(browser, f"nobody{n}@example.ca", ROOM)

    for person in people:
        assert attempt(Client(limited_app), person.email, ROOM, password=PASSWORD).status_code == 302
    assert attempt(browser, "nobody-else@example.ca", ROOM).status_code == 200
    assert attempt(browser, "nobody-at-all@example.ca", ROOM).status_code == 429


def test_a_room_of_fifty_registers_and_asks_for_reset_links(limited_app, db, make):
    people = [make.user() for _n in range(50)]
    browser = Client(limited_app)

    registered = [browser.post("/auth/register", {"email": f"new{n}@example.ca", "display_name": "Sam",
                                                   "password": "maple syrup in winter",
                                                   "confirm": "maple syrup in winter"},
                               environ_base={"REMOTE_ADDR": ROOM}).status_code for n in range(50)]
    asked = [browser.post("/auth/forgot", {"email": person.email},
                          environ_base={"REMOTE_ADDR": ROOM}).status_code for person in people]

    assert registered == [200] * 50
    assert asked == [200] * 50


def test_a_confirmation_link_gets_ten_tries(limited_app, db, make):
    newcomer = make.user()
    newcomer.confirmed_at = None
    db.session.commit()
    with limited_app.test_request_context():
        link = f"/auth/confirm/{confirmation_token(newcomer)}"
    browser = Client(limited_app)

    codes = [browser.post(link, {"password": "not the password"},
                          environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code for n in range(11)]

    assert codes[:10] == [200] * 10
    assert codes[10] == 429


def test_one_account_gets_ten_tries_whatever_the_addresses(limited_app, db, make):
    user = make.user()
    browser = Client(limited_app)

    codes = [attempt(browser, user.email, f"198.51.100.{n}").status_code for n in range(11)]

    assert codes[:10] == [200] * 10
    assert codes[10] == 429
    # Even the right password waits now, and the address is matched whatever its case.
    blocked = attempt(browser, user.email.upper(), "198.51.100.99", password=PASSWORD)
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
    monkeypatch.setattr(logging.getLogger("consult.web.errors"), "disabled", False)
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
