"""Who may see a contribution in which state: the one rule every query, page, partial, count,
feed, notification and export goes through.

A published contribution is seen by everyone (once its author deleted it, as a tombstone in its
thread: its text is gone). One that is not published (waiting in pre-moderation or held by
screening, rejected, appealed, hidden by flags or by a moderator) is seen by its author and by
the moderators of its consultation's lead and partner organisations, and by nobody else.

"Live" is narrower: published and not deleted. Only a live contribution, in a public place (see
in_public_place), may be voted on, commented on, replied to or flagged; only live ones are
counted (ideas, comments, participants, figures) and answered (outcomes, exports' texts).
"""

import sqlalchemy as sa

from .extensions import db
from .models import Consultation, Contribution
from .models.consultations import consultation_partners

PUBLISHED = "published"


def live_condition(columns=Contribution):
    """SQL: published and not deleted. `columns` is the mapped class (Contribution, Idea,
    Comment, an alias) or a table's column collection (`Contribution.__table__.c`)."""
    return sa.and_(columns.status == PUBLISHED, columns.deleted_at.is_(None))


def is_live(contribution):
    """Published and not deleted: may be voted on, commented on, replied to, flagged, counted."""
    return contribution.status == PUBLISHED and contribution.deleted_at is None


def in_public_place(contribution):
    """Whatever a comment hangs under (its idea, the comment it answers, its thread's top) is
    published: a reply under a hidden comment, or a comment under a held idea, is out of everyone's
    sight but a few. A tombstone is published: its thread goes on."""
    above = {contribution.idea_id, contribution.parent_id, contribution.root_id} - {None}
    return all(db.session.get(Contribution, row_id).status == PUBLISHED for row_id in sorted(above))


def _signed_in(viewer):
    return viewer is not None and viewer.is_authenticated


def moderates(viewer, consultation):
    """A moderator of the consultation's lead or of one of its partner organisations."""
    return _signed_in(viewer) and "moderator" in viewer.roles_in(consultation.organization_ids)


def _moderated_consultations(organization_ids):
    """SQL: the ids of the consultations that these organisations lead or partner in."""
    led = sa.select(Consultation.id).where(Consultation.lead_organization_id.in_(organization_ids))
    partnered = sa.select(consultation_partners.c.consultation_id).where(
        consultation_partners.c.organization_id.in_(organization_ids))
    return sa.union(led, partnered)


def visible_condition(viewer, consultation=None, columns=Contribution):
    """SQL: the contributions `viewer` (None or anonymous for a visitor) may see.

    With `consultation` (every row of the query belongs to it), a moderator of it sees them all,
    decided here without a query. Without it, the consultations the viewer moderates are
    looked up inside the condition itself.
    """
    public = columns.status == PUBLISHED
    if not _signed_in(viewer):
        return public
    if consultation is not None:
        if moderates(viewer, consultation):
            return sa.true()
        return sa.or_(public, columns.author_id == viewer.id)
    conditions = [public, columns.author_id == viewer.id]
    organization_ids = viewer.organizations_with_role("moderator")
    if organization_ids:
        conditions.append(columns.consultation_id.in_(_moderated_consultations(sorted(organization_ids))))
    return sa.or_(*conditions)


def can_see(viewer, contribution):
    """Whether `viewer` may see `contribution` (its text, title and author) at all."""
    if contribution.status == PUBLISHED:
        return True
    if not _signed_in(viewer):
        return False
    return contribution.author_id == viewer.id or moderates(viewer, contribution.consultation)
