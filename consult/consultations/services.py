"""Finding consultations and services for the public pages."""

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Consultation, Organization, Service, ServiceTag
from ..models.consultations import consultation_partners
from ..permissions import can


def public_consultations():
    """Every consultation the public may see, newest first, with what a card shows."""
    return (
        sa.select(Consultation)
        .where(Consultation.status != "draft")
        .options(joinedload(Consultation.service), joinedload(Consultation.lead_organization))
        .order_by(Consultation.closes_on.desc().nulls_last(), Consultation.id.desc())
    )


def filter_consultations(query, q="", status="", service="", life_event="", segment="", level=""):
    """Narrow a consultation query by the list page's filters (`status` is a phase: status and dates)."""
    if status:
        query = query.where(Consultation.in_phase(status))
    if service:
        query = query.where(Consultation.service.has(Service.slug == service))
    for kind, code in (("life_event", life_event), ("segment", segment)):
        if code:
            query = query.where(Consultation.service_id.in_(
                sa.select(ServiceTag.service_id).where(ServiceTag.kind == kind, ServiceTag.code == code)
            ))
    if level:
        partner_of_level = sa.select(consultation_partners.c.consultation_id).join(
            Organization, Organization.id == consultation_partners.c.organization_id
        ).where(Organization.level == level)
        query = query.where(sa.or_(
            Consultation.lead_organization.has(Organization.level == level),
            Consultation.id.in_(partner_of_level),
        ))
    if q and q.strip():
        pattern = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(*(
            column.ilike(pattern, escape="\\") for column in (
                Consultation.title_en, Consultation.title_fr,
                Consultation.summary_en, Consultation.summary_fr,
            )
        )))
    return query


def visible_consultation(slug):
    """The consultation at `slug`, or 404 when it does not exist or the viewer may not see it.

    Its lead organisation, partners and service come in the same query: every page about it
    names them.
    """
    consultation = db.session.scalars(sa.select(Consultation).filter_by(slug=slug).options(
        joinedload(Consultation.lead_organization), joinedload(Consultation.partners),
        joinedload(Consultation.service).lazyload(Service.tags))).unique().first()
    if consultation is None:
        abort(404)
    return ensure_visible(consultation)


def ensure_visible(consultation):
    """`consultation` itself, or 404 when the viewer may not see it (a draft, to the public)."""
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    return consultation


def service_choices():
    services = db.session.scalars(sa.select(Service).order_by(Service.name_en)).all()
    return services


def consultations_of_service(service):
    return db.session.scalars(
        public_consultations().where(Consultation.service_id == service.id)
    ).unique().all()


def database_answers():
    """For /healthz: True when a trivial query succeeds."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
    return True

