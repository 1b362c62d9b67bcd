"""The follow-up list: people who left contact details with intake are seen only by the
consultation's intake staff and designers (audited), told of the outcome by the channel they gave
(email, else a call/mail list with a "told" mark), and never appear in exports, audit data or logs."""

import logging

import pytest
import sqlalchemy as sa

from consult.mail import notifications as mailing
from consult.models import AuditEvent, IntakeContact, Outcome
from consult.notifications.services import mail_outcome_published
from consult.outcomes.services import publish_outcome
from tests.conftest import page_text

from .test_record import send

URL = "/intake/consultations/{slug}/follow-up"
PHONE, EMAIL = "613-555-0199, evenings", "jo.bloggs@example.ca"
SECRETS = ("Marie Tremblay", "613-555-0199", "Jo Bloggs", "jo.bloggs@example.ca")


@pytest.fixture
def recorded(client, consultation, staff):
    """A phone caller and an email writer who agreed to be told, and a workshop that did not."""
    send(client, staff, consultation, submission_key="k-phone", consent="y", contact_name="Marie Tremblay",
         contact=PHONE)
    send(client, staff, consultation, submission_key="k-email", channel="email", consent="y",
         contact_name="Jo Bloggs", contact=f"Email: {EMAIL}")
    send(client, staff, consultation, submission_key="k-workshop", channel="workshop", people_count="12")
    return consultation


def _publish(db, consultation, designer, captured, app):
    consultation.status = "closed"
    outcome = Outcome(consultation=consultation, heard_en="Heard.", heard_fr="Entendu.", changes_en="Changes.",
                      changes_fr="Changements.", not_changing_en="Not.", not_changing_fr="Non.")
    db.session.add(outcome)
    db.session.commit()
    publish_outcome(outcome, designer)
    db.session.commit()
    with app.test_request_context():
        mail_outcome_published(consultation)
    return captured


@pytest.fixture
def captured(monkeypatch):
    messages = []
    monkeypatch.setattr(mailing, "send_messages", lambda batch: messages.extend(batch) or len(batch))
    return messages


def test_follow_up_list_tells_each_person_by_the_channel_they_gave(client, db, make, org, app, recorded, staff,
                                                                  captured, caplog):
    caplog.set_level(logging.DEBUG)
    url = URL.format(slug=recorded.slug)
    page = client.login_as(staff).get(url)
    text = page_text(page)
    assert page.status_code == 200 and "private" in page.headers["Cache-Control"]
    assert all(secret in text for secret in SECRETS)
    assert "Mark as told" not in text and "Will be emailed the outcome." in text
    views = db.session.scalars(sa.select(AuditEvent).filter_by(action="intake.follow_up_view")).all()
    assert [(v.actor_id, v.target_id, v.data["people"]) for v in views] == [(staff.id, recorded.id, 2)]

    phone = db.session.scalar(sa.select(IntakeContact).filter_by(name="Marie Tremblay"))
    early = client.post(url, {"contribution_id": str(phone.contribution_id)})
    assert early.status_code == 422 and "not published yet" in page_text(early)
    assert db.session.get(IntakeContact, phone.contribution_id).told_at is None

    designer = make.user(role="designer", organization=org)
    _publish(db, recorded, designer, captured, app)
    to_contacts = [m for m in captured if m.recipients == [EMAIL]]
    assert len(to_contacts) == 1 and [r for m in captured for r in m.recipients].count(EMAIL) == 1
    mail = to_contacts[0]
    assert "You shared your views" in mail.body and "Vous avez donné votre avis" in mail.body
    assert f"/consultations/{recorded.slug}/outcome" in mail.body
    assert not any("613-555-0199" in r for m in captured for r in m.recipients)
    emailed = db.session.scalar(sa.select(IntakeContact).filter_by(name="Jo Bloggs"))
    assert emailed.told_how == "email" and emailed.told_at is not None

    text = page_text(client.get(url))
    assert text.count("Mark as told") == 1 and "Emailed on" in text
    told = client.post(url, {"contribution_id": str(phone.contribution_id)})
    assert told.status_code == 303
    first = db.session.get(IntakeContact, phone.contribution_id)
    assert (first.told_how, first.told_by_id) == ("staff", staff.id)
    client.post(url, {"contribution_id": str(phone.contribution_id)})  # twice: told once
    assert db.session.get(IntakeContact, phone.contribution_id).told_at == first.told_at
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .filter_by(action="intake.contact_told")) == 1
    assert "Mark as told" not in page_text(client.get(url)) and "Told by staff on" in page_text(client.get(url))

    # No contact in any audit record or log line.
    audit = " ".join(str(data) for data in db.session.scalars(sa.select(AuditEvent.data)))
    logged = " ".join(record.getMessage() for record in caplog.records)
    for secret in SECRETS:
        assert secret not in audit and secret not in logged, secret


def test_a_contact_of_another_consultation_cannot_be_marked(client, db, make, org, recorded, staff):
    other = make.consultation(lead=org, status="reported")
    phone = db.session.scalar(sa.select(IntakeContact).filter_by(name="Marie Tremblay"))
    response = client.login_as(staff).post(URL.format(slug=other.slug), {"contribution_id": str(phone.contribution_id)})
    assert response.status_code == 303
    assert db.session.get(IntakeContact, phone.contribution_id).told_at is None


@pytest.mark.parametrize("who, allowed", [
    ("intake of the lead", True), ("intake of the partner", True), ("designer of the lead", True),
    ("designer of the partner", True), ("moderator of the lead", False), ("admin of the lead", False),
    ("intake elsewhere", False), ("designer elsewhere", False), ("citizen", False), ("site admin", False),
])
def test_who_sees_the_follow_up_list(client, db, make, org, partner, recorded, who, allowed):
    people = {
        "intake of the lead": dict(role="intake", organization=org),
        "intake of the partner": dict(role="intake", organization=partner),
        "designer of the lead": dict(role="designer", organization=org),
        "designer of the partner": dict(role="designer", organization=partner),
        "moderator of the lead": dict(role="moderator", organization=org),
        "admin of the lead": dict(role="admin", organization=org),
        "intake elsewhere": dict(role="intake"), "designer elsewhere": dict(role="designer"),
        "citizen": {}, "site admin": dict(site_admin=True),
    }
    client.login_as(make.user(**people[who]))
    url = URL.format(slug=recorded.slug)
    page, post = client.get(url), client.post(url, {"contribution_id": "1"})
    assert page.status_code == (200 if allowed else 403)
    assert post.status_code == (422 if allowed else 403)
    assert ("Marie Tremblay" in page_text(page)) is allowed
    views = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).filter_by(action="intake.follow_up_view"))
    assert views == (2 if allowed else 0)  # the page and the failed form each show the list


def test_no_contact_reaches_an_export_or_a_public_page(client, client_factory, db, make, org, recorded):
    designer = make.user(role="designer", organization=org)
    slug = recorded.slug
    bodies = [client_factory().get(path).get_data(as_text=True) for path in (
        f"/consultations/{slug}", "/consultations/", "/", f"/consultations/{slug}/moderation")]
    client.login_as(designer)
    for dataset in ("contributions", "votes"):
        for file_format in ("csv", "json"):
            response = client.get(f"/manage/consultations/{slug}/export/{dataset}.{file_format}", buffered=True)
            assert response.status_code == 200
            bodies.append(response.get_data(as_text=True))
    bodies.append(client.get(f"/manage/consultations/{slug}/participation").get_data(as_text=True))
    for body in bodies:
        for secret in SECRETS:
            assert secret not in body, secret
