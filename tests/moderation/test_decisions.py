"""Moderation decisions: their effects for the public, the author and other moderators, with and
without JavaScript; redaction, suspension, appeals, a decision made twice, bulk decisions."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from consult.extensions import db as _db
from consult.models import (
    Appeal,
    AuditEvent,
    Comment,
    Consultation,
    Contribution,
    Hold,
    Idea,
    ModerationDecision,
    User,
)
from consult.models.base import utcnow
from tests.conftest import page_text
from tests.moderation.test_queue import build_world, queued


@pytest.fixture
def world(make):
    return build_world(make)


def _decide(client, item_id, htmx=False, version=None, **data):
    """Post a decision on the item, naming its current version unless told another."""
    if version is None:
        version = _db.session.get(Contribution, item_id).moderation_version
    return client.post(f"/moderation/items/{item_id}/decide", {**data, "version": str(version)}, htmx=htmx)


def _decisions(db, item_id=None):
    query = sa.select(ModerationDecision).order_by(ModerationDecision.id)
    if item_id is not None:
        query = query.where(ModerationDecision.contribution_id == item_id)
    return db.session.scalars(query).all()


def _assert_counters_exact(db, consultation_id, idea_id=None):
    """Every published-only counter equals a fresh count of the rows."""
    live = (Contribution.status == "published", Contribution.deleted_at.is_(None))
    consultation = db.session.get(Consultation, consultation_id)
    ideas = db.session.scalar(sa.select(sa.func.count(Idea.id)).where(Idea.consultation_id == consultation_id, *live))
    comments = db.session.scalar(sa.select(sa.func.count(Comment.id)).where(
        Comment.consultation_id == consultation_id, *live))
    assert (consultation.idea_count, consultation.comment_count) == (ideas, comments)
    if idea_id is not None:
        on_idea = db.session.scalar(sa.select(sa.func.count(Comment.id)).where(Comment.idea_id == idea_id, *live))
        assert db.session.get(Idea, idea_id).comment_count == on_idea


def test_approve_without_javascript_publishes_it_for_everyone(client_factory, db, make, world):
    author = make.user()
    comment = queued(make, make.comment(world.consultation, author=author, status="pending",
                                        body="Please open on Saturdays."), holds=[("phone", [[0, 6]])])
    moderator = client_factory().login_as(world.moderator)
    response = _decide(moderator, comment.id, action="approve")
    assert response.status_code == 303 and response.headers["Location"].endswith("/moderation/")
    assert "Approved: it is published." in page_text(moderator.get(response.headers["Location"]))
    slug = world.consultation.slug
    assert "Please open on Saturdays." in page_text(client_factory().get(f"/consultations/{slug}"))
    own = page_text(client_factory().login_as(author).get(f"/consultations/{slug}"))
    assert "Please open on Saturdays." in own and "Awaiting review" not in own
    assert "Please open on Saturdays." not in page_text(client_factory().login_as(world.second_moderator).get("/moderation/"))
    fresh = db.session.get(Comment, comment.id)
    assert (fresh.status, fresh.needs_review, fresh.moderation_version) == ("published", False, 1)
    assert len(fresh.holds) == 1  # screening stays as history
    [decision] = _decisions(db)
    assert (decision.action, decision.moderator_id, decision.contribution_id) == ("approve", world.moderator.id, comment.id)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "moderation.approve"))
    assert (event.actor_id, event.target_id, event.data) == (world.moderator.id, comment.id, {"reason": None})
    _assert_counters_exact(db, world.consultation.id)


def test_decision_with_htmx_returns_the_item_with_its_outcome(client, db, make, world):
    comment = queued(make, make.comment(world.consultation, status="pending", body="Off topic words."))
    response = _decide(client.login_as(world.moderator), comment.id, htmx=True, action="reject",
                       reason_code="off_topic", note="Not about the service.")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith(f'<article class="card queue-item" id="item-{comment.id}"')
    assert "Decided. It is now: Rejected." in page_text(response) and "data-focus" in html
    assert 'hx-swap-oob="innerHTML:#live-region"' in html and "Rejected: nobody but its author can see it now." in html
    [decision] = _decisions(db)
    assert (decision.action, decision.reason_code, decision.note) == ("reject", "off_topic", "Not about the service.")


# (status before, action, reason, status after)
TABLE = [
    ("pending", "approve", "", "published"),
    ("pending", "reject", "spam", "rejected"),
    ("published", "hide", "abusive", "hidden"),
    ("hidden", "restore", "", "published"),
    ("published", "reject", "off_topic", "rejected"),
    ("rejected", "approve", "", "published"),
]


@pytest.mark.parametrize("kind", ["idea", "comment"])
@pytest.mark.parametrize(("before", "action", "reason", "after"), TABLE)
def test_every_decision_keeps_counters_exact_and_shows_what_it_should(
        client_factory, db, make, world, kind, before, action, reason, after):
    consultation, author = world.consultation, make.user()
    idea = make.idea(consultation, title="Mobile clinics")
    make.comment(consultation, idea=idea, body="Already there.")
    text = "The words under review."
    item = (make.idea(consultation, author=author, status=before, title=text, body="Body.") if kind == "idea"
            else make.comment(consultation, author=author, idea=idea, status=before, body=text))
    queued(make, item, flags=["spam"] if before == "published" else ())
    assert _decide(client_factory().login_as(world.moderator), item.id, action=action,
                   reason_code=reason).status_code == 303
    assert db.session.get(Contribution, item.id).status == after
    _assert_counters_exact(db, consultation.id, idea.id)
    page = f"/consultations/{consultation.slug}" + ("" if kind == "idea" else f"/ideas/{idea.id}")
    assert (text in page_text(client_factory().get(page))) == (after == "published")
    author_sees = page_text(client_factory().login_as(author).get(page))
    # Their own words in every state, marked when not public (consult/visibility.py).
    assert text in author_sees and ("only its author and the moderators" in author_sees) == (after != "published")
    account = page_text(client_factory().login_as(author).get("/account/"))
    assert {"published": "Published", "rejected": "Rejected", "hidden": "Hidden by a moderator"}[after] in account
    queue = page_text(client_factory().login_as(world.partner_moderator).get("/moderation/"))
    assert text not in queue and "0 items need review." in queue


def test_a_failed_decision_keeps_what_was_typed_and_changes_nothing(client, db, make, world):
    comment = queued(make, make.comment(world.consultation, status="pending", body="Undecided."))
    client.login_as(world.moderator)
    failures = [
        ({"action": "reject", "note": "Typed note stays."}, "Choose a reason for this decision.", "reason_code"),
        ({"action": "hide", "reason_code": "other"}, "Explain the reason in the note.", "note"),
        ({"action": "redact", "redacted_text": "  "}, "Write the text to publish instead.", "redacted_text"),
        ({"action": "suspend", "reason_code": "spam", "suspend_days": "400"}, "Suspend for 1 to 365 days.", "suspend_days"),
        ({"action": "suspend", "reason_code": "spam"}, "Say for how many days.", "suspend_days"),
        ({}, "Choose a decision.", "action"),
        ({"action": "appeal_upheld"}, "This decision is not available for this item.", "action"),
    ]
    for data, message, field in failures:
        for htmx in (False, True):
            response = _decide(client, comment.id, htmx=htmx, **data)
            html = response.get_data(as_text=True)
            assert response.status_code == 422, data
            assert message in html and f'href="#item-{comment.id}-{field}"' in html
            assert ("<h1>Decide on an item</h1>" in html) != htmx
    assert "Typed note stays." in _decide(client, comment.id, action="reject", note="Typed note stays.").get_data(as_text=True)
    fresh = db.session.get(Comment, comment.id)
    assert (fresh.status, fresh.moderation_version, fresh.needs_review) == ("pending", 0, True)
    assert _decisions(db) == []


def _text_columns(db):
    """Every value of every text column of the tables a redaction must leave clean."""
    values = []
    for table in ("contributions", "moderation_decisions", "audit_events", "holds"):
        columns = [c for c in db.metadata.tables[table].columns
                   if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
        for row in db.session.execute(sa.select(*columns)).all():
            values.extend(str(value) for value in row if value is not None)
    return values


def test_redact_replaces_the_text_and_keeps_no_copy_of_it(client_factory, db, make, world):
    original = "Reach me at 613-555-0142, I live at 12 Elm Street."
    comment = queued(make, make.comment(world.consultation, status="pending", body=original),
                     holds=[("phone", [[12, 24]]), ("street_address", [[36, 49]])])
    response = _decide(client_factory().login_as(world.moderator), comment.id, htmx=True, action="redact",
                       redacted_text="Reach me at [removed], I live at [removed].", reason_code="personal_information")
    assert response.status_code == 200 and "613-555-0142" not in response.get_data(as_text=True)
    assert "Reach me at [removed]" in page_text(client_factory().get(f"/consultations/{world.consultation.slug}"))
    values = _text_columns(db)
    assert not [v for v in values if "613-555-0142" in v or "12 Elm Street" in v]
    assert "Reach me at [removed], I live at [removed]." in values
    fresh = db.session.get(Comment, comment.id)
    assert fresh.status == "published" and [h.spans for h in fresh.holds] == [[], []]
    assert [d.action for d in _decisions(db)] == ["redact"]
    _assert_counters_exact(db, world.consultation.id)


def test_suspend_hides_the_item_and_stops_the_author_taking_part(client_factory, db, make, world):
    author = make.user()
    comment = queued(make, make.comment(world.consultation, author=author, body="Abuse."), flags=["abusive"])
    response = _decide(client_factory().login_as(world.moderator), comment.id, action="suspend",
                       reason_code="abusive", suspend_days="7")
    assert response.status_code == 303
    fresh_author = db.session.get(User, author.id)
    assert fresh_author.is_suspended
    until = fresh_author.suspended_until
    until = until.replace(tzinfo=UTC) if until.tzinfo is None else until
    assert abs(until - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)
    assert db.session.get(Comment, comment.id).status == "hidden"
    [decision] = _decisions(db)
    assert decision.action == "suspend" and decision.suspended_until is not None
    blocked = client_factory().login_as(author).post(f"/consultations/{world.consultation.slug}/comments",
                                                    {"body": "Let me back in."})
    assert blocked.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1
    _assert_counters_exact(db, world.consultation.id)


def test_input_recorded_without_an_account_cannot_suspend_anyone(client, db, make, world):
    comment = queued(make, make.comment(world.consultation, status="pending", body="By phone."))
    comment.author_id = None
    db.session.commit()
    client.login_as(world.moderator)
    assert "Days of suspension" not in client.get("/moderation/").get_data(as_text=True)
    response = _decide(client, comment.id, action="suspend", reason_code="spam", suspend_days="3")
    assert response.status_code == 422 and "This decision is not available for this item." in page_text(response)


@pytest.fixture
def appealed(client, db, make, world):
    """A comment `world.moderator` rejected, which its author appeals."""
    author = make.user()
    comment = queued(make, make.comment(world.consultation, author=author, status="pending", body="Was this fair?"))
    assert _decide(client.login_as(world.moderator), comment.id, action="reject", reason_code="off_topic").status_code == 303
    return queued(make, db.session.get(Comment, comment.id), appeal="It was about the service.")


def test_the_rejecting_moderator_cannot_decide_the_appeal(client, db, appealed, world):
    page = page_text(client.login_as(world.moderator).get("/moderation/"))
    assert "It was about the service." in page and "another moderator decides on the appeal" in page
    assert _decide(client, appealed.id, action="approve").status_code == 403
    assert db.session.scalar(sa.select(Appeal)).decided_at is None


@pytest.mark.parametrize(("action", "recorded", "status"), [
    ("approve", "appeal_overturned", "published"), ("reject", "appeal_upheld", "rejected")])
def test_another_moderator_answers_the_appeal(client_factory, db, appealed, world, action, recorded, status):
    second = client_factory().login_as(world.second_moderator)
    form = second.get("/moderation/").get_data(as_text=True).split(f'id="item-{appealed.id}"')[1]
    assert "Grant the appeal: publish it" in form and "Hide it from the public" not in form
    assert _decide(second, appealed.id, htmx=True, action="hide", reason_code="spam").status_code == 422
    response = _decide(second, appealed.id, action=action, reason_code="off_topic")
    assert response.status_code == 303
    appeal = db.session.scalar(sa.select(Appeal))
    last = _decisions(db)[-1]
    assert (last.action, last.moderator_id) == (recorded, world.second_moderator.id)
    assert appeal.decided_at is not None and appeal.decision_id == last.id
    assert db.session.get(Comment, appealed.id).status == status
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == f"moderation.{recorded}"))
    _assert_counters_exact(db, world.consultation.id)


def test_two_decisions_on_one_version_leave_one(client_factory, db, make, world):
    comment = queued(make, make.comment(world.consultation, status="pending", body="Contested."))
    first = client_factory().login_as(world.moderator)
    second = client_factory().login_as(world.partner_moderator)
    assert _decide(first, comment.id, version=0, action="approve").status_code == 303
    late = _decide(second, comment.id, version=0, action="reject", reason_code="spam")
    assert late.status_code == 303
    assert "This item changed since you opened it" in page_text(second.get(late.headers["Location"]))
    late_htmx = _decide(second, comment.id, version=0, htmx=True, action="hide", reason_code="spam")
    assert late_htmx.status_code == 409
    assert "This item changed since you opened it" in page_text(late_htmx) and "Decided. It is now: Published." in page_text(late_htmx)
    assert [d.action for d in _decisions(db)] == ["approve"]
    assert db.session.get(Comment, comment.id).status == "published"
    _assert_counters_exact(db, world.consultation.id)


@pytest.mark.commits
@pytest.mark.backend("postgresql")
def test_simultaneous_decisions_leave_one(app, db, make, world, client_factory):
    comment = queued(make, make.comment(world.consultation, status="pending", body="Raced."))
    moderators = [world.moderator, world.second_moderator, world.partner_moderator] * 2
    clients = [client_factory().login_as(m) for m in moderators]
    barrier = threading.Barrier(len(clients))

    def run(pair):
        index, client = pair
        with app.app_context():
            barrier.wait(timeout=30)
            data = {"action": "reject", "reason_code": "spam"} if index % 2 else {"action": "approve"}
            return client.post(f"/moderation/items/{comment.id}/decide", {**data, "version": "0"})

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        codes = [r.status_code for r in pool.map(run, enumerate(clients))]
    assert codes == [303] * len(clients)
    db.session.expire_all()
    assert len(_decisions(db, comment.id)) == 1
    assert db.session.get(Comment, comment.id).moderation_version == 1
    _assert_counters_exact(db, world.consultation.id)


def test_bulk_decides_each_item_and_skips_the_stale_and_the_foreign(client_factory, db, make, world):
    items = [queued(make, make.comment(world.consultation, status="pending", body=f"Bulk {n}")) for n in range(3)]
    foreign = queued(make, make.comment(make.consultation(), status="pending", body="Not ours."))
    _decide(client_factory().login_as(world.partner_moderator), items[2].id, action="approve")
    moderator = client_factory().login_as(world.moderator)
    data = {"ids": [str(i.id) for i in (*items, foreign)], "action": "reject", "reason_code": "spam"}
    data.update({f"version-{i.id}": "0" for i in (*items, foreign)})
    response = moderator.post("/moderation/bulk?kind=comment", data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/moderation/?kind=comment")
    assert "2 decided, 2 skipped." in page_text(moderator.get(response.headers["Location"]))
    statuses = [db.session.get(Comment, i.id).status for i in (*items, foreign)]
    assert statuses == ["rejected", "rejected", "published", "pending"]
    assert [d.action for d in _decisions(db)] == ["approve", "reject", "reject"]
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "moderation.reject")) == 2
    _assert_counters_exact(db, world.consultation.id)


def test_bulk_form_errors_are_shown_on_the_queue(client, db, make, world):
    item = queued(make, make.comment(world.consultation, status="pending", body="Waiting."))
    client.login_as(world.moderator)
    missing = client.post("/moderation/bulk", {"action": "approve"})
    assert missing.status_code == 422 and "Select at least one item." in page_text(missing)
    assert 'href="#bulk-ids"' in missing.get_data(as_text=True)
    no_reason = client.post("/moderation/bulk", {"action": "hide", "ids": [str(item.id)], f"version-{item.id}": "0"})
    html = no_reason.get_data(as_text=True)
    assert no_reason.status_code == 422 and "Choose a reason for this decision." in html
    assert f'value="{item.id}" id="item-{item.id}-select" checked' in html
    assert db.session.get(Comment, item.id).status == "pending" and _decisions(db) == []


def test_hold_rows_are_not_touched_by_a_plain_decision(client, db, make, world):
    comment = queued(make, make.comment(world.consultation, status="pending", body="abc def"),
                     holds=[("email", [[0, 3]])])
    _decide(client.login_as(world.moderator), comment.id, action="reject", reason_code="spam")
    assert db.session.scalar(sa.select(Hold.spans)) == [[0, 3]]
