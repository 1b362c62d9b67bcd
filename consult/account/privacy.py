"""The person's own data: what they say about themselves, a copy of everything, erasing the account."""

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError

from ..audit import record
from ..auth.services import hasher
from ..contributions.services import delete_contribution
from ..extensions import db
from ..models import (
    Appeal,
    AuditEvent,
    Consultation,
    Contribution,
    Flag,
    Membership,
    ModerationDecision,
    Organization,
    Participant,
    Vote,
)
from ..models.notifications import EmailOptOut, Notification
from ..models.users import ERASED_EMAIL_DOMAIN
from ..participation import recount_participation

#: The name every erased account shows next to the contributions it keeps.
#: Stored in place of the erased name; pages show the translated words instead (User.is_erased).
FORMER_PARTICIPANT = "Former participant"
#: Argon2 never produces this, so no password matches it.
UNUSABLE_PASSWORD = "!erased"


def set_profile_segments(user, segments, region):
    """Store what the person chose to say about themselves (nothing, to remove it all)."""
    user.segments = sorted(set(segments or ()))
    user.region = region or None
    record(user, "user.profile_segments", user)
    db.session.flush()


def _time(value):
    return value.isoformat() if value is not None else None


def _rows(statement, *fields):
    """Run `statement` and turn each row into a dict of `fields`, times as ISO 8601."""
    return [{name: _time(value) if hasattr(value, "isoformat") else value
             for name, value in zip(fields, row, strict=True)}
            for row in db.session.execute(statement)]


def personal_data(user):
    """Everything the platform holds about the person, as plain data; one query per kind."""
    own = sa.select(Contribution.id).where(Contribution.author_id == user.id)
    return {
        "account": {
            "email": user.email, "display_name": user.display_name, "locale": user.locale,
            "created_at": _time(user.created_at), "last_sign_in_at": _time(user.last_sign_in_at),
            "segments": list(user.segments or ()), "region": user.region,
            "suspended_until": _time(user.suspended_until),
        },
        "memberships": _rows(
            sa.select(Organization.slug, Organization.name_en, Membership.role, Membership.created_at)
            .join(Organization, Organization.id == Membership.organization_id)
            .where(Membership.user_id == user.id).order_by(Membership.id),
            "organization", "organization_name", "role", "created_at"),
        "contributions": _rows(
            sa.select(Contribution.id, Consultation.slug, Contribution.kind, Contribution.title,
                      Contribution.body, Contribution.status, Contribution.channel,
                      Contribution.idea_id, Contribution.parent_id, Contribution.created_at,
                      Contribution.edited_at, Contribution.deleted_at)
            .join(Consultation, Consultation.id == Contribution.consultation_id)
            .where(Contribution.author_id == user.id).order_by(Contribution.id),
            "id", "consultation", "kind", "title", "body", "status", "channel", "idea_id",
            "parent_id", "created_at", "edited_at", "deleted_at"),
        "votes": _rows(
            sa.select(Vote.idea_id, Vote.value, Vote.created_at)
            .where(Vote.user_id == user.id).order_by(Vote.id),
            "idea_id", "value", "created_at"),
        "flags": _rows(
            sa.select(Flag.contribution_id, Flag.reason, Flag.note, Flag.created_at)
            .where(Flag.user_id == user.id).order_by(Flag.id),
            "contribution_id", "reason", "note", "created_at"),
        "appeals": _rows(
            sa.select(Appeal.contribution_id, Appeal.text, Appeal.created_at, Appeal.decided_at)
            .where(Appeal.contribution_id.in_(own)).order_by(Appeal.id),
            "contribution_id", "text", "created_at", "decided_at"),
        # What was decided about the person's contributions and what they were told; never who
        # decided it, nor the moderators' internal note.
        "moderation_decisions": _rows(
            sa.select(ModerationDecision.contribution_id, ModerationDecision.action,
                      ModerationDecision.reason_code, ModerationDecision.author_note,
                      ModerationDecision.suspended_until, ModerationDecision.created_at)
            .where(ModerationDecision.contribution_id.in_(own)).order_by(ModerationDecision.id),
            "contribution_id", "action", "reason", "answer", "suspended_until", "created_at"),
        "notifications": _rows(
            sa.select(Notification.kind, Consultation.slug, Notification.idea_id,
                      Notification.created_at, Notification.read_at)
            .join(Consultation, Consultation.id == Notification.consultation_id)
            .where(Notification.user_id == user.id).order_by(Notification.id),
            "kind", "consultation", "idea_id", "created_at", "read_at"),
        "email_opt_out": db.session.get(EmailOptOut, user.id) is not None,
        "activity": _rows(
            sa.select(AuditEvent.action, AuditEvent.created_at)
            .where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id),
            "action", "created_at"),
    }


def password_matches(user, password):
    """Whether `password` is the person's password."""
    try:
        return hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _withdraw_votes_and_flags(user):
    """Remove the person's votes and flags and write the counts they touched again, in SQL.

    The touched rows are locked first (in id order, like a vote locks its idea), so a vote or
    flag arriving meanwhile is either counted here or added on top of the new count.
    """
    touched = sa.or_(
        Contribution.id.in_(sa.select(Vote.idea_id).where(Vote.user_id == user.id)),
        Contribution.id.in_(sa.select(Flag.contribution_id).where(Flag.user_id == user.id)),
    )
    ids = db.session.scalars(
        sa.select(Contribution.id).where(touched).order_by(Contribution.id).with_for_update()
    ).all()
    db.session.execute(sa.delete(Vote).where(Vote.user_id == user.id))
    db.session.execute(sa.delete(Flag).where(Flag.user_id == user.id))
    if not ids:
        return

    def votes(value):
        return (sa.select(sa.func.count()).select_from(Vote)
                .where(Vote.idea_id == Contribution.id, Vote.value == value).scalar_subquery())

    flags = (sa.select(sa.func.count()).select_from(Flag)
             .where(Flag.contribution_id == Contribution.id).scalar_subquery())
    db.session.execute(
        sa.update(Contribution).where(Contribution.id.in_(ids))
        .values(agree_count=votes(1), disagree_count=votes(-1), flag_count=flags)
        .execution_options(synchronize_session="fetch")
    )


def erase_account(user, remove_text):
    """Erase the person's personal data at once, keeping their contributions' place.

    The contributions stay linked to the emptied account, so they show "Former participant";
    with `remove_text` their text (and that of their appeals) is erased too, as the author's
    delete does. Votes and flags go, and the counts they made are written again.
    """
    took_part_in = db.session.scalars(
        sa.select(Participant.consultation_id).where(Participant.user_id == user.id)).all()
    _withdraw_votes_and_flags(user)
    if remove_text:
        own = db.session.scalars(
            sa.select(Contribution).where(Contribution.author_id == user.id,
                                          Contribution.deleted_at.is_(None))
        ).all()
        for contribution in own:
            delete_contribution(contribution)
        db.session.execute(
            sa.update(Appeal).where(Appeal.contribution_id.in_(
                sa.select(Contribution.id).where(Contribution.author_id == user.id)))
            .values(text="").execution_options(synchronize_session=False)
        )
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(sa.delete(EmailOptOut).where(EmailOptOut.user_id == user.id))
    user.memberships.clear()
    user.email = f"deleted-{user.id}{ERASED_EMAIL_DOMAIN}"
    user.display_name = FORMER_PARTICIPANT
    user.password_hash = UNUSABLE_PASSWORD
    user.segments = []
    user.region = None
    user.locale = None
    user.last_sign_in_at = None
    user.is_site_admin = False
    user.revoke_sessions()
    recount_participation(took_part_in)
    record(user, "user.delete", user, removed_text=bool(remove_text))
    db.session.flush()
