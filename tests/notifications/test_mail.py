"""Notification emails, sent to a real SMTP server the tests start on loopback."""

import email
import logging
import socket
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from consult.account.privacy import erase_account
from consult.models import Consultation, EmailOptOut, Idea, Notification, Outcome
from consult.models.base import utcnow

REPORT = {"heard_en": "Heard", "heard_fr": "Entendu", "changes_en": "Changes", "changes_fr": "Changements",
          "publish": "y"}


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append((envelope.rcpt_tos, message))
        self.sessions.add(id(session))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _point_mail_at(app, monkeypatch, port):
    state = app.extensions["mail"]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", port)
    monkeypatch.setattr(state, "suppress", False)


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on a free loopback port, with MAIL_SERVER and MAIL_PORT pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    _point_mail_at(app, monkeypatch, controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def closed(make):
    org = make.organization()
    return make.consultation(status="closed", lead=org, slug="newborn-registration",
                             title_en="Registering a newborn", title_fr="Enregistrer un nouveau-né"), \
        make.user(role="designer", organization=org)


def _subject(message):
    return str(make_header(decode_header(message["Subject"])))


def _body(message):
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def _participant(make, consultation, locale=None, **fields):
    person = make.user()
    if locale or fields:
        person.locale = locale
        for name, value in fields.items():
            setattr(person, name, value)
    make.idea(consultation, author=person)
    return person


def test_outcome_email_goes_to_each_participant_in_their_language(client, db, make, smtp, closed):
    consultation, designer = closed
    english, french, unset = (_participant(make, consultation, "en"), _participant(make, consultation, "fr"),
                              _participant(make, consultation))
    bystander = make.user()
    response = client.login_as(designer).post("/manage/consultations/newborn-registration/outcome", REPORT)
    assert response.status_code == 303
    assert sorted(r for rcpts, _m in smtp.messages for r in rcpts) == sorted(
        p.email for p in (english, french, unset))
    assert all(len(rcpts) == 1 for rcpts, _m in smtp.messages)
    assert smtp.to(bystander.email) == [] and smtp.to(designer.email) == []
    (en,), (fr,), (default,) = smtp.to(english.email), smtp.to(french.email), smtp.to(unset.email)
    assert _subject(en) == "What we did with what you said: Registering a newborn"
    assert "Read it here:" in _body(en)
    assert "http://localhost/consultations/newborn-registration/outcome" in _body(en)
    assert "Enregistrer un nouveau-né" in _subject(fr)
    assert "http://localhost/consultations/newborn-registration/outcome" in _body(fr)
    assert _subject(default) == _subject(en)
    assert len(smtp.sessions) == 1, "one SMTP connection for every message"


def test_no_email_to_erased_suspended_or_opted_out_accounts(client, db, make, smtp, closed):
    consultation, designer = closed
    kept = _participant(make, consultation)
    erased = _participant(make, consultation)
    erased_address = erased.email
    erase_account(erased, remove_text=False)
    suspended = _participant(make, consultation, suspended_until=utcnow() + timedelta(days=3))
    was_suspended = _participant(make, consultation, suspended_until=utcnow() - timedelta(days=3))
    opted_out = _participant(make, consultation)
    db.session.add(EmailOptOut(user_id=opted_out.id))
    db.session.commit()
    client.login_as(designer).post("/manage/consultations/newborn-registration/outcome", REPORT)
    received = {r for rcpts, _m in smtp.messages for r in rcpts}
    assert received == {kept.email, was_suspended.email}
    assert not any(r.endswith("@invalid") or r == erased_address for r in received)
    told = set(db.session.scalars(sa.select(Notification.user_id)))
    assert told == {kept.id, suspended.id, was_suspended.id, opted_out.id}


def test_response_email_to_the_author_in_their_language(client, db, make, smtp, closed):
    consultation, designer = closed
    author = _participant(make, consultation, "fr")
    idea = db.session.scalar(sa.select(Idea).filter_by(author_id=author.id))
    client.login_as(designer).post(f"/consultations/newborn-registration/ideas/{idea.id}/response",
                                   {"status": "accepted", "text_en": "We will do it.",
                                    "text_fr": "Nous le ferons."})
    (message,) = smtp.to(author.email)
    assert idea.title in _subject(message)
    body = _body(message)
    assert "Enregistrer un nouveau-né" in body and "Registering a newborn" not in body
    assert "Nous le ferons." in body and "We will do it." not in body
    assert f"http://localhost/consultations/newborn-registration/ideas/{idea.id}" in body
    assert len(smtp.messages) == 1


def test_no_response_email_to_an_opted_out_author(client, db, make, smtp, closed):
    consultation, designer = closed
    author = _participant(make, consultation)
    db.session.add(EmailOptOut(user_id=author.id))
    db.session.commit()
    idea = db.session.scalar(sa.select(Idea).filter_by(author_id=author.id))
    client.login_as(designer).post(f"/consultations/newborn-registration/ideas/{idea.id}/response",
                                   {"status": "accepted", "text_en": "Yes.", "text_fr": "Oui."})
    assert smtp.messages == []
    assert db.session.scalar(sa.select(Notification.user_id)) == author.id


def test_nothing_sent_without_mail_server(client, db, make, smtp, closed, app, monkeypatch, caplog):
    consultation, designer = closed
    person = _participant(make, consultation)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    with caplog.at_level(logging.WARNING, logger="consult.mail"):
        client.login_as(designer).post("/manage/consultations/newborn-registration/outcome", REPORT)
    assert smtp.messages == []
    assert db.session.get(Consultation, consultation.id).status == "reported"
    assert any("MAIL_SERVER unset" in r.getMessage() and person.email in r.getMessage()
               for r in caplog.records)


def test_a_mail_failure_never_loses_the_publication(client, db, make, closed, app, monkeypatch, caplog):
    consultation, designer = closed
    _participant(make, consultation)
    _point_mail_at(app, monkeypatch, _free_port())  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="consult.mail"):
        response = client.login_as(designer).post("/manage/consultations/newborn-registration/outcome", REPORT)
    assert response.status_code == 303
    assert db.session.get(Consultation, consultation.id).status == "reported"
    assert db.session.scalar(sa.select(Outcome.published_at)) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
    assert any("Mail server failed" in r.getMessage() for r in caplog.records)
