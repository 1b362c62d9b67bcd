"""Accounts from the command line: `flask create-user` and `flask purge-unconfirmed`."""

import click
from flask.cli import with_appcontext

from ..audit import record
from ..auth import services as accounts
from ..extensions import db
from ..models import Membership, Organization, User
from ..models.base import utcnow
from ..models.vocabulary import ROLES

#: Every role the command knows: the organisation roles, plus citizen and site-admin.
CLI_ROLES = ("citizen", *ROLES, "site-admin")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", default=None, help="Display name (defaults to the address).")
@click.option("--role", type=click.Choice(CLI_ROLES), default="citizen", show_default=True)
@click.option("--org", "org_slug", default=None, help="Organisation slug, for staff roles.")
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_user(email, display_name, role, org_slug, password):
    """Create an account, or add a role to an existing one."""
    try:
        message = create_or_update_user(email, display_name, role, org_slug, password)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(message)


@click.command("purge-unconfirmed")
@click.option("--days", type=click.IntRange(min=3), default=7, show_default=True,
              help="Delete accounts registered this many days ago or more and never confirmed.")
@with_appcontext
def purge_unconfirmed(days):
    """Delete accounts whose address was never confirmed (run it daily, e.g. from cron)."""
    deleted = accounts.purge_unconfirmed(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} unconfirmed account(s).")


def create_or_update_user(email, display_name, role, org_slug, password):
    """Create the account, or add `role` to an existing one; return what was done.

    An existing account keeps its password. Flushes, never commits.
    """
    email = accounts.normalise_email(email)
    if "@" not in email:
        raise ValueError("Give an email address, like name@example.ca.")
    if role not in CLI_ROLES:
        raise ValueError(f"Unknown role {role!r}; use one of: {', '.join(CLI_ROLES)}.")
    display_name = (display_name or "").strip()
    if len(display_name) > 80:
        raise ValueError("Keep the display name to 80 characters or fewer.")
    organization = _organization_for(role, org_slug)

    user = accounts.find_user(email)
    if user is None:
        if not password:
            raise ValueError("A new account needs a password.")
        user = User(email=email, display_name=display_name or email[:80],
                    password_hash=accounts.hash_password(password), confirmed_at=utcnow())
        db.session.add(user)
        db.session.flush()
        record(None, "user.create", user, via="cli")
        said = [f"Created the account {email}."]
    else:
        said = [f"The account {email} already exists; its password is unchanged."]
        if display_name and display_name != user.display_name:
            user.display_name = display_name
            said.append(f"Its display name is now {user.display_name!r}.")

    if role == "site-admin":
        said.append(_make_site_admin(user))
    elif organization is not None:
        said.append(_grant(user, organization, role))
    return " ".join(said)


def _organization_for(role, org_slug):
    """The organisation a staff role is held in; None for citizen and site-admin."""
    if role not in ROLES:
        if org_slug:
            raise ValueError(f"The {role} role is not held in an organisation; leave out --org.")
        return None
    if not org_slug:
        raise ValueError(f"The {role} role is held in an organisation: add --org <slug>. "
                         f"Known organisations: {_known_slugs()}.")
    organization = db.session.scalar(db.select(Organization).filter_by(slug=org_slug.strip()))
    if organization is None:
        raise ValueError(f"No organisation has the slug {org_slug!r}. "
                         f"Known organisations: {_known_slugs()}.")
    return organization


def _known_slugs():
    slugs = db.session.scalars(db.select(Organization.slug).order_by(Organization.slug)).all()
    return ", ".join(slugs) if slugs else "none yet"


def _make_site_admin(user):
    if user.is_site_admin:
        return "It is already a site administrator."
    user.is_site_admin = True
    record(None, "user.site_admin", user, via="cli")
    return "It is now a site administrator."


def _grant(user, organization, role):
    """Add the membership unless the person already holds it."""
    if any(m.organization_id == organization.id and m.role == role for m in user.memberships):
        return f"It already holds the {role} role in {organization.name_en}."
    user.memberships.append(Membership(organization=organization, role=role))
    db.session.flush()
    record(None, "membership.create", user, organizations=[organization.id],
           organization=organization.slug, role=role, via="cli")
    return f"It now holds the {role} role in {organization.name_en}."
