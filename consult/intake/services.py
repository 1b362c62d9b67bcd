"""Recording input that arrived off-line, and what intake staff see. Flush, never commit."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from ..audit import record
from ..contributions.services import add_comment, add_idea
from ..extensions import db
from ..models import Consultation, Contribution, Idea, IntakeContact
from ..models.consultations import consultation_partners
from ..permissions import can

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
        .where(Idea.consultation_id == consultation.id, Idea.status == "published",
               Idea.deleted_at.is_(None))
        .order_by(Idea.title, Idea.id)
    ).all()


def record_input(consultation, staff, channel, received_on, kind, body, title=None, idea_id=None,
                 submission_key=None, contact_name="", contact=None):
    """Store input received off-line, anonymously, screened like any contribution; audited.

    `contact` is kept (apart from the contribution) only when given, that is when the person
    agreed to be contacted. Returns (contribution, created); a repeated submission key returns
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
        contribution.received_on = received_on
        if contact:
            db.session.add(IntakeContact(contribution_id=contribution.id, name=contact_name, contact=contact))
        db.session.flush()
        record(staff, "intake.record", contribution, channel=channel)
    return contribution, created


def hold_reasons(contribution):
    """The rules automatic screening held `contribution` for, as codes."""
    return [hold.rule for hold in contribution.holds]
