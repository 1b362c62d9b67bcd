"""Reading an organisation's activity log: its audited events, newest first, a fixed number of
queries per page whatever the size of the trail."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (
    AuditEvent,
    AuditEventOrganization,
    Consultation,
    Membership,
    Organization,
    Service,
    User,
    vocabulary,
)
from ..pagination import cut, keyset
from ..web.language import localized

PAGE_SIZE = 50

#: kind -> (label, the actions it gathers; one ending in "." gathers every action it starts).
KINDS = {
    "sign_in": (_l("Sign-ins of staff"), ("user.sign_in", "user.sign_in_failed", "user.sign_out")),
    "roles": (_l("Role changes"), ("membership.",)),
    "exports": (_l("Exports"), ("consultation.export",)),
    "status": (_l("Status changes"), ("consultation.status",)),
    "consultations": (_l("Consultation edits"), (
        "consultation.create", "consultation.edit", "outcome.", "idea.respond")),
    "services": (_l("Service edits"), ("service.",)),
    "moderation": (_l("Moderation"), ("moderation.",)),
    "intake": (_l("Intake"), ("intake.",)),
    "organization": (_l("Organisation details"), ("organization.",)),
}

#: What the log calls each recorded act; an act not named here shows its code.
ACTION_LABELS = {
    "user.sign_in": _l("Signed in"), "user.sign_in_failed": _l("Failed to sign in"),
    "user.sign_out": _l("Signed out"),
    "membership.create": _l("Role given"), "membership.delete": _l("Role removed"),
    "consultation.export": _l("Exported data"), "consultation.status": _l("Changed the status"),
    "consultation.create": _l("Created a consultation"),
    "consultation.edit": _l("Edited a consultation"),
    "outcome.edit": _l("Edited the outcome report"),
    "outcome.publish": _l("Published the outcome report"),
    "idea.respond": _l("Answered an idea"),
    "service.create": _l("Created a service"), "service.edit": _l("Edited a service"),
    "intake.record": _l("Recorded input received off-line"),
    "organization.create": _l("Created the organisation"),
    "organization.edit": _l("Edited the organisation"),
    **{f"moderation.{action}": label for action, label in vocabulary.DECISIONS.items()},
}


#: What the log calls a changed field (the form's own label); a field not named here shows its code.
FIELD_LABELS = {
    "slug": _l("Short web address"), "service_id": _l("Service"),
    "lead_organization_id": _l("Lead organisation"), "partners": _l("Partner organisations"),
    "title_en": _l("Title in English"), "title_fr": _l("Title in French"),
    "summary_en": _l("Summary in English"), "summary_fr": _l("Summary in French"),
    "background_en": _l("Background in English"), "background_fr": _l("Background in French"),
    "opens_on": _l("Opens on"), "closes_on": _l("Closes on"), "moderation_mode": _l("Moderation"),
    "accepts_ideas": _l("People may propose ideas"), "accepts_comments": _l("People may comment"),
    "name_en": _l("Name in English"), "name_fr": _l("Name in French"),
    "description_en": _l("Description in English"), "description_fr": _l("Description in French"),
    "life_event": _l("Life events"), "segment": _l("Who it serves"),
    "channel": _l("How it is delivered"), "organization_id": _l("Organisation responsible"),
    "level": _l("Level of government"),
}


def _kind_condition(kind):
    """The SQL condition on AuditEvent.action for one kind of the filter."""
    conditions = [AuditEvent.action.startswith(action, autoescape=True) if action.endswith(".")
                  else AuditEvent.action == action for action in KINDS[kind][1]]
    return sa.or_(*conditions)


def kind_of(action):
    """The kind an action belongs to, or None."""
    for kind, (_label, actions) in KINDS.items():
        if any(action.startswith(a) if a.endswith(".") else action == a for a in actions):
            return kind
    return None


@dataclass
class Filters:
    kind: str | None = None
    person_id: int | None = None
    since: object = None
    until: object = None


@dataclass
class ActivityPage:
    #: The events of the page, newest first, their actors loaded.
    events: list
    #: The keyset of the next page: the id of this page's oldest event.
    next_before: int | None = None
    #: (target type, id) -> its name (see describe_targets).
    targets: dict = field(default_factory=dict)


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


def activity_page(organization, filters, before=None, size=PAGE_SIZE):
    """The organisation's audited events matching `filters`, older than event `before`."""
    link = AuditEventOrganization
    query = (
        sa.select(AuditEvent)
        .join(link, link.event_id == AuditEvent.id)
        .where(link.organization_id == organization.id)
        .options(joinedload(AuditEvent.actor))
    )
    if filters.kind in KINDS:
        query = query.where(_kind_condition(filters.kind))
    if filters.person_id:
        query = query.where(AuditEvent.actor_id == filters.person_id)
    if filters.since:
        query = query.where(AuditEvent.created_at >= _day_start(filters.since))
    if filters.until:
        query = query.where(AuditEvent.created_at < _day_start(filters.until + timedelta(days=1)))
    events = db.session.scalars(keyset(query, [link.event_id], (before,) if before else None,
                                       size=size, descending=True)).all()
    events, next_before = cut(events, size, lambda event: event.id)
    return ActivityPage(events=events, next_before=next_before, targets=describe_targets(events))


#: target type -> (model, how it is named). Contributions are named by number, never by text.
_NAMED = {
    "Consultation": (Consultation, lambda row: localized(row, "title")),
    "Service": (Service, lambda row: localized(row, "name")),
    "Organization": (Organization, lambda row: localized(row, "name")),
    "User": (User, lambda row: row.display_name),
}


def describe_targets(events):
    """(target type, id) -> the target's name, one query per type of target on the page.

    A role is named by its person (from the event's user_id), whose account is loaded with the
    other people's.
    """
    wanted = {}
    for event in events:
        if event.target_type in _NAMED and event.target_id is not None:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
        if event.target_type == "Membership" and isinstance((event.data or {}).get("user_id"), int):
            wanted.setdefault("User", set()).add(event.data["user_id"])
    names = {}
    for target_type, ids in wanted.items():
        model, name = _NAMED[target_type]
        for row in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
            names[(target_type, row.id)] = name(row)
    return names


def staff_of(organization):
    """The people holding a role in the organisation, by name, for the filter by person."""
    return db.session.scalars(
        sa.select(User).where(User.id.in_(
            sa.select(Membership.user_id).where(Membership.organization_id == organization.id)))
        .order_by(User.display_name, User.id)
    ).all()
