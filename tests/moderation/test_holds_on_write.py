"""Screening on every write, pre-moderation, flags past the threshold, suspensions, traps and limits."""

import pytest

from consult import create_app
from consult.models import Comment, Consultation, Hold
from consult.web.robots import form_started_token
from tests.conftest import Client, page_text


def _comment(client, consultation, body, **extra):
    return client.post(f"/consultations/{consultation.slug}/comments", {"body": body, **extra})


def test_personal_information_holds_the_comment_and_tells_the_author(client, db, make):
    consultation = make.consultation()
    author = make.user()
    client.login_as(author)
    response = _comment(client, consultation, "Call me at 613-555-0199 about the form.")
    comment = db.session.scalar(db.select(Comment))
    assert comment.status == "pending" and comment.needs_review and comment.review_since
    hold = db.session.scalar(db.select(Hold))
    assert hold.rule == "phone"
    start, end = hold.spans[0]
    assert comment.body[start:end] == "613-555-0199"
    assert "once a moderator has reviewed it" in page_text(client.get(response.headers["Location"]))
    assert db.session.get(Consultation, consultation.id).comment_count == 0
    visitor = page_text(Client(client.app).get(f"/consultations/{consultation.slug}"))
    assert "613-555-0199" not in visitor


def test_clean_comment_in_post_moderation_is_published_and_not_queued(client, db, make):
    consultation = make.consultation()
    client.login_as(make.user())
    _comment(client, consultation, "The waiting room needs more chairs.")
    comment = db.session.scalar(db.select(Comment))
    assert comment.status == "published" and not comment.needs_review


def test_pre_moderation_queues_every_contribution(client, db, make):
    consultation = make.consultation(moderation_mode="pre")
    client.login_as(make.user())
    _comment(client, consultation, "Perfectly ordinary words.")
    comment = db.session.scalar(db.select(Comment))
    assert comment.status == "pending" and comment.needs_review
    assert db.session.scalar(db.select(db.func.count(Hold.id))) == 0


def test_editing_in_personal_information_holds_it_again(client, db, make):
    consultation = make.consultation()
    author = make.user()
    comment = make.comment(consultation, author=author, body="Nothing personal here.")
    client.login_as(author)
    client.post(f"/contributions/{comment.id}/edit", {"body": "Write to me: someone@example.org"})
    fresh = db.session.get(Comment, comment.id)
    assert fresh.status == "pending" and fresh.needs_review
    assert db.session.get(Consultation, consultation.id).comment_count == 0


def test_flags_queue_the_item_and_hide_it_at_the_threshold(client_factory, db, make):
    consultation = make.consultation(flag_threshold=3)
    comment = make.comment(consultation, body="Something people dislike.")
    for n in range(3):
        client_factory().login_as(make.user()).post(f"/contributions/{comment.id}/flag", {"reason": "abusive"})
        fresh = db.session.get(Comment, comment.id)
        assert fresh.needs_review
        assert fresh.status == ("hidden" if n == 2 else "published")
    assert db.session.get(Consultation, consultation.id).comment_count == 0
    assert "Something people dislike." not in page_text(client_factory().get(f"/consultations/{consultation.slug}"))


def test_flags_in_pre_moderation_do_not_hide_but_queue(client_factory, db, make):
    consultation = make.consultation(moderation_mode="pre", flag_threshold=1)
    comment = make.comment(consultation)
    client_factory().login_as(make.user()).post(f"/contributions/{comment.id}/flag", {"reason": "spam"})
    fresh = db.session.get(Comment, comment.id)
    assert fresh.status == "published" and fresh.needs_review


def test_honeypot_refuses_and_keeps_the_text(client, db, make):
    consultation = make.consultation()
    client.login_as(make.user())
    response = _comment(client, consultation, "A robot wrote this.", website="http://spam.example")
    assert response.status_code == 422
    assert "Leave this field empty." in page_text(response) and "A robot wrote this." in page_text(response)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_typing_faster_than_a_person_is_held_as_spam(client, db, make, app):
    consultation = make.consultation()
    client.login_as(make.user())
    with app.test_request_context():
        started = form_started_token("form-1")
    _comment(client, consultation, "A long paragraph pasted by a script in no time at all, " * 4, started=started,
             submission_key="form-1")
    assert db.session.scalar(db.select(Hold.rule)) == "too_fast"


def test_suspended_author_may_read_but_not_take_part(client, db, make):
    from datetime import timedelta

    from consult.models.base import utcnow

    consultation = make.consultation()
    idea = make.idea(consultation)
    person = make.user()
    person.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()
    client.login_as(person)
    assert client.get(f"/consultations/{consultation.slug}").status_code == 200
    assert _comment(client, consultation, "Let me in").status_code == 403
    assert client.post(f"/ideas/{idea.id}/vote", {"value": "1"}).status_code == 403


@pytest.fixture
def app_with_limits(app):
    """Build an app on the same database with rate limits on; switch them off again afterwards.

    Flask-Limiter keeps its state on the one `limiter` object, so the suite's own app would
    otherwise inherit the limits from here."""
    from consult.extensions import limiter

    def build(**config):
        built = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           RATELIMIT_ENABLED=True, **config)
        if "RATELIMIT_STORAGE_URI" not in config:
            limiter.reset()  # counts from an earlier test must not carry over
        return built

    yield build
    limiter.enabled = False


@pytest.fixture
def limited_app(app_with_limits):
    return app_with_limits()


def test_commenting_too_often_is_refused_with_a_clear_message(limited_app, db, make):
    consultation = make.consultation()
    client = Client(limited_app).login_as(make.user())
    codes = [_comment(client, consultation, f"Comment number {n}").status_code for n in range(11)]
    assert codes[:10] == [303] * 10 and codes[10] == 429
    again = client.post(f"/consultations/{consultation.slug}/comments", {"body": "More"}, htmx=True)
    assert again.status_code == 429
    assert again.mimetype == "text/plain" and "Too many attempts" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 10


def test_a_redis_outage_does_not_take_the_site_down(app_with_limits, db, make):
    """Limits fall back to memory when their Redis does not answer (nothing listens on port 1)."""
    broken = app_with_limits(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                             RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.2},
                             RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True, RATELIMIT_SWALLOW_ERRORS=True)
    consultation = make.consultation()
    client = Client(broken).login_as(make.user())
    assert _comment(client, consultation, "Still works.").status_code == 303
    assert client.get(f"/consultations/{consultation.slug}").status_code == 200
