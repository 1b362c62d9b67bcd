"""Who may see the queue, decide, decide in bulk and read the audit trail: every role, every action."""

from types import SimpleNamespace

import pytest

from consult.extensions import db as _db
from consult.models import Comment, ModerationDecision
from tests.conftest import page_text
from tests.moderation.test_queue import build_world, queued

ROLES = ("visitor", "citizen", "intake", "designer", "lead_moderator", "partner_moderator",
         "other_moderator", "org_admin", "site_admin")
MODERATORS = {"lead_moderator", "partner_moderator", "other_moderator"}
#: Moderators of the consultation's lead or partner organisation: they decide on its items.
DECIDERS = {"lead_moderator", "partner_moderator"}
#: Who reads the audit trail at all, and who reads the consultation's part of it.
AUDITORS = MODERATORS | {"org_admin", "site_admin"}
CONSULTATION_AUDITORS = DECIDERS | {"org_admin", "site_admin"}


@pytest.fixture
def scene(make):
    """A queued comment in a consultation of `lead` (with a partner), and a decision on each side."""
    world = build_world(make)
    item = queued(make, make.comment(world.consultation, status="pending", body="Waiting for a decision."))
    decided = make.comment(world.consultation, status="hidden", body="Already decided.")
    elsewhere_org = world.other_moderator.memberships[0].organization
    foreign = make.comment(make.consultation(lead=elsewhere_org, title_en="Foreign consultation"), status="hidden")
    _db.session.add_all([
        ModerationDecision(contribution_id=decided.id, moderator_id=world.moderator.id, action="hide",
                           reason_code="duplicate"),
        ModerationDecision(contribution_id=foreign.id, moderator_id=world.other_moderator.id, action="hide",
                           reason_code="spam"),
    ])
    _db.session.commit()
    people = {
        "visitor": None,
        "citizen": make.user(),
        "intake": make.user(role="intake", organization=world.lead),
        "designer": make.user(role="designer", organization=world.lead),
        "lead_moderator": world.moderator,
        "partner_moderator": world.partner_moderator,
        "other_moderator": world.other_moderator,
        "org_admin": make.user(role="admin", organization=world.lead),
        "site_admin": make.user(site_admin=True),
    }
    return SimpleNamespace(world=world, item=item, people=people)


def _as(client, scene, role):
    user = scene.people[role]
    return client.login_as(user) if user is not None else client


def _assert_refused(response, role):
    if role == "visitor":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


def _status(item):
    return _db.session.get(Comment, item.id).status


@pytest.mark.parametrize("role", ROLES)
def test_queue(client, scene, role):
    response = _as(client, scene, role).get("/moderation/")
    if role not in MODERATORS:
        _assert_refused(response, role)
        return
    assert response.status_code == 200
    assert ("Waiting for a decision." in page_text(response)) == (role in DECIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_decide(client, scene, role):
    response = _as(client, scene, role).post(f"/moderation/items/{scene.item.id}/decide",
                                             {"action": "approve", "version": "0"})
    if role in DECIDERS:
        assert response.status_code == 303 and _status(scene.item) == "published"
        return
    _assert_refused(response, role)
    assert _status(scene.item) == "pending"


def test_deciding_an_unknown_item_is_404(client, scene):
    response = _as(client, scene, "lead_moderator").post("/moderation/items/999999/decide",
                                                         {"action": "approve", "version": "0"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_bulk(client, scene, role):
    data = {"ids": [str(scene.item.id)], f"version-{scene.item.id}": "0", "action": "reject",
            "reason_code": "spam"}
    response = _as(client, scene, role).post("/moderation/bulk", data)
    if role not in MODERATORS:
        _assert_refused(response, role)
        assert _status(scene.item) == "pending"
        return
    assert response.status_code == 303
    decided = role in DECIDERS
    assert _status(scene.item) == ("rejected" if decided else "pending")
    message = "1 decided, 0 skipped." if decided else "0 decided, 1 skipped."
    assert message in page_text(client.get(response.headers["Location"]))


@pytest.mark.parametrize("role", ROLES)
def test_audit(client, scene, role):
    response = _as(client, scene, role).get("/moderation/audit")
    if role not in AUDITORS:
        _assert_refused(response, role)
        return
    assert response.status_code == 200
    text = page_text(response)
    assert ("Morgan Lead" in text and "Duplicate" in text) == (role in CONSULTATION_AUDITORS)
    assert ("Foreign consultation" in text) == (role in {"other_moderator", "site_admin"})


@pytest.mark.parametrize("url", ["/moderation/items/{id}/decide", "/moderation/bulk"])
def test_decisions_need_the_csrf_token(client, scene, url):
    data = {"action": "approve", "version": "0", "ids": [str(scene.item.id)], f"version-{scene.item.id}": "0"}
    response = _as(client, scene, "lead_moderator").post(url.format(id=scene.item.id), data, csrf=False)
    assert response.status_code == 400 and _status(scene.item) == "pending"
