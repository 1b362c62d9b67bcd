"""Writing the audit trail."""

from .extensions import db
from .models import AuditEvent


def record(actor, action, target=None, **data):
    """Add an AuditEvent to the current transaction (the route's commit saves it)."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target.__class__.__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        data=data,
    )
    db.session.add(event)
    return event
