"""The visibility rule's two forms agree: the SQL condition selects what the predicate allows,
with and without the consultation named, for every status and every viewer."""

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from consult.contributions.services import delete_contribution
from consult.models import Contribution
from consult.visibility import can_see, is_live, live_condition, visible_condition

STATUSES = ("published", "pending", "rejected", "hidden")


@pytest.fixture
def scene(make, db):
    lead, partner, elsewhere = make.organization(), make.organization(), make.organization()
    ours = make.consultation(lead=lead, partners=[partner])
    theirs = make.consultation(lead=elsewhere)
    author = make.user()
    viewers = {
        "visitor": AnonymousUserMixin(), "nobody": None, "author": author, "citizen": make.user(),
        "lead_moderator": make.user(role="moderator", organization=lead),
        "partner_moderator": make.user(role="moderator", organization=partner),
        "other_moderator": make.user(role="moderator", organization=elsewhere),
        "designer": make.user(role="designer", organization=lead),
    }
    contributions = []
    for consultation in (ours, theirs):
        for status in STATUSES:
            for erased in (False, True):
                made = [make.idea(consultation, author=author, status=status),
                        make.comment(consultation, author=author, status=status)]
                for contribution in made:
                    contribution.author_id = None if erased else author.id
                contributions.extend(made)
    deleted = make.comment(ours, author=author)
    delete_contribution(deleted)
    db.session.commit()
    contributions.append(deleted)
    return viewers, contributions, (ours, theirs)


EXPECTED = {
    # viewer -> may see an unpublished contribution of "ours" written by the author, of "ours"
    # written by nobody (erased), of "theirs" written by the author
    "visitor": (False, False, False), "nobody": (False, False, False),
    "author": (True, False, True), "citizen": (False, False, False),
    "lead_moderator": (True, True, False), "partner_moderator": (True, True, False),
    "other_moderator": (False, False, True), "designer": (False, False, False),
}


def _selected(db, condition, consultation=None):
    query = sa.select(Contribution.id).where(condition)
    if consultation is not None:
        query = query.where(Contribution.consultation_id == consultation.id)
    return set(db.session.scalars(query))


@pytest.mark.parametrize("viewer_name", sorted(EXPECTED))
def test_sql_and_predicate_agree(db, scene, viewer_name):
    viewers, contributions, consultations = scene
    viewer = viewers[viewer_name]
    allowed = {c.id for c in contributions if can_see(viewer, c)}
    assert _selected(db, visible_condition(viewer)) == allowed
    for consultation in consultations:
        mine = {c.id for c in contributions if c.consultation_id == consultation.id} & allowed
        assert _selected(db, visible_condition(viewer, consultation), consultation) == mine
    ours, theirs = consultations
    hidden = [c for c in contributions if c.status != "published"]
    own_ours = any(can_see(viewer, c) for c in hidden if c.consultation_id == ours.id and c.author_id)
    erased_ours = any(can_see(viewer, c) for c in hidden if c.consultation_id == ours.id and not c.author_id)
    own_theirs = any(can_see(viewer, c) for c in hidden if c.consultation_id == theirs.id and c.author_id)
    assert (own_ours, erased_ours, own_theirs) == EXPECTED[viewer_name]
    assert all(can_see(viewer, c) for c in contributions if c.status == "published")


def test_live_is_published_and_not_deleted(db, scene):
    _viewers, contributions, _consultations = scene
    live = {c.id for c in contributions if is_live(c)}
    assert live == {c.id for c in contributions if c.status == "published" and c.deleted_at is None}
    assert _selected(db, live_condition()) == live
    assert any(c.status == "published" and c.deleted_at is not None for c in contributions)
