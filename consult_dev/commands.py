"""The development commands: `flask seed-demo`, `flask demo-sign-ins`, `flask seed-scale`.

Each refuses to run unless the configuration allows development tools (DEVELOPMENT_TOOLS),
which the production configuration does not.
"""

import functools
import sys
import time

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from consult.extensions import db
from consult.models import Consultation

from .scale import PASSWORD, QUICK, Sizes, load, total_rows


def development_only(command):
    """Refuse `command`, in one line, when the configuration does not allow development tools."""

    @functools.wraps(command)
    def refusing(*args, **kwargs):
        if not current_app.config.get("DEVELOPMENT_TOOLS"):
            name = click.get_current_context().info_name
            raise click.ClickException(f"{name} is a development tool: the production "
                                       f"configuration refuses it.")
        return command(*args, **kwargs)

    return refusing


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@with_appcontext
@development_only
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
@development_only
def demo_sign_ins():
    """Print the demo accounts and their password."""
    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    click.echo("\nConsult is starting on http://127.0.0.1:5000\n")
    click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<22} {email}")
    click.echo("")


@click.command("seed-scale")
@click.option("--participants", type=click.IntRange(3), default=Sizes.participants, show_default=True)
@click.option("--ideas", type=click.IntRange(1), default=Sizes.ideas, show_default=True)
@click.option("--comments", type=click.IntRange(0), default=Sizes.comments, show_default=True)
@click.option("--votes", type=click.IntRange(0), default=Sizes.votes, show_default=True)
@click.option("--quick", is_flag=True, help="A tenth of the default sizes, for development.")
@click.option("--slug", default=None, help="The consultation's web address (default: scale-N).")
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed: same seed, same data.")
@with_appcontext
@development_only
def seed_scale(participants, ideas, comments, votes, quick, slug, seed):
    """Load one large, realistic consultation in bulk, for benchmarks."""
    sizes = QUICK if quick else Sizes(participants, ideas, comments, votes)
    slug = slug or f"scale-{(db.session.scalar(sa.select(sa.func.max(Consultation.id))) or 0) + 1}"
    if db.session.scalar(sa.select(Consultation.id).where(Consultation.slug == slug)):
        raise click.UsageError(f"A consultation already has the address {slug}.")
    db.session.close()
    started = time.perf_counter()
    with click.progressbar(length=total_rows(sizes), label="Loading", file=sys.stderr) as bar:
        loaded = load(sizes, slug, seed=seed, progress=bar.update)
    click.echo(f"Loaded {slug} in {time.perf_counter() - started:.1f} s: " + ", ".join(
        f"{count} {table}" for table, count in loaded.rows.items()))
    click.echo(f"Staff sign-ins (password {PASSWORD}): " + ", ".join(loaded.staff.values()))


#: Every development command; pyproject.toml names each as a "flask.commands" entry point.
COMMANDS = (seed_demo, demo_sign_ins, seed_scale)
