"""What a citizen wrote never runs in a spreadsheet, and every export is audited before it leaves."""

import io

import pytest
from openpyxl import load_workbook

from consult.exports.writers import spreadsheet_text
from consult.models import AuditEvent

from .parsing import URL, parse, xlsx_xml

DANGEROUS = ("=HYPERLINK(\"http://evil.example\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tindented",
             "\rreturn")


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_get_an_apostrophe(value):
    assert spreadsheet_text(value) == "'" + value


@pytest.mark.parametrize("value", ("plain", "", "3 = 3", "a-b", 5, -1, None, True))
def test_other_values_are_left_alone(value):
    assert spreadsheet_text(value) == value


@pytest.fixture
def dangerous(make, consultation, themes):
    return [make.comment(consultation, body=body).id for body in DANGEROUS]


def _body_column(client, designer, consultation, fmt):
    response = client.login_as(designer).get(URL.format(slug=consultation.slug, dataset="contributions",
                                                        fmt=fmt), buffered=True)
    header, rows = parse(fmt, response.data)
    return response.data, [row[header.index("text")] for row in rows]


def test_csv_escapes_formulas(client, designer, consultation, dangerous):
    _body, texts = _body_column(client, designer, consultation, "csv")
    assert texts == ["'" + value for value in DANGEROUS]


def test_xlsx_keeps_the_words_as_text_never_a_formula(client, designer, consultation, dangerous):
    body, texts = _body_column(client, designer, consultation, "xlsx")

    assert texts == list(DANGEROUS)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    assert {cell.data_type for cell in sheet["L"][1:]} == {"s"}
    assert "<f>" not in xlsx_xml(body)


def test_json_carries_the_exact_words(client, designer, consultation, dangerous):
    _body, texts = _body_column(client, designer, consultation, "json")
    assert texts == list(DANGEROUS)


def test_control_characters_xml_cannot_hold_are_dropped_from_xlsx(client, designer, consultation,
                                                                  make, themes):
    make.comment(consultation, body="bell\x07 and\x1b escape")
    _body, texts = _body_column(client, designer, consultation, "xlsx")
    assert texts == ["bell and escape"]


EXPORTS = [("contributions", fmt) for fmt in ("csv", "xlsx", "json")] + \
          [("votes", fmt) for fmt in ("csv", "xlsx", "json")] + [("report", "pdf")]


def _url(consultation, dataset, fmt):
    if dataset == "report":
        return f"/manage/consultations/{consultation.slug}/export/report.pdf"
    return URL.format(slug=consultation.slug, dataset=dataset, fmt=fmt)


@pytest.mark.commits  # reads while the download's own session is still open
@pytest.mark.parametrize(("dataset", "fmt"), EXPORTS)
def test_each_export_is_audited_and_committed_before_the_first_byte(
        client, db, designer, consultation, data, report_pdf, dataset, fmt):
    response = client.login_as(designer).get(_url(consultation, dataset, fmt), buffered=False)
    try:
        db.session.rollback()
        events = db.session.scalars(db.select(AuditEvent).filter_by(action="consultation.export")).all()
        assert [(e.actor_id, e.target_type, e.target_id, e.data) for e in events] == [
            (designer.id, "Consultation", consultation.id, {"dataset": dataset, "format": fmt})]
    finally:
        response.close()


def test_a_refused_export_is_not_audited(client, db, make, consultation, themes):
    response = client.login_as(make.user(role="designer")).get(_url(consultation, "votes", "csv"), buffered=True)

    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .filter_by(action="consultation.export")) == 0


def test_every_free_text_column_is_escaped_in_csv(client, designer, consultation, make, data, themes):
    idea = make.idea(consultation, title="=cmd|' /C calc'!A0", body="@SUM(1+1)")
    themes[idea.id] = "-risky theme"
    response = client.login_as(designer).get(URL.format(slug=consultation.slug,
                                                        dataset="contributions", fmt="csv"), buffered=True)

    header, rows = parse("csv", response.data)
    row = dict(zip(header, rows[-1], strict=True))
    assert (row["title"], row["text"], row["theme"]) == ("'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'-risky theme")
    assert not [cell for line in rows for cell in line if cell[:1] in set("=+-@\t\r")]
