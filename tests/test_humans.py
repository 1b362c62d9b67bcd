"""Public forms refuse robots: a filled-in trap field, or a form sent faster than a person can."""

import time

import pytest

from consult.humans import _clock
from consult.models import Comment, User
from tests.conftest import page_text

REGISTRATION = {"email": "new@example.org", "display_name": "New Person",
                "password": "a long enough passphrase", "confirm": "a long enough passphrase"}


@pytest.fixture
def minimum_two_seconds(app):
    app.config["FORM_MIN_SECONDS"] = 2
    yield
    app.config["FORM_MIN_SECONDS"] = 0


def _drawn_ago(app, seconds):
    with app.test_request_context():
        return _clock().dumps(time.time() - seconds)


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
    refused = client.post(url, {"body": "Quick words", "started": _drawn_ago(app, 0)})
    assert refused.status_code == 422 and "Quick words" in page_text(refused)
    assert client.post(url, {"body": "Quick words", "started": _drawn_ago(app, 5)}).status_code == 303
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1
