"""Public forms refuse robots: a filled-in trap field, or a form sent faster than a person can."""

import re
import time

import pytest

from consult.models import Comment, User
from consult.web.robots import _clock
from tests.conftest import page_text

REGISTRATION = {"email": "new@example.org", "display_name": "New Person",
                "password": "a long enough passphrase", "confirm": "a long enough passphrase"}


@pytest.fixture
def minimum_two_seconds(app):
    app.config["FORM_MIN_SECONDS"] = 2
    yield
    app.config["FORM_MIN_SECONDS"] = 0


def _drawn_ago(app, seconds, key=""):
    """A `started` value as a form drawn `seconds` ago for the submission key `key` carries."""
    with app.test_request_context():
        return _clock().dumps([time.time() - seconds, key])


def test_the_trap_field_refuses_a_registration_and_keeps_what_was_typed(client, db):
    response = client.post("/auth/register", {**REGISTRATION, "website": "http://spam.example"})
    assert response.status_code == 200 and "Leave this field empty." in page_text(response)
    assert 'value="new@example.org"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_the_register_page_carries_the_trap_and_the_clock(client):
    html = client.get("/auth/register").get_data(as_text=True)
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'name="started" type="hidden" value="' in html


def test_a_form_sent_too_soon_is_refused_and_can_be_sent_again(client, db, app, minimum_two_seconds):
    too_soon = client.post("/auth/register", {**REGISTRATION, "started": _drawn_ago(app, 0)})
    assert "quicker than a person can fill in this form" in page_text(too_soon)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    forged = client.post("/auth/register", {**REGISTRATION, "started": "not-a-signed-time"})
    assert "quicker than a person" in page_text(forged)
    in_time = client.post("/auth/register", {**REGISTRATION, "started": _drawn_ago(app, 5)})
    assert in_time.status_code == 200 and "Check your email" in page_text(in_time)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_the_minimum_time_applies_to_comments_too(client, db, make, app, minimum_two_seconds):
    consultation = make.consultation()
    client.login_as(make.user())
    url = f"/consultations/{consultation.slug}/comments"
    refused = client.post(url, {"body": "Quick words", "submission_key": "k1", "started": _drawn_ago(app, 0, "k1")})
    assert refused.status_code == 422 and "Quick words" in page_text(refused)
    sent = client.post(url, {"body": "Quick words", "submission_key": "k1", "started": _drawn_ago(app, 5, "k1")})
    assert sent.status_code == 303
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1


def _comment_form(client, page):
    """The submission key and `started` of the comment form a page draws."""
    html = client.get(page).get_data(as_text=True)
    form = html[html.index(f'action="{page}/comments"'):]
    key = re.search(r'name="submission_key" value="([^"]+)"', form)[1]
    started = re.search(r'name="started" value="([^"]+)"', form)[1]
    return key, started


def test_a_started_value_times_only_the_form_it_was_drawn_for(client, db, make, app, minimum_two_seconds):
    """Issue 14, finding 11: one fetched `started` value, replayed, lets no second post skip the
    too-fast check: it is bound to its form's submission key, and that key stores one row."""
    consultation = make.consultation()
    client.login_as(make.user())
    page = f"/consultations/{consultation.slug}"
    key, started = _comment_form(client, page)
    with app.test_request_context():
        _signed_at, bound_to = _clock().loads(started)
    assert bound_to == key
    # The value as a robot keeps it: drawn long enough ago (re-signed, as the server would have).
    aged = _drawn_ago(app, 60, key)
    first = client.post(f"{page}/comments", {"body": "First words.", "submission_key": key, "started": aged})
    assert first.status_code == 303
    for n in range(3):  # replayed with a new key each time, at machine speed: each refused
        replay = client.post(f"{page}/comments", {"body": f"Robot words {n}.", "submission_key": f"new-{n}",
                                                  "started": aged})
        assert replay.status_code == 422 and "quicker than a person" in page_text(replay)
    again = client.post(f"{page}/comments", {"body": "Other words.", "submission_key": key, "started": aged})
    assert again.status_code == 303  # the same form sent twice stores its one row, not a second
    bodies = db.session.scalars(db.select(Comment.body)).all()
    assert bodies == ["First words."]


def test_a_keyless_started_value_times_no_contribution(client, db, make, app, minimum_two_seconds):
    """The registration form's value is bound to no key: sent with a comment that leaves its key
    out, it still counts as unknown, so posts at machine speed are refused."""
    consultation = make.consultation()
    client.login_as(make.user())
    aged = _drawn_ago(app, 60, "")
    for n in range(3):
        replay = client.post(f"/consultations/{consultation.slug}/comments",
                             {"body": f"Robot words {n}.", "started": aged})
        assert replay.status_code == 422 and "quicker than a person" in page_text(replay)
    assert db.session.scalars(db.select(Comment.body)).all() == []


def test_a_form_drawn_again_after_a_refusal_keeps_its_key_and_its_binding(client, db, make, app,
                                                                          minimum_two_seconds):
    consultation = make.consultation()
    client.login_as(make.user())
    url = f"/consultations/{consultation.slug}/comments"
    refused = client.post(url, {"body": "Quick words", "submission_key": "k9", "started": _drawn_ago(app, 0, "k9")})
    html = refused.get_data(as_text=True)
    assert 'name="submission_key" value="k9"' in html
    started = re.search(r'name="submission_key" value="k9">\s*<input type="hidden" name="started" value="([^"]+)"',
                        html)[1]
    with app.test_request_context():
        assert _clock().loads(started)[1] == "k9"
