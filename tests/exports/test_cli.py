"""`flask export`: the same files from the command line, with a progress bar, audited."""

import click._termui_impl
import pytest

from consult.models import AuditEvent

from .parsing import expected_pseudonym, parse, person


@pytest.fixture
def cli(app, db):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["export", *args])


@pytest.mark.parametrize("fmt", ("csv", "xlsx", "json"))
@pytest.mark.parametrize("dataset", ("contributions", "votes"))
def test_writes_each_format_and_audits(cli, db, consultation, data, tmp_path, fmt, dataset):
    output = tmp_path / f"out.{fmt}"

    result = cli(consultation.slug, "--format", fmt, "--output", str(output), "--dataset", dataset)

    assert result.exit_code == 0, result.output
    header, rows = parse(fmt, output.read_bytes())
    assert len(rows) == {"contributions": 8, "votes": 4}[dataset]
    if dataset == "votes":
        assert rows[0][:2] == [person(consultation.id, data.alice), str(data.idea.id) if fmt == "csv"
                               else data.idea.id]
    else:
        assert "C-" + expected_pseudonym(consultation.id, b"contact:6135550142") in \
            [row[header.index("author")] for row in rows]
    assert f"Exporting {len(rows)} {dataset}" in result.output
    assert f"Wrote {len(rows)} {dataset} to {output}." in result.output
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="consultation.export")).all()
    assert (event.actor_id, event.target_id) == (None, consultation.id)
    assert event.data["dataset"] == dataset and event.data["format"] == fmt
    assert event.data["via"] == "command line"


def test_the_bar_reaches_every_row_on_a_terminal(cli, consultation, data, tmp_path, monkeypatch):
    monkeypatch.setattr(click._termui_impl, "isatty", lambda stream: True)

    result = cli(consultation.slug, "--format", "csv", "--output", str(tmp_path / "out.csv"))

    assert result.exit_code == 0, result.output
    assert "Exporting 8 contributions" in result.output
    assert "100%" in result.output


def test_writes_the_pdf_report(cli, db, consultation, report_pdf, tmp_path):
    output = tmp_path / "report.pdf"

    result = cli(consultation.slug, "--format", "pdf", "--output", str(output))

    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert report_pdf == [consultation.id]
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="consultation.export"))
    assert event.data["dataset"] == "report" and event.data["format"] == "pdf"


def test_an_unknown_consultation_is_a_usage_error(cli, db, tmp_path):
    result = cli("nowhere", "--format", "csv", "--output", str(tmp_path / "out.csv"))

    assert result.exit_code == 2
    assert "no consultation has the address 'nowhere'" in result.output
    assert not (tmp_path / "out.csv").exists()
