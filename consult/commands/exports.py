"""`flask --app consult export <slug> --format csv --output FILE`: the same exports, from a shell."""

import getpass

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from ..exports import rows, services
from ..extensions import db
from ..models import Consultation


def _operator():
    """Who ran the command, as the operating system knows them (an audit detail, not a citizen)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@click.command("export")
@click.argument("slug")
@click.option("--format", "file_format", type=click.Choice([*services.FORMATS, "pdf"]), required=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write.")
@click.option("--dataset", type=click.Choice(services.DATASETS), default="contributions",
              show_default=True, help="What to export (not used for the PDF report).")
@with_appcontext
def export(slug, file_format, output, dataset):
    """Export a consultation's contributions or votes, or its summary report."""
    consultation = db.session.scalar(sa.select(Consultation).filter_by(slug=slug))
    if consultation is None:
        raise click.BadParameter(f"no consultation has the address {slug!r}.", param_hint="SLUG")
    if file_format == "pdf":
        _write_report(consultation, output)
        return
    total = rows.count_rows(consultation, dataset)
    bar = click.progressbar(length=total, label=f"Exporting {total} {dataset}")
    export = services.dataset_export(consultation, dataset, file_format, progress=bar.update)
    _audit(consultation, dataset, file_format)
    with bar, open(output, "wb") as file:
        file.writelines(export.chunks)
    click.echo(f"Wrote {total} {dataset} to {output}.")


def _audit(consultation, dataset, file_format):
    """Commit the audit record before anything is written (with a summary just computed)."""
    services.record_export(None, consultation, dataset, file_format, via="command line",
                           operator=_operator())
    db.session.commit()


def _write_report(consultation, output):
    export = services.report_export(consultation)
    _audit(consultation, "report", "pdf")
    with open(output, "wb") as file:
        file.writelines(export.chunks)
    click.echo(f"Wrote the summary report to {output}.")
