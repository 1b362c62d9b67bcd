"""Recording input that arrived off-line, and what intake staff see. Flush, never commit."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from ..audit import record
from ..contributions.services import add_comment, add_idea
from ..extensions import db
from ..models import Consultation, Contribution, Idea, IntakeContact
from ..models.base import utcnow
from ..models.consultations import consultation_partners
from ..permissions import can
from ..visibility import live_condition

#: How many of their latest entries the intake page shows a staff member.
RECENT_ENTRIES = 20


def recordable_consultations(user):
    """The open consultations, led or partnered by an organisation of `user`'s, they may record into."""
    ids = user.organizations_with_role("intake")
    if not ids:
        return []
    partnered = sa.select(consultation_partners.c.consultation_id).where(
        consultation_partners.c.organization_id.in_(ids))
    query = (
        sa.select(Consultation)
        .where(Consultation.is_open,
               sa.or_(Consultation.lead_organization_id.in_(ids), Consultation.id.in_(partnered)))
        .options(joinedload(Consultation.lead_organization))
        .order_by(Consultation.closes_on, Consultation.id)
    )
    rows = db.session.scalars(query).unique().all()
    return [consultation for consultation in rows if can(user, "intake.record", consultation)]


def recent_entries(user, limit=RECENT_ENTRIES):
    """The latest input `user` recorded, newest first, with their consultations."""
    query = (
        sa.select(Contribution)
        .where(Contribution.recorded_by_id == user.id)
        .options(joinedload(Contribution.consultation).options(lazyload(Consultation.partners)))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        .limit(limit)
    )
    return db.session.scalars(query).all()


def published_ideas(consultation):
    """The consultation's published ideas, by title: what a recorded comment may be about."""
    return db.session.scalars(
        sa.select(Idea)
        .where(Idea.consultation_id == consultation.id, live_condition(Idea))
        .order_by(Idea.title, Idea.id)
    ).all()


def record_input(consultation, staff, channel, received_on, kind, body, title=None, idea_id=None,
                 submission_key=None, contact_name="", contact=None, people_count=None):
    """Store input received off-line, anonymously, screened like any contribution; audited.

    `contact` is kept (apart from the contribution) only when given, that is when the person
    agreed to be contacted. `people_count` is a workshop's attendance (none: one person). Returns (contribution, created); a repeated submission key returns
    the first entry untouched.
    """
    if kind == "idea":
        contribution, created = add_idea(consultation, None, title, body, submission_key=submission_key,
                                         channel=channel, recorded_by=staff)
    else:
        idea = db.session.get(Idea, idea_id) if idea_id else None
        contribution, created = add_comment(consultation, None, body, submission_key=submission_key,
                                            idea=idea, channel=channel, recorded_by=staff)
    if created:
        contribution.received_on, contribution.people_count = received_on, people_count
        if contact:
            db.session.add(IntakeContact(contribution_id=contribution.id, name=contact_name, contact=contact))
        db.session.flush()
        record(staff, "intake.record", contribution, channel=channel)
    return contribution, created


def hold_reasons(contribution):
    """The rules automatic screening held `contribution` for, as codes."""
    return [hold.rule for hold in contribution.holds]


def follow_up_list(consultation):
    """Everyone who agreed to be contacted about their input to `consultation`, with their entry,
    in the order it reached government: one query."""
    return db.session.scalars(
        sa.select(IntakeContact).join(IntakeContact.contribution)
        .where(Contribution.consultation_id == consultation.id)
        .options(contains_eager(IntakeContact.contribution))
        .order_by(Contribution.received_on, Contribution.id)
    ).all()


def view_follow_up(consultation, viewer):
    """The follow-up list, its viewing audited (who saw it and how many people it named)."""
    contacts = follow_up_list(consultation)
    record(viewer, "intake.follow_up_view", consultation, people=len(contacts))
    return contacts


def mark_told(consultation, contribution_id, staff):
    """Record that `staff` called or wrote to the person of that entry about the outcome: once
    (whoever marks first), audited without the contact itself. Returns whether it changed."""
    of_this_consultation = sa.select(Contribution.id).where(
        Contribution.id == contribution_id, Contribution.consultation_id == consultation.id)
    marked = db.session.execute(
        sa.update(IntakeContact)
        .where(IntakeContact.contribution_id.in_(of_this_consultation), IntakeContact.told_at.is_(None))
        .values(told_at=utcnow(), told_how="staff", told_by_id=staff.id)
        .execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        return False
    record(staff, "intake.contact_told", db.session.get(Contribution, contribution_id))
    db.session.flush()
    return True


def follow_up_consultations(user):
    """[(consultation, people not told yet)] of the consultations of `user`'s organisations where
    someone agreed to be contacted, in one grouped query."""
    ids = user.organizations_with_role("intake")
    if not ids:
        return []
    partnered = sa.select(consultation_partners.c.consultation_id).where(
        consultation_partners.c.organization_id.in_(ids))
    rows = db.session.execute(
        sa.select(Consultation, sa.func.count(IntakeContact.contribution_id).filter(IntakeContact.told_at.is_(None)))
        .join(Contribution, Contribution.consultation_id == Consultation.id)
        .join(IntakeContact, IntakeContact.contribution_id == Contribution.id)
        .where(sa.or_(Consultation.lead_organization_id.in_(ids), Consultation.id.in_(partnered)))
        .group_by(Consultation.id).order_by(Consultation.id.desc())
    ).all()
    return [(consultation, waiting) for consultation, waiting in rows if can(user, "intake.follow_up", consultation)]
