"""The rules of organisations and the roles people hold in them: flush, never commit."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..audit import record
from ..auth.services import find_user
from ..extensions import db
from ..manage.services import SlugTaken, slug_taken, unique_slug
from ..models import Membership, Organization, User

log = logging.getLogger(__name__)

__all__ = [
    "DuplicateMembership", "SlugTaken", "UnknownPerson", "add_membership", "create_organization",
    "manageable_organizations", "memberships_of", "remove_membership", "slug_taken",
    "update_organization",
]

ORGANIZATION_FIELDS = ("slug", "name_en", "name_fr", "level")


class UnknownPerson(Exception):
    """No account has that email address."""


class DuplicateMembership(Exception):
    """The person already holds that role in that organisation."""


def manageable_organizations(user):
    """The organisations `user` may administer: all for a site admin, else where they are admin."""
    query = sa.select(Organization).order_by(Organization.name_en, Organization.id)
    if not user.is_site_admin:
        ids = user.organizations_with_role("admin")
        if not ids:
            return []
        query = query.where(Organization.id.in_(ids))
    return db.session.scalars(query).all()


def create_organization(actor, **fields):
    """A new organisation; audited."""
    organization = Organization(**{name: fields[name] for name in ORGANIZATION_FIELDS})
    with unique_slug(organization.slug):
        db.session.add(organization)
        db.session.flush()
        record(actor, "organization.create", organization, slug=organization.slug)
    return organization


def update_organization(organization, actor, **fields):
    """Change an organisation's names, level or address; audited with what changed."""
    with unique_slug(fields["slug"]):
        changed = [name for name in ORGANIZATION_FIELDS if getattr(organization, name) != fields[name]]
        for name in changed:
            setattr(organization, name, fields[name])
        if changed:
            db.session.flush()
            record(actor, "organization.edit", organization, fields=sorted(changed))
    return organization


def memberships_of(organization):
    """Who holds which role in the organisation, by name, with their accounts loaded."""
    return db.session.scalars(
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.organization_id == organization.id)
        .options(contains_eager(Membership.user))
        .order_by(User.display_name, User.id, Membership.role)
    ).all()


def add_membership(organization, actor, email, role):
    """Give the person with `email` the `role` in `organization`; audited.

    Raises UnknownPerson when no account has the address, DuplicateMembership when the
    person already holds the role (also when a double submit races this one).
    """
    person = find_user(email)
    if person is None:
        raise UnknownPerson(email)
    exists = sa.select(Membership.id).filter_by(
        user_id=person.id, organization_id=organization.id, role=role
    )
    if db.session.scalar(exists) is not None:
        raise DuplicateMembership(email)
    membership = Membership(user_id=person.id, organization_id=organization.id, role=role)
    try:
        with db.session.begin_nested():
            db.session.add(membership)
            db.session.flush()
            record(actor, "membership.create", membership, user_id=person.id,
                   organization_id=organization.id, role=role)
    except IntegrityError as error:
        raise DuplicateMembership(email) from error
    log.info("role given: %s in organisation %s to user %s, by user %s", role, organization.id,
             person.id, actor.id)
    return membership


def remove_membership(membership, actor):
    """Take a role away; audited (the event keeps who, where and which role)."""
    record(actor, "membership.delete", membership, user_id=membership.user_id,
           organization_id=membership.organization_id, role=membership.role)
    log.info("role taken away: %s in organisation %s from user %s, by user %s", membership.role,
             membership.organization_id, membership.user_id, actor.id)
    db.session.delete(membership)
    db.session.flush()
