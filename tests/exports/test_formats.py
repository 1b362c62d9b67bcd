"""Every export format, downloaded and read back field by field against the fixed data set."""

import pytest

from consult.exports.rows import CONTRIBUTION_COLUMNS, VOTE_COLUMNS

from .conftest import IDENTIFYING
from .parsing import URL, as_cell, expected_pseudonym, iso, parse, person, xlsx_xml

FORMATS = ("csv", "xlsx", "json")


def expected_contributions(data, consultation):
    """The rows the export must hold, in id order: unpublished and deleted text left out."""
    cid, slug = consultation.id, consultation.slug
    caller = "C-" + expected_pseudonym(cid, b"contact:6135550142")
    d = data
    return [
        [d.idea.id, "idea", slug, None, None, person(cid, d.alice), "web", iso(d.idea.created_at),
         "published", False, "Text me when it is ready",
         "Send a text message when the certificate is ready.", 2, 1, "Notifications"],
        [d.held_idea.id, "idea", slug, None, None, person(cid, d.bob), "web", iso(d.held_idea.created_at),
         "pending", False, None, None, 0, 0, None],
        [d.comment.id, "comment", slug, d.idea.id, None, person(cid, d.bob), "web",
         iso(d.comment.created_at), "published", False, None, "Yes, and by email too.", 0, 0,
         "Notifications"],
        [d.reply.id, "comment", slug, d.idea.id, d.comment.id, person(cid, d.alice), "web",
         iso(d.reply.created_at), "published", False, None, "Email works for me.", 0, 0, None],
        [d.rejected.id, "comment", slug, None, None, person(cid, d.carol), "web",
         iso(d.rejected.created_at), "rejected", False, None, None, 0, 0, None],
        [d.deleted.id, "comment", slug, None, None, person(cid, d.bob), "web", iso(d.deleted.created_at),
         "published", True, None, None, 0, 0, None],
        [d.intake.id, "comment", slug, None, None, caller, "phone", iso(d.intake.created_at),
         "published", False, None, "Caller wants a paper form.", 0, 0, None],
        [d.intake_again.id, "comment", slug, None, None, caller, "mail", iso(d.intake_again.created_at),
         "published", False, None, "Same caller, again.", 0, 0, None],
    ]


def expected_votes(data, consultation):
    cid = consultation.id
    return [
        [person(cid, data.alice), data.idea.id, 1],
        [person(cid, data.bob), data.idea.id, -1],
        [person(cid, data.carol), data.idea.id, 1],
        [person(cid, data.carol), data.held_idea.id, 1],
    ]


def download(client, designer, consultation, dataset, fmt):
    response = client.login_as(designer).get(URL.format(slug=consultation.slug, dataset=dataset, fmt=fmt),
                                                buffered=True)
    assert response.status_code == 200, response.status_code
    return response


@pytest.mark.parametrize("fmt", FORMATS)
def test_contributions_read_back_field_by_field(client, designer, consultation, data, fmt):
    response = download(client, designer, consultation, "contributions", fmt)

    header, rows = parse(fmt, response.data)
    expected = expected_contributions(data, consultation)
    assert header == list(CONTRIBUTION_COLUMNS)
    assert len(rows) == len(expected)
    for row, wanted in zip(rows, expected, strict=True):
        for column, value, wanted_value in zip(header, row, wanted, strict=True):
            assert value == as_cell(fmt, wanted_value), (row[0], column)


@pytest.mark.parametrize("fmt", FORMATS)
def test_votes_read_back_field_by_field(client, designer, consultation, data, fmt):
    response = download(client, designer, consultation, "votes", fmt)

    header, rows = parse(fmt, response.data)
    assert header == list(VOTE_COLUMNS)
    assert rows == [[as_cell(fmt, value) for value in row] for row in expected_votes(data, consultation)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_consultation_exports_a_header_only(client, designer, consultation, themes, fmt):
    response = download(client, designer, consultation, "contributions", fmt)

    header, rows = parse(fmt, response.data)
    assert rows == []
    assert header == ([] if fmt == "json" else list(CONTRIBUTION_COLUMNS))


@pytest.mark.parametrize("dataset", ("contributions", "votes"))
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_email_name_contact_or_ip_in_any_byte(client, designer, consultation, data, dataset, fmt):
    body = download(client, designer, consultation, dataset, fmt).data
    texts = [body.decode("utf-8", errors="replace")]
    if fmt == "xlsx":
        texts.append(xlsx_xml(body))
    for text in texts:
        for secret in IDENTIFYING:
            assert secret.casefold() not in text.casefold(), secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_headers_name_the_file_and_forbid_caching(client, designer, consultation, data, fmt):
    response = download(client, designer, consultation, "votes", fmt)

    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="newborn-registration-votes-')
    assert disposition.endswith(f'.{fmt}"')
    assert response.mimetype == {"csv": "text/csv", "json": "application/json",
                                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]


def test_report_pdf_is_the_summary_report(client, designer, consultation, report_pdf):
    response = client.login_as(designer).get(f"/manage/consultations/{consultation.slug}/export/report.pdf",
                                                buffered=True)

    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    assert report_pdf == [consultation.id]


def test_unknown_consultation_or_format_is_not_found(client, designer, consultation, themes):
    client.login_as(designer)
    assert client.get("/manage/consultations/nowhere/export/votes.csv").status_code == 404
    assert client.get(f"/manage/consultations/{consultation.slug}/export/votes.xml").status_code == 404
    assert client.get(f"/manage/consultations/{consultation.slug}/export/users.csv").status_code == 404
