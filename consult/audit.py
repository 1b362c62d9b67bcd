"""Writing the audit trail, each event linked to the organisations whose activity log lists it."""

from .extensions import db
from .models import (
    AuditEvent,
    AuditEventOrganization,
    Consultation,
    Contribution,
    Membership,
    Organization,
    Service,
    User,
)

#: What a person does that their organisations' logs list: their sessions, not their own settings.
STAFF_SESSION_ACTIONS = frozenset({"user.sign_in", "user.sign_in_failed", "user.sign_out"})


def organizations_concerned(action, target):
    """Ids of the organisations an event on `target` concerns (see the activity log)."""
    if isinstance(target, Consultation):
        return target.organization_ids
    if isinstance(target, Contribution):
        return target.consultation.organization_ids
    if isinstance(target, Organization):
        return {target.id}
    if isinstance(target, Membership):
        return {target.organization_id}
    if isinstance(target, Service):
        return {target.organization_id} - {None}
    if isinstance(target, User) and action in STAFF_SESSION_ACTIONS:
        return {m.organization_id for m in target.memberships}
    return set()


def record(actor, action, target=None, organizations=None, **data):
    """Add an AuditEvent to the current transaction (the route's commit saves it).

    It is linked to `organizations` (ids) when given, else to those its target concerns.
    """
    ids = organizations_concerned(action, target) if organizations is None else set(organizations)
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target.__class__.__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        data=data,
        organization_links=[AuditEventOrganization(organization_id=i) for i in sorted(ids - {None})],
    )
    db.session.add(event)
    return event
