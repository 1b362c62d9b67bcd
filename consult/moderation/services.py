"""The rules of moderating: decide on an item, answer an appeal, decide on many. Flush, never commit."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import audit
from ..contributions.status import set_status
from ..extensions import db
from ..models import Contribution, ModerationDecision
from ..models.base import utcnow

#: The status each plain decision leaves the contribution in.
OUTCOMES = {"approve": "published", "reject": "rejected", "hide": "hidden", "restore": "published",
            "redact": "published", "suspend": "hidden"}
#: What an answered appeal records, by the decision that answered it (a redaction is recorded as such).
APPEAL_OUTCOMES = {"approve": "appeal_overturned", "reject": "appeal_upheld"}


class AlreadyDecided(Exception):
    """The item moved on since the form was drawn (another moderator decided it, or its author
    edited it): the version the form named is gone."""


def claim(contribution, version):
    """Take the item for this decision: raise its version if it is still `version`.

    The single UPDATE is the lock: of two decisions on one version, exactly one matches a row.
    Returns False, having changed nothing, when the item moved on meanwhile.
    """
    result = db.session.execute(
        sa.update(Contribution)
        .where(Contribution.id == contribution.id, Contribution.moderation_version == version)
        .values(moderation_version=Contribution.moderation_version + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    db.session.refresh(contribution)
    return True


def _apply(item, moderator, action, reason_code=None, note="", redacted_text=None, suspend_days=None,
           author_note=""):
    """The effects of a claimed decision, its ModerationDecision and its audit event.

    `note` stays internal (moderators and administrators); `author_note`, an appeal's answer,
    is shown to the author. An appeal is granted (approve), refused (reject) or granted in part
    (redact: the corrected text is published).
    """
    contribution = item.contribution
    recorded, suspended_until = action, None
    if item.appeal is not None and action in APPEAL_OUTCOMES:
        recorded = APPEAL_OUTCOMES[action]
    if action == "redact":
        # The original text is replaced, not kept: neither the decision nor the audit names it,
        # and the screening spans that pointed into it go too.
        contribution.body = redacted_text.strip()
        for hold in contribution.holds:
            hold.spans = []
    if action == "suspend":
        suspended_until = utcnow() + timedelta(days=suspend_days)
        contribution.author.suspended_until = suspended_until
    set_status(contribution, OUTCOMES[action])
    contribution.needs_review = False
    # Decided: the next edit is compared with the text as it stands now.
    contribution.before_edit_body = contribution.before_edit_title = None
    decision = ModerationDecision(
        contribution_id=contribution.id, moderator_id=moderator.id, action=recorded,
        reason_code=reason_code or None, note=(note or "").strip(),
        author_note=(author_note or "").strip() if item.appeal is not None else "",
        suspended_until=suspended_until)
    db.session.add(decision)
    db.session.flush()
    if item.appeal is not None:
        item.appeal.decided_at = utcnow()
        item.appeal.decision_id = decision.id
    audit.record(moderator, f"moderation.{recorded}", contribution, reason=reason_code or None)
    db.session.flush()
    return decision


def decide(item, moderator, action, version, **details):
    """Decide on one item of the queue, as of the `version` the moderator saw.

    Raises AlreadyDecided, changing nothing, when someone decided it first. An item with an
    undecided appeal is answered: "approve" overturns the rejection, "reject" upholds it.
    Returns the ModerationDecision.
    """
    if action not in item.actions:
        raise ValueError(f"{action!r} is not a decision for this item")
    if not claim(item.contribution, version):
        raise AlreadyDecided
    return _apply(item, moderator, action, **details)


def decide_many(items_and_versions, moderator, action, reason_code=None, note=""):
    """One decision for many items; returns (decided, skipped).

    An item decided meanwhile, or one the decision does not fit (an appeal cannot be hidden),
    is skipped. Every item is claimed before any takes effect, in id order, so that two
    moderators' bulk decisions lock rows in the same order.
    """
    claimed = [item for item, version in sorted(items_and_versions, key=lambda pair: pair[0].id)
               if action in item.actions and claim(item.contribution, version)]
    for item in claimed:
        _apply(item, moderator, action, reason_code, note)
    return len(claimed), len(items_and_versions) - len(claimed)


def appealed_decisions(items):
    """{contribution id: the rejection its undecided appeal contests, with who made it}, for the
    appealed items among `items`, in one query."""
    ids = [item.id for item in items if item.appeal is not None]
    if not ids:
        return {}
    decisions = db.session.scalars(
        sa.select(ModerationDecision).options(joinedload(ModerationDecision.moderator))
        .where(ModerationDecision.contribution_id.in_(ids), ModerationDecision.action == "reject")
        .order_by(ModerationDecision.id))
    return {decision.contribution_id: decision for decision in decisions}
