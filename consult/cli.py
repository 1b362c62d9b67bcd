"""Command-line tools: `flask --app consult <command>`."""

import click
from flask.cli import with_appcontext

from .backup import backup_command, restore_command
from .exports.cli import export
from .extensions import db
from .scale import seed_scale


def init_app(app):
    for command in (seed_demo, demo_sign_ins, create_user, purge_unconfirmed, export, seed_scale,
                    backup_command, restore_command):
        app.cli.add_command(command)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@with_appcontext
def seed_demo(if_empty):
    """Load a realistic demonstration: organisations, services, consultations, people."""
    from .demo import load_demo

    if not load_demo(only_if_empty=if_empty):
        click.echo("The database already has data; demo not loaded.")
        return
    db.session.commit()
    click.echo("Demo data loaded.")


@click.command("demo-sign-ins")
@with_appcontext
def demo_sign_ins():
    """Print the demo accounts and their password."""
    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    click.echo("\nConsult is starting on http://127.0.0.1:5000\n")
    click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<22} {email}")
    click.echo("")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", default=None, help="Display name (defaults to the address).")
@click.option("--role", type=click.Choice(["citizen", "designer", "moderator", "intake", "admin", "site-admin"]),
              default="citizen", show_default=True)
@click.option("--org", "org_slug", default=None, help="Organisation slug, for staff roles.")
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_user(email, display_name, role, org_slug, password):
    """Create an account, or add a role to an existing one."""
    from .cli_users import create_or_update_user

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
    from .auth.services import purge_unconfirmed as purge

    deleted = purge(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} unconfirmed account(s).")
