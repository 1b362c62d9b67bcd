"""The account area's rules: language, name, password, the person's own contributions, appeals."""

from dataclasses import dataclass

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, lazyload

from ..audit import record
from ..auth.services import hasher, set_password
from ..contributions.status import send_to_review
from ..extensions import db
from ..models import Appeal, Consultation, Contribution, Hold, ModerationDecision
from ..models.base import utcnow
from ..models.dialects import insert_or_ignore
from ..models.moderation import HOLD_RULES, REMOVALS

#: Contributions listed per page of the account page.
PER_PAGE = 20


def set_locale(user, locale):
    """Remember the language on the account, so every device of the person uses it."""
    user.locale = locale


def rename(user, display_name):
    """Change the name shown with the person's contributions."""
    user.display_name = display_name.strip()
    record(user, "user.rename", user)
    db.session.flush()


def change_password(user, current_password, new_password):
    """Set a new password if the current one is right (ending every session); False otherwise."""
    try:
        hasher.verify(user.password_hash, current_password)
    except (VerificationError, InvalidHashError):
        record(user, "user.password_change_failed", user)
        return False
    set_password(user, new_password)
    db.session.flush()
    return True


def own_contributions(user, page):
    """One page of the person's ideas and comments, newest first, each with its consultation."""
    query = (
        db.select(Contribution)
        .filter_by(author_id=user.id)
        .options(joinedload(Contribution.consultation).options(lazyload(Consultation.partners)))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


#: Why a moderator rejected or hid a contribution, in words for its author.
DECISION_REASONS = {
    "personal_information": _l("It contained personal information"),
    "abusive": _l("It was abusive or hateful"),
    "spam": _l("It was spam or advertising"),
    "off_topic": _l("It was off topic"),
    "duplicate": _l("It repeated another contribution"),
    "other": _l("Another reason"),
}



@dataclass
class ModerationState:
    """What moderation did to one of the person's contributions, for the account page."""

    #: Held by screening because it may contain personal information.
    personal_information: bool = False
    #: The latest decision that rejected or hid it.
    removal: ModerationDecision | None = None
    appeal: Appeal | None = None
    #: appeal_upheld, appeal_overturned or redact once the appeal is decided.
    appeal_outcome: str | None = None
    #: What the moderator who answered the appeal told the author (never the internal note).
    appeal_answer: str = ""


def latest_removals(contribution_ids):
    """The latest reject or hide decision of each contribution, in one query."""
    rank = sa.func.row_number().over(
        partition_by=ModerationDecision.contribution_id,
        order_by=(ModerationDecision.created_at.desc(), ModerationDecision.id.desc()),
    )
    ranked = (
        sa.select(ModerationDecision.id, rank.label("rank"))
        .where(ModerationDecision.contribution_id.in_(contribution_ids),
               ModerationDecision.action.in_(REMOVALS))
        .subquery()
    )
    return db.session.scalars(
        sa.select(ModerationDecision)
        .join(ranked, ranked.c.id == ModerationDecision.id)
        .where(ranked.c.rank == 1)
    ).all()


def moderation_states(contributions):
    """Holds, latest removal and appeal of each contribution on a page: three queries in all."""
    states = {c.id: ModerationState() for c in contributions}
    if not states:
        return states
    ids = list(states)
    held = db.session.execute(
        sa.select(Hold.contribution_id, Hold.rule)
        .where(Hold.contribution_id.in_(ids))
        .group_by(Hold.contribution_id, Hold.rule)
    )
    for contribution_id, rule in held:
        if HOLD_RULES.get(rule) == "personal_information":
            states[contribution_id].personal_information = True
    for decision in latest_removals(ids):
        states[decision.contribution_id].removal = decision
    appeals = db.session.execute(
        sa.select(Appeal, ModerationDecision.action, ModerationDecision.author_note)
        .outerjoin(ModerationDecision, ModerationDecision.id == Appeal.decision_id)
        .where(Appeal.contribution_id.in_(ids))
    )
    for appeal, outcome, answer in appeals:
        state = states[appeal.contribution_id]
        state.appeal = appeal
        state.appeal_outcome = outcome if appeal.decided_at else None
        state.appeal_answer = (answer or "") if appeal.decided_at else ""
    return states


def appeal_of(contribution):
    """The appeal already made against the contribution's rejection, if any."""
    return db.session.scalar(sa.select(Appeal).filter_by(contribution_id=contribution.id))


def appeal_rejection(contribution, author, text):
    """Appeal a rejection once: store the appeal and put the contribution back in the queue.

    Returns the new appeal's id, or None when an appeal already exists (a second request that
    lost the race); the database's unique constraint decides.
    """
    appeal_id = insert_or_ignore(Appeal, ["contribution_id"], contribution_id=contribution.id,
                                 text=text.strip(), created_at=utcnow())
    if appeal_id is None:
        return None
    send_to_review(contribution)
    # A moderation form opened before the appeal arrived now counts as out of date.
    db.session.execute(sa.update(Contribution).where(Contribution.id == contribution.id)
                       .values(moderation_version=Contribution.moderation_version + 1))
    record(author, "contribution.appeal", contribution)
    db.session.flush()
    return appeal_id
