"""The rules of running consultations and describing services: flush, never commit."""

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..audit import organizations_concerned, record
from ..bilingual import require_complete
from ..extensions import db
from ..models import Consultation, Organization, Service
from ..models.consultations import consultation_partners
from ..models.vocabulary import STATUSES, TAG_KINDS
from ..permissions import can
from ..web.language import localized

CONSULTATION_FIELDS = (
    "slug", "service_id", "lead_organization_id", "title_en", "title_fr", "summary_en",
    "summary_fr", "background_en", "background_fr", "opens_on", "closes_on", "moderation_mode",
    "flag_threshold", "accepts_ideas", "accepts_comments",
)
SERVICE_FIELDS = ("slug", "name_en", "name_fr", "description_en", "description_fr",
                  "organization_id")


class SlugTaken(Exception):
    """Another record took the web address between the form check and the save."""


class OrganizationsLocked(Exception):
    """The person may not set these organisations: nothing was changed."""


def slug_taken(model, slug, current=None):
    """Whether another `model` row already uses `slug`."""
    query = sa.select(model.id).where(model.slug == slug)
    if current is not None and current.id is not None:
        query = query.where(model.id != current.id)
    return db.session.scalar(query.limit(1)) is not None


@contextmanager
def unique_slug(slug):
    """Make the changes of the block in a savepoint; a unique-slug race becomes SlugTaken.

    The savepoint is opened before anything changes, so a failed flush leaves the rest of the
    request's transaction usable.
    """
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        raise SlugTaken(slug) from error


def _by_name(rows):
    return sorted(rows, key=lambda row: str(localized(row, "name")).casefold())


def designer_organizations(user):
    """The organisations where `user` is a service designer, by name."""
    ids = user.organizations_with_role("designer")
    if not ids:
        return []
    return _by_name(db.session.scalars(sa.select(Organization).where(Organization.id.in_(ids))))


def all_organizations():
    return _by_name(db.session.scalars(sa.select(Organization)))


def all_services():
    return _by_name(db.session.scalars(sa.select(Service).options(joinedload(Service.organization))))


def _may_choose(actor, organization_id):
    """Whether `actor` may put `organization_id` in charge: a site admin, or one of its designers."""
    return actor.is_site_admin or organization_id in actor.organizations_with_role("designer")


def owner_organizations(user, service=None):
    """The organisations `user` may make a service's owner: all for a site admin, else theirs
    as a designer (and the service's current owner, which they keep)."""
    if user.is_site_admin:
        return all_organizations()
    owners = designer_organizations(user)
    if service is not None and service.organization is not None and service.organization not in owners:
        owners.append(service.organization)
    return owners


def choices(rows):
    """(id, name in the page language) pairs for a select or a checkbox group."""
    return [(row.id, str(localized(row, "name"))) for row in rows]


def managed_consultations(user):
    """Every consultation, drafts included, led or partnered by an organisation `user` designs for."""
    ids = user.organizations_with_role("designer")
    if not ids:
        return []
    partnered = sa.select(consultation_partners.c.consultation_id).where(
        consultation_partners.c.organization_id.in_(ids)
    )
    query = (
        sa.select(Consultation)
        .where(sa.or_(Consultation.lead_organization_id.in_(ids), Consultation.id.in_(partnered)))
        .options(joinedload(Consultation.service), joinedload(Consultation.lead_organization))
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())
    )
    return db.session.scalars(query).unique().all()


def _create(actor, action, row, apply, extra, fields):
    """Add `row` set by `apply(row, extra, fields)`, in a unique-slug savepoint; audited."""
    with unique_slug(fields["slug"]):
        apply(row, extra, fields)
        db.session.add(row)
        db.session.flush()
        record(actor, action, row, slug=row.slug)
    return row


def _update(actor, action, row, apply, extra, fields):
    """Change `row` by `apply(row, extra, fields)` in a unique-slug savepoint; audit changes.

    The event is in the logs of the organisations concerned before and after the change.
    """
    before = organizations_concerned(action, row)
    with unique_slug(fields["slug"]):
        changed = apply(row, extra, fields)
        if changed:
            db.session.flush()
            record(actor, action, row, organizations=before | organizations_concerned(action, row),
                   fields=sorted(changed))
    return row


def consultation_form_data(consultation):
    """A consultation's values as the form names them."""
    data = {name: getattr(consultation, name) for name in CONSULTATION_FIELDS}
    data.update(lead_organization=consultation.lead_organization_id,
                service=consultation.service_id,
                partners=[partner.id for partner in consultation.partners])
    return data


def _apply(consultation, partner_ids, fields):
    """Set the fields and partners; return the names of what changed."""
    changed = [name for name in CONSULTATION_FIELDS if getattr(consultation, name) != fields[name]]
    for name in CONSULTATION_FIELDS:
        setattr(consultation, name, fields[name])
    wanted = set(partner_ids) - {fields["lead_organization_id"]}
    if {partner.id for partner in consultation.partners} != wanted:
        changed.append("partners")
        consultation.partners = list(db.session.scalars(
            sa.select(Organization).where(Organization.id.in_(wanted))
        )) if wanted else []
    return changed


def create_consultation(actor, partner_ids=(), **fields):
    """A new consultation, always a draft, with its partners, led by an organisation `actor`
    designs for (any, for a site admin); audited."""
    if not _may_choose(actor, fields["lead_organization_id"]):
        raise OrganizationsLocked(fields["lead_organization_id"])
    consultation = Consultation(status="draft", idea_count=0, comment_count=0, partners=[])
    return _create(actor, "consultation.create", consultation, _apply, partner_ids, fields)


def _check_organizations(consultation, actor, lead_id, partner_ids):
    """Refuse a change of lead or partners that `actor` may not make (OrganizationsLocked).

    Only the lead's designers and site admins change them, and a new lead must be one the
    actor may choose (see _may_choose).
    """
    lead_changes = lead_id != consultation.lead_organization_id
    partners_change = set(partner_ids) - {lead_id} != {p.id for p in consultation.partners}
    if not (lead_changes or partners_change):
        return
    if not can(actor, "consultation.change_organizations", consultation):
        raise OrganizationsLocked(consultation.id)
    if lead_changes and not _may_choose(actor, lead_id):
        raise OrganizationsLocked(consultation.id)


def update_consultation(consultation, actor, partner_ids=None, **fields):
    """Change a consultation's settings and partners; audited with the names of what changed.

    The lead and the partners stay as they are when not given; a change of them that `actor`
    may not make raises OrganizationsLocked and nothing is changed. A public consultation stays
    complete in both languages: bilingual.Incomplete otherwise.
    """
    fields.setdefault("lead_organization_id", consultation.lead_organization_id)
    if partner_ids is None:
        partner_ids = [partner.id for partner in consultation.partners]
    _check_organizations(consultation, actor, fields["lead_organization_id"], partner_ids)
    if consultation.is_public:
        require_complete("consultation", fields)
    return _update(actor, "consultation.edit", consultation, _apply, partner_ids, fields)


def next_statuses(consultation):
    """The statuses the consultation may move to from where it is."""
    return [status for status in STATUSES if consultation.can_move_to(status)]


def change_status(consultation, actor, status):
    """Move to `status` if the lifecycle allows it; False (and nothing done) otherwise.

    Every status but draft is public: bilingual.Incomplete, nothing done, unless the title,
    summary and background are written in English and in French.
    """
    if not consultation.can_move_to(status):
        return False
    if status != "draft":
        require_complete("consultation", consultation)
    _move(consultation, actor, status)
    return True


def mark_reported(consultation, actor):
    """Closed becomes reported; only publishing the outcome report calls this."""
    if consultation.status != "closed":
        return False
    _move(consultation, actor, "reported")
    return True


def _move(consultation, actor, status):
    old, consultation.status = consultation.status, status
    db.session.flush()
    record(actor, "consultation.status", consultation, old=old, new=status)


def service_form_data(service):
    """A service's tags as the form's checkbox groups name them."""
    return {kind: service.codes(kind) for kind in TAG_KINDS}


def _apply_service(service, codes, fields):
    changed = [name for name in SERVICE_FIELDS if getattr(service, name) != fields[name]]
    for name in SERVICE_FIELDS:
        setattr(service, name, fields[name])
    for kind in TAG_KINDS:
        wanted = list(dict.fromkeys(codes.get(kind, [])))
        if set(service.codes(kind)) != set(wanted):
            changed.append(kind)
            service.set_codes(kind, wanted)
    return changed


def create_service(actor, codes, **fields):
    """A new service owned by an organisation `actor` designs for, with its life events,
    segments and channels; audited."""
    if not _may_choose(actor, fields["organization_id"]):
        raise OrganizationsLocked(fields["organization_id"])
    return _create(actor, "service.create", Service(tags=[]), _apply_service, codes, fields)


def update_service(service, actor, codes, **fields):
    """Change a service's names, description, tags and owner; audited with what changed.

    Only who may edit the service calls this; a new owner must be one `actor` may choose.
    """
    if fields["organization_id"] != service.organization_id and not _may_choose(
            actor, fields["organization_id"]):
        raise OrganizationsLocked(fields["organization_id"])
    return _update(actor, "service.edit", service, _apply_service, codes, fields)
