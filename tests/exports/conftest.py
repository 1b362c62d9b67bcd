"""A small fixed consultation to export, and stand-ins for the summaries area's themes and PDF."""

import importlib
import sys
import types
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.extensions import db
from consult.models import AuditEvent, Comment, IntakeContact, SummaryCache, Vote
from consult.models.base import utcnow

#: What the stand-in PDF renderer returns.
FAKE_PDF = b"%PDF-1.7\nsummary report\n%%EOF\n"


def _module(monkeypatch, name):
    """The module `name`, or an empty stand-in registered for this test only."""
    try:
        return importlib.import_module(name)
    except ImportError:
        module = types.ModuleType(name)
        monkeypatch.setitem(sys.modules, name, module)
        parent, _dot, child = name.rpartition(".")
        if parent:
            monkeypatch.setattr(_module(monkeypatch, parent), child, module, raising=False)
        return module


@pytest.fixture
def themes(monkeypatch):
    """Contribution id -> theme label; tests fill it. The stand-in summaries area stores it as
    the real one does (theme numbers in summary_cache.theme_members), so the exports join it."""
    labels = {}

    def theme_names(consultation):
        numbers = {label: number for number, label in enumerate(sorted(set(labels.values())), start=1)}
        db.session.execute(sa.delete(SummaryCache).where(SummaryCache.consultation_id == consultation.id))
        db.session.add(SummaryCache(consultation_id=consultation.id, fingerprint="stand-in", payload={},
                                    theme_members={str(contribution_id): numbers[label]
                                                   for contribution_id, label in labels.items()}))
        db.session.flush()
        return {number: label for label, number in numbers.items()}

    monkeypatch.setattr(_module(monkeypatch, "consult.summaries.cache"), "theme_names", theme_names,
                        raising=False)
    return labels


@pytest.fixture
def report_pdf(monkeypatch):
    """The consultations whose report was rendered, in order."""
    rendered = []

    def render_summary_pdf(consultation):
        rendered.append(consultation.id)
        return FAKE_PDF

    monkeypatch.setattr(_module(monkeypatch, "consult.summaries.report"), "render_summary_pdf",
                        render_summary_pdf, raising=False)
    return rendered


@pytest.fixture
def designer(make, org):
    return make.user(role="designer", organization=org, email="dana.designer@example.org",
                     name="Dana Designer")


@pytest.fixture
def consultation(make, org, partner):
    return make.consultation(lead=org, partners=[partner], slug="newborn-registration")


@dataclass
class Cast:
    """The people and contributions of the fixed data set."""

    alice: object
    bob: object
    carol: object
    staff: object
    idea: object
    held_idea: object
    comment: object
    reply: object
    rejected: object
    deleted: object
    intake: object
    intake_again: object


@pytest.fixture
def data(cast, themes):
    """The fixed data set, with theme labels for some of it (hidden ones included, to prove
    they are left out)."""
    themes.update({cast.idea.id: "Notifications", cast.comment.id: "Notifications",
                   cast.held_idea.id: "Phone", cast.rejected.id: "Addresses"})
    return cast


@pytest.fixture
def cast(db, make, org, consultation):
    """Ideas, a comment with a reply, a held idea, a rejected and a deleted comment, two intake
    entries from one caller, and votes, each with something that must not leak."""
    alice = make.user(email="alice.tremblay@example.org", name="Alice Tremblay")
    bob = make.user(email="bob.gagnon@example.org", name="Bob Gagnon")
    carol = make.user(email="carol.white@example.org", name="Carol White")
    staff = make.user(role="intake", organization=org, email="iris.intake@example.org", name="Iris Intake")
    idea = make.idea(consultation, alice, title="Text me when it is ready",
                     body="Send a text message when the certificate is ready.", agree_count=2,
                     disagree_count=1)
    held_idea = make.idea(consultation, bob, title="Call Bob Gagnon", status="pending",
                          body="Phone me at 613-555-0199, I am Bob Gagnon.")
    comment = make.comment(consultation, bob, idea=idea, body="Yes, and by email too.")
    reply = make.comment(consultation, alice, parent=comment, body="Email works for me.")
    rejected = make.comment(consultation, carol, status="rejected",
                            body="Carol White lives at 12 Elm Street.")
    deleted = make.comment(consultation, bob, body="", deleted_at=utcnow())
    intake = Comment(consultation=consultation, author=None, recorded_by=staff, channel="phone",
                     body="Caller wants a paper form.")
    intake_again = Comment(consultation=consultation, author=None, recorded_by=staff, channel="mail",
                           body="Same caller, again.")
    db.session.add_all([intake, intake_again])
    db.session.flush()
    db.session.add_all([
        IntakeContact(contribution_id=intake.id, name="Marie Contact", contact="(613) 555-0142"),
        IntakeContact(contribution_id=intake_again.id, name="Marie Contact", contact="613 555 0142"),
        Vote(idea_id=idea.id, user_id=alice.id, value=1),
        Vote(idea_id=idea.id, user_id=bob.id, value=-1),
        Vote(idea_id=idea.id, user_id=carol.id, value=1),
        Vote(idea_id=held_idea.id, user_id=carol.id, value=1),
        AuditEvent(actor_id=alice.id, action="user.sign_in", data={"ip": "203.0.113.77"}),
    ])
    for shift, contribution in enumerate((idea, held_idea, comment, reply, rejected, deleted, intake,
                                          intake_again)):
        contribution.created_at = utcnow().replace(microsecond=0) - timedelta(hours=10 - shift)
    db.session.commit()
    return Cast(alice, bob, carol, staff, idea, held_idea, comment, reply, rejected, deleted, intake,
                intake_again)


#: Everything that identifies someone in the data set, none of which may appear in an export.
IDENTIFYING = (
    "alice.tremblay@example.org", "Alice Tremblay", "bob.gagnon@example.org", "Bob Gagnon",
    "carol.white@example.org", "Carol White", "iris.intake@example.org", "Iris Intake",
    "dana.designer@example.org", "Dana Designer", "Marie Contact", "555-0142", "555 0142",
    "555-0199", "203.0.113.77", "Elm Street",
)
