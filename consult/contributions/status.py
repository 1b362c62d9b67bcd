"""The moderation state machine: a contribution's status and its place in the queue, and the
published-only counters that move with them. Contributing and moderating both write through
here; nothing else writes `status`. Flush, never commit."""

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Consultation, Contribution
from ..models.base import utcnow
from ..participation import take_part
from ..visibility import PUBLISHED

_contributions = Contribution.__table__


def bump(model, row_id, **deltas):
    """Add to counters in SQL, so concurrent requests never lose an update."""
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if values:
        db.session.execute(sa.update(model).where(model.id == row_id).values(**values))


def count_comment(comment, delta):
    """Move the comment counts of the comment's idea and consultation by `delta`."""
    # Contribution rows before the consultation row, the order moderation locks them in too,
    # so that two transactions never wait on each other.
    if comment.idea_id:
        bump(Contribution, comment.idea_id, comment_count=delta)
    bump(Consultation, comment.consultation_id, comment_count=delta)


def recount(contribution, was_counted, is_counted):
    """Move every published-only counter by the change in whether the contribution counts."""
    if was_counted == is_counted:
        return
    delta = 1 if is_counted else -1
    if contribution.kind == "idea":
        bump(Consultation, contribution.consultation_id, idea_count=delta)
    else:
        count_comment(contribution, delta)
    take_part(contribution.consultation_id, contribution.author_id, delta)


def set_status(contribution, status, from_status=None):
    """Move a contribution from `from_status` (by default the status it was read with) to
    `status` (published, pending, rejected, hidden); moderation calls this, nothing else writes
    `status`. Returns whether the row changed.

    One conditional UPDATE (... WHERE status = from): of concurrent requests making one move,
    exactly one changes the row and moves the counters; the others change nothing and read the
    row as it now is. Whether the row counted is told by the row itself, under its lock.
    """
    before = contribution.status if from_status is None else from_status
    if before == status:
        return False
    db.session.flush()
    row = db.session.execute(
        sa.update(_contributions).where(_contributions.c.id == contribution.id,
                                        _contributions.c.status == before)
        .values(status=status).returning(_contributions.c.deleted_at)).one_or_none()
    if row is None:
        db.session.refresh(contribution, ["status", "deleted_at"])
        return False
    set_committed_value(contribution, "status", status)
    set_committed_value(contribution, "deleted_at", row.deleted_at)
    live = row.deleted_at is None
    recount(contribution, live and before == PUBLISHED, live and status == PUBLISHED)
    return True


def send_to_review(contribution):
    """Put a contribution in the moderation queue (once; an item already there keeps its place).

    Written in SQL on the row as it is, not as this request read it, so a decision made
    meanwhile does not keep a new reason out of the queue.
    """
    db.session.flush()
    now = utcnow()
    queued = db.session.execute(
        sa.update(_contributions).where(_contributions.c.id == contribution.id,
                                        _contributions.c.needs_review.is_not(True))
        .values(needs_review=True, review_since=now)).rowcount
    set_committed_value(contribution, "needs_review", True)
    if queued:
        set_committed_value(contribution, "review_since", now)
    else:
        db.session.expire(contribution, ["review_since"])
