"""Recording off-line input: what is stored, what screening holds, what the public sees."""

import re
from datetime import timedelta

import pytest

from consult.models import AuditEvent, Consultation, Contribution, IntakeContact
from consult.models.base import utcnow
from tests.conftest import page_text

URL = "/intake/consultations/{slug}/new"


def entry(**changes):
    data = {"channel": "phone", "received_on": utcnow().date().isoformat(), "kind": "comment",
            "title": "", "body": "The form asks for the same thing twice.", "idea": "0",
            "submission_key": "key-1"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def stored(db, key="key-1"):
    return db.session.scalar(db.select(Contribution).filter_by(submission_key=key))


def send(client, staff, consultation, **changes):
    client.login_as(staff)
    return client.post(URL.format(slug=consultation.slug), entry(**changes))


def test_blank_form(client, consultation, staff):
    client.login_as(staff)
    response = client.get(URL.format(slug=consultation.slug))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'name="csrf_token"' in html and 'name="submission_key"' in html
    text = page_text(response)
    for channel in ("By phone", "In person", "By mail", "By email", "At a workshop"):
        assert channel in text
    assert 'value="web"' not in html
    assert "The person agreed to be contacted about this" in text


def test_phone_comment_is_stored_published_and_counted(client, db, consultation, staff):
    received = utcnow().date() - timedelta(days=2)
    response = send(client, staff, consultation, received_on=received.isoformat())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(URL.format(slug=consultation.slug))
    comment = stored(db)
    assert (comment.kind, comment.channel, comment.status) == ("comment", "phone", "published")
    assert comment.author_id is None
    assert comment.recorded_by_id == staff.id
    assert comment.received_on == received
    assert not comment.needs_review
    assert db.session.get(Consultation, consultation.id).comment_count == 1
    assert db.session.scalar(db.select(IntakeContact)) is None
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="intake.record"))
    assert (event.actor_id, event.target_id, event.data) == (staff.id, comment.id, {"channel": "phone"})
    page = client.get(response.headers["Location"])
    assert "Recorded (By phone) and published." in page_text(page)
    assert "The form asks for the same thing twice." not in page.get_data(as_text=True)


def test_idea_by_mail(client, db, consultation, staff):
    response = send(client, staff, consultation, channel="mail", kind="idea", title="Send forms by post",
                    body="Not everyone prints.")
    assert response.status_code == 303
    idea = stored(db)
    assert (idea.kind, idea.channel, idea.title) == ("idea", "mail", "Send forms by post")
    assert db.session.get(Consultation, consultation.id).idea_count == 1


def test_comment_on_an_idea(client, db, make, consultation, staff):
    idea = make.idea(consultation, title="Fewer forms")
    response = send(client, staff, consultation, idea=str(idea.id))
    assert response.status_code == 303
    assert stored(db).idea_id == idea.id
    assert db.session.get(Contribution, idea.id).comment_count == 1


def test_pre_moderated_consultation_holds_it(client, db, make, org, staff):
    consultation = make.consultation(lead=org, moderation_mode="pre")
    response = send(client, staff, consultation, channel="in_person", idea=None)
    comment = stored(db)
    assert (comment.status, comment.needs_review) == ("pending", True)
    assert db.session.get(Consultation, consultation.id).comment_count == 0
    assert "held for review" in page_text(client.get(response.headers["Location"]))


def test_phone_number_in_the_text_is_held_and_said(client, db, consultation, staff):
    response = send(client, staff, consultation, body="Call me back at 613-555-0199 about it.")
    comment = stored(db)
    assert (comment.status, comment.needs_review) == ("pending", True)
    assert [hold.rule for hold in comment.holds] == ["phone"]
    assert db.session.get(Consultation, consultation.id).comment_count == 0
    text = page_text(client.get(response.headers["Location"]))
    assert "held for review: it contains a phone number" in text


def test_consent_without_contact_is_an_error(client, db, consultation, staff):
    response = send(client, staff, consultation, consent="y", contact_name="Ada", contact="")
    assert response.status_code == 422
    text = page_text(response)
    assert "There is a problem" in text
    assert "Enter how to reach the person" in text
    html = response.get_data(as_text=True)
    assert 'value="Ada"' in html and "The form asks for the same thing twice." in html
    assert 'value="key-1"' in html
    assert stored(db) is None


def test_contact_without_consent_is_refused(client, db, consultation, staff):
    response = send(client, staff, consultation, contact="ada@example.org")
    assert response.status_code == 422
    assert "Keep contact details only when the person agreed" in page_text(response)
    assert stored(db) is None


def test_contact_kept_with_consent_never_public(client, db, consultation, staff):
    response = send(client, staff, consultation, consent="y", contact_name="Ada Lovelace",
                    contact="ada@example.org")
    assert response.status_code == 303
    contact = db.session.get(IntakeContact, stored(db).id)
    assert (contact.name, contact.contact) == ("Ada Lovelace", "ada@example.org")
    public = client.get(f"/consultations/{consultation.slug}")
    html = public.get_data(as_text=True)
    assert "The form asks for the same thing twice." in html
    assert "ada@example.org" not in html and "Ada Lovelace" not in html


def test_public_byline_shows_the_channel(client, client_factory, db, consultation, staff):
    assert send(client, staff, consultation, channel="workshop", people_count="8").status_code == 303
    text = page_text(client_factory().get(f"/consultations/{consultation.slug}"))
    assert "A participant · " in text
    assert "At a workshop" in text
    assert "Iris Intake" not in text


def test_double_submit_stores_one(client, db, consultation, staff):
    first = send(client, staff, consultation)
    second = send(client, staff, consultation)
    assert first.status_code == second.status_code == 303
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 1
    assert db.session.get(Consultation, consultation.id).comment_count == 1
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(action="intake.record")) == 1
    assert "already recorded" in page_text(client.get(second.headers["Location"]))


@pytest.mark.parametrize("changes, message", [
    ({"received_on": (utcnow().date() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
    ({"received_on": (utcnow().date() - timedelta(days=60)).isoformat()}, "cannot be before"),
    ({"received_on": ""}, "Enter the date it was received"),
    ({"channel": "web"}, "Not a valid choice"),
    ({"channel": None}, "Choose how the input reached you"),
    ({"kind": "idea", "title": ""}, "Give the idea a title"),
    ({"body": "   "}, "Enter what the person said"),
    ({"body": "x" * 5001}, "Keep it under 5000 characters"),
])
def test_refused_entries(client, db, consultation, staff, changes, message):
    response = send(client, staff, consultation, **changes)
    assert response.status_code == 422
    assert message in page_text(response)
    assert stored(db) is None


def test_idea_refused_when_the_consultation_takes_no_ideas(client, db, make, org, staff):
    consultation = make.consultation(lead=org, accepts_ideas=False)
    response = send(client, staff, consultation, kind="idea", title="An idea")
    assert response.status_code == 422
    assert stored(db) is None
