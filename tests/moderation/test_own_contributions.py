"""A moderator never decides on their own contribution: another moderator does, for every kind
of decision, one at a time, in bulk and on an appeal; the queue says why."""

import pytest
import sqlalchemy as sa

from consult.models import Appeal, Comment, Contribution, ModerationDecision
from consult.moderation.queue import ACTIONS, APPEAL_ACTIONS, BULK_ACTIONS, decisions_for
from consult.permissions import can
from tests.conftest import page_text
from tests.moderation.test_queue import build_world, queued

DETAILS = {"reason_code": "spam", "redacted_text": "Corrected.", "suspend_days": "3"}


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.fixture
def own(make, world):
    """A contribution `world.moderator` wrote as a participant, waiting in the queue."""
    return queued(make, make.comment(world.consultation, author=world.moderator, status="pending",
                                     body="My own view, as a resident."))


def _decide(client, db, contribution_id, action):
    version = db.session.get(Contribution, contribution_id).moderation_version
    return client.post(f"/moderation/items/{contribution_id}/decide",
                       {"action": action, "version": str(version), **DETAILS})


def _decisions(db):
    return db.session.scalars(sa.select(ModerationDecision)).all()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_moderator_may_not_decide_on_their_own_contribution(client, db, own, world, action):
    response = _decide(client.login_as(world.moderator), db, own.id, action)

    assert response.status_code == 403
    fresh = db.session.get(Comment, own.id)
    assert (fresh.status, fresh.needs_review, _decisions(db)) == ("pending", True, [])
    assert world.moderator.suspended_until is None


@pytest.mark.parametrize("action", decisions_for("pending"))
def test_another_moderator_may_decide_on_it(client, db, own, world, action):
    response = _decide(client.login_as(world.second_moderator), db, own.id, action)

    assert response.status_code == 303
    assert [d.moderator_id for d in _decisions(db)] == [world.second_moderator.id]


@pytest.mark.parametrize("action", [a for a in BULK_ACTIONS if a in decisions_for("pending")])
def test_a_bulk_decision_skips_the_moderators_own_contribution(client, db, make, own, world, action):
    other = queued(make, make.comment(world.consultation, status="pending", body="Someone else's."))
    data = {"ids": [str(own.id), str(other.id)], "action": action, "reason_code": "spam",
            f"version-{own.id}": "0", f"version-{other.id}": "0"}

    response = client.login_as(world.moderator).post("/moderation/bulk", data)

    assert response.status_code == 303
    assert "1 decided, 1 skipped." in page_text(client.get(response.headers["Location"]))
    assert db.session.get(Comment, own.id).status == "pending"
    assert [d.contribution_id for d in _decisions(db)] == [other.id]


@pytest.mark.parametrize("action", APPEAL_ACTIONS)
def test_a_moderator_may_not_decide_the_appeal_of_their_own_contribution(client, db, make, world, action):
    comment = make.comment(world.consultation, author=world.moderator, status="rejected", body="Mine.")
    db.session.add(ModerationDecision(contribution_id=comment.id, moderator_id=world.second_moderator.id,
                                      action="reject", reason_code="off_topic"))
    queued(make, comment, appeal="Please look again.")

    response = _decide(client.login_as(world.moderator), db, comment.id, action)

    assert response.status_code == 403
    assert db.session.scalar(sa.select(Appeal)).decided_at is None
    assert db.session.get(Comment, comment.id).status == "rejected"


def test_the_queue_says_why_the_item_is_not_theirs_to_decide(client, db, make, own, world):
    other = queued(make, make.comment(world.consultation, status="pending", body="Someone else's."))

    html = client.login_as(world.moderator).get("/moderation/").get_data(as_text=True)

    own_item = html.split(f'id="item-{own.id}"')[1].split("</article>")[0]
    other_item = html.split(f'id="item-{other.id}"')[1].split("</article>")[0]
    assert "You wrote this, so another moderator decides on it." in own_item
    assert "<form" not in own_item and 'name="ids"' not in own_item
    assert "<form" in other_item and "You wrote this" not in other_item


def test_the_rule_refuses_the_author_and_no_one_else(app, db, own, world):
    assert not can(world.moderator, "contribution.moderate", own)
    assert can(world.second_moderator, "contribution.moderate", own)
    assert can(world.partner_moderator, "contribution.moderate", own)
    assert not can(world.other_moderator, "contribution.moderate", own)
