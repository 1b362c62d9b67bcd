"""The moderation queue at volume: only the decisions that apply to an item's state (one rule for
the form and the service), compact items with their decision form on demand, select all."""

import re

import pytest

from consult.models import Contribution, ModerationDecision
from consult.models.vocabulary import CONTRIBUTION_STATUSES
from consult.moderation import services
from consult.moderation.queue import decisions_for, load_item
from tests.conftest import page_text
from tests.moderation.test_queue import _queue, build_mixed_queue, build_world, queued


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.fixture
def mixed_queue(make, world):
    return build_mixed_queue(make, world)


# (status, appealed, has an author, published before, the decisions that apply)
APPLICABLE = [
    ("pending", False, True, False, ("approve", "reject", "redact", "suspend")),
    ("pending", False, True, True, ("approve", "reject", "redact", "suspend")),
    ("pending", False, False, False, ("approve", "reject", "redact")),
    ("published", False, True, True, ("approve", "reject", "hide", "redact", "suspend")),
    ("published", False, False, True, ("approve", "reject", "hide", "redact")),
    ("hidden", False, True, True, ("reject", "restore", "redact", "suspend")),
    ("hidden", False, True, False, ("approve", "reject", "redact", "suspend")),
    ("hidden", False, False, True, ("reject", "restore", "redact")),
    ("rejected", False, True, False, ("approve", "redact", "suspend")),
    ("rejected", True, True, False, ("approve", "redact", "reject")),
    ("rejected", True, False, True, ("approve", "redact", "reject")),
]


@pytest.mark.parametrize(("status", "appealed", "has_author", "was_published", "expected"), APPLICABLE)
def test_the_decisions_that_apply_to_each_state(status, appealed, has_author, was_published, expected):
    assert set(decisions_for(status, appealed=appealed, has_author=has_author,
                             was_published=was_published)) == set(expected)


def test_every_status_has_its_decisions():
    assert all(decisions_for(status) for status in CONTRIBUTION_STATUSES)
    assert not any("restore" in decisions_for(status) for status in CONTRIBUTION_STATUSES)


def _offered(html, item_id):
    """The decision values the item's form offers."""
    form = re.search(rf'<form method="post" action="/moderation/items/{item_id}/decide".*?</form>', html, re.S)
    return set(re.findall(r'name="action" required type="radio" value="(\w+)"', form.group(0))) if form else set()


def test_the_form_offers_only_what_applies_to_the_item(client, db, make, world):
    post = make.consultation(lead=world.lead, moderation_mode="post")
    held = queued(make, make.comment(world.consultation, status="pending", body="Never published."),
                  holds=[("phone", [])])
    flagged = queued(make, make.comment(post, body="Published, flagged."), flags=["spam"])
    hidden_by_flags = queued(make, make.comment(post, status="hidden", body="Hidden by flags."),
                             flags=["spam", "abusive"])
    # Suspended while it waited in pre-moderation: hidden, but the public never saw it.
    suspended = make.comment(world.consultation, status="hidden", body="Suspended unseen.")
    db.session.add(ModerationDecision(contribution_id=suspended.id, moderator_id=world.moderator.id,
                                      action="suspend", reason_code="abusive"))
    queued(make, suspended, flags=["abusive"])
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    assert _offered(html, held.id) == {"approve", "reject", "redact", "suspend"}
    assert _offered(html, flagged.id) == {"approve", "reject", "hide", "redact", "suspend"}
    assert _offered(html, hidden_by_flags.id) == {"restore", "reject", "redact", "suspend"}
    assert _offered(html, suspended.id) == {"approve", "reject", "redact", "suspend"}
    held_form = html.split(f'id="item-{held.id}"')[1].split("</article>")[0]
    assert "Restore: publish it again" not in held_form and "Hide it from the public" not in held_form
    flagged_form = html.split(f'id="item-{flagged.id}"')[1].split("</article>")[0]
    assert "Approve: keep it published" in flagged_form and "Approve: publish it" not in flagged_form


@pytest.mark.parametrize(("status", "refused"), [("pending", "restore"), ("pending", "hide"),
                                                 ("published", "restore"), ("rejected", "hide")])
def test_the_service_refuses_a_decision_that_does_not_apply(app, client, db, make, world, status, refused):
    item_id = queued(make, make.comment(world.consultation, status=status, body="Under review.")).id
    with app.test_request_context(), pytest.raises(ValueError, match="not a decision for this item"):
        services.decide(load_item(item_id), world.moderator, refused, 0, reason_code="spam")
    db.session.rollback()
    fresh = db.session.get(Contribution, item_id)
    assert (fresh.status, fresh.moderation_version, fresh.needs_review) == (status, 0, True)
    assert db.session.scalar(db.select(db.func.count(ModerationDecision.id))) == 0
    response = client.login_as(world.moderator).post(
        f"/moderation/items/{item_id}/decide", {"version": "0", "action": refused, "reason_code": "spam"})
    assert response.status_code == 422 and "This decision is not available for this item." in page_text(response)


def test_a_bulk_decision_skips_the_items_it_does_not_apply_to(client, db, make, world):
    pending = queued(make, make.comment(world.consultation, status="pending", body="Waiting."))
    flagged = queued(make, make.comment(world.consultation, body="Flagged."), flags=["spam"])
    client.login_as(world.moderator)
    response = client.post("/moderation/bulk", {
        "action": "hide", "reason_code": "spam", "ids": [str(pending.id), str(flagged.id)],
        f"version-{pending.id}": "0", f"version-{flagged.id}": "0"})
    assert "1 decided, 1 skipped." in page_text(client.get(response.headers["Location"]))
    assert [db.session.get(Contribution, i).status for i in (pending.id, flagged.id)] == ["pending", "hidden"]


def test_items_are_compact_with_their_decision_form_on_demand(client, make, world, mixed_queue):
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    articles = re.findall(r'<article class="card queue-item".*?</article>', html, re.S)
    assert len(articles) == 7
    for article in articles:
        summary, details = article.split('<details class="queue-decide"', 1)
        assert re.match(r' id="item-\d+-details">', details)  # closed
        assert "<form" not in summary and "<form" in details  # the form opens on demand
        assert "Why it is here:" in summary and "Waiting for" in summary
    assert "Flagged by participants" in articles[0].split("<details")[0]
    assert "Waiting for 1 week" in articles[0] or "Waiting for 10 days" in articles[0]
    # A refused decision comes back with its item open.
    item = mixed_queue.pre
    refused = client.post(f"/moderation/items/{item.id}/decide", {"version": "0", "action": "reject"})
    assert refused.status_code == 422
    assert f'<details class="queue-decide" id="item-{item.id}-details" open>' in refused.get_data(as_text=True)


def test_select_all_on_this_page_without_javascript(client, make, world, mixed_queue):
    client.login_as(world.moderator)
    plain = _queue(client).get_data(as_text=True)
    assert not re.search(r'name="ids" value="\d+" id="item-\d+-select" checked', plain)
    link = re.search(r'<a href="([^"]+)"[^>]*data-select-all-link>Select all on this page</a>', plain).group(1)
    selected = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    boxes = re.findall(r'name="ids" value="(\d+)" id="item-\d+-select"( checked)?', selected)
    assert len(boxes) == 7 and all(checked for _id, checked in boxes)
    assert "Clear the selection" in selected
