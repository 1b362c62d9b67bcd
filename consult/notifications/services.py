"""The rules of notifications: who is told, what is unread, what is read. Flush, never commit."""

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..mail import notifications as notification_mail
from ..models import Contribution, EmailOptOut, IntakeContact, Notification, User
from ..models.base import utcnow
from ..models.dialects import upsert
from ..models.users import ERASED_EMAIL_DOMAIN
from ..participation import participants

#: Notifications listed per page of the account's list.
PER_PAGE = 20


def _reachable():
    """Accounts that can still be told anything: not erased."""
    return ~User.email.endswith(ERASED_EMAIL_DOMAIN)


def _mailable(now):
    """Accounts that may get a notification email: not erased, not suspended, not opted out."""
    opted_out = sa.select(EmailOptOut.user_id)
    return sa.and_(
        _reachable(),
        sa.or_(User.suspended_until.is_(None), User.suspended_until <= now),
        User.id.not_in(opted_out),
    )


def notify_outcome_published(consultation):
    """Tell every participant of the consultation that its outcome is published.

    One INSERT … SELECT over participation's own definition of who took part, however many
    people did; erased accounts are left out. Returns how many were told.
    """
    people = participants([consultation.id])
    now = utcnow()
    chosen = (
        sa.select(people.c.person, sa.literal("outcome_published"), sa.literal(consultation.id),
                  sa.literal(now, sa.DateTime(timezone=True)))
        .join(User, User.id == people.c.person)
        .where(_reachable())
    )
    # RETURNING, because the PostgreSQL driver reports no row count for INSERT … SELECT.
    told = db.session.execute(sa.insert(Notification.__table__).from_select(
        ["user_id", "kind", "consultation_id", "created_at"], chosen).returning(Notification.id))
    return len(told.all())


def outcome_recipients(consultation):
    """(email, locale) of the participants to email about the consultation's outcome."""
    people = sa.select(participants([consultation.id]).c.person)
    return db.session.execute(
        sa.select(User.email, User.locale).where(User.id.in_(people), _mailable(utcnow()))
        .order_by(User.id)
    ).all()


def _intake_contacts(consultation, *conditions):
    """The contact details left with the consultation's intake entries (a few per consultation)."""
    return db.session.scalars(
        sa.select(IntakeContact).join(Contribution, Contribution.id == IntakeContact.contribution_id)
        .where(Contribution.consultation_id == consultation.id, *conditions)
        .order_by(IntakeContact.contribution_id)).all()


def tell_intake_contacts_by_email(consultation):
    """Mark as told by email each person recorded by intake who left an email address and is not
    told yet: the outcome mail goes to them after the commit (outcome_contact_emails). The others
    stay on the follow-up list for staff to call or write to. Returns how many are emailed."""
    now = utcnow()
    emailed = [c for c in _intake_contacts(consultation, IntakeContact.told_at.is_(None)) if c.email]
    for contact in emailed:
        contact.told_at, contact.told_how = now, "email"
    db.session.flush()
    return len(emailed)


def outcome_contact_emails(consultation):
    """The addresses of the people recorded by intake whom the outcome mail tells."""
    return sorted({c.email for c in _intake_contacts(consultation, IntakeContact.told_how == "email")})


def notify_idea_response(idea, responder):
    """Tell the idea's author that it has a response (not when they answered it themselves)."""
    author = idea.author
    if author is None or author.is_erased or author.id == getattr(responder, "id", None):
        return None
    notification = Notification(user_id=author.id, kind="idea_response",
                                consultation_id=idea.consultation_id, idea_id=idea.id)
    db.session.add(notification)
    db.session.flush()
    return notification


def response_recipient(idea):
    """(email, locale) of the idea's author when they may get an email about it, else None."""
    if idea.author_id is None:
        return None
    return db.session.execute(
        sa.select(User.email, User.locale).where(User.id == idea.author_id, _mailable(utcnow()))
    ).first()


def mail_outcome_published(consultation):
    """After the commit: email the outcome to its participants and to intake's email contacts."""
    return notification_mail.send_outcome_published(
        consultation, outcome_recipients(consultation), outcome_contact_emails(consultation))


def mail_idea_response(idea):
    """After the commit: email the idea's author that it has a response, if they may be mailed."""
    return notification_mail.send_idea_response(idea, response_recipient(idea))


def unread_count(user):
    """How many of the person's notifications are unread: one indexed count per request."""
    if "unread_notifications" not in g:
        g.unread_notifications = db.session.scalar(
            sa.select(sa.func.count()).select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None)))
    return g.unread_notifications


def inbox(user, page):
    """One page of the person's notifications, newest first, with what each one names."""
    query = (
        sa.select(Notification).where(Notification.user_id == user.id)
        .options(joinedload(Notification.consultation), joinedload(Notification.idea))
        .order_by(Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def mark_read(notification):
    """Mark one notification as read (already read stays as it was)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user):
    """Mark every unread notification of the person as read, in one statement."""
    db.session.execute(
        sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))


def wants_email(user):
    """Whether the person still gets notification emails (they have not opted out)."""
    return db.session.get(EmailOptOut, user.id) is None


def set_email_wanted(user, wanted):
    """Record the person's choice: notification emails, or account notifications only."""
    if wanted:
        db.session.execute(sa.delete(EmailOptOut).where(EmailOptOut.user_id == user.id))
    else:
        upsert(EmailOptOut, ["user_id"], {"user_id": user.id, "created_at": utcnow()})
