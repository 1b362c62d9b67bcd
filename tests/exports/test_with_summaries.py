"""The exports with the summaries area's real themes and PDF report, not stand-ins."""

import io

import sqlalchemy as sa
from pypdf import PdfReader

from consult.models import SummaryCache
from consult.summaries.cache import theme_names

from .conftest import IDENTIFYING
from .parsing import URL, parse

TOPICS = ("Paper forms at the post office take weeks to arrive by mail",
          "Online booking for the hospital registration desk would save time")


def test_theme_column_comes_from_the_summary_for_published_rows_only(client, db, make, designer,
                                                                     consultation, cast):
    for n in range(14):
        make.comment(consultation, body=f"{TOPICS[n % 2]} ({n})")
    read = []

    def reads_the_members(_connection, _cursor, statement, *_args):
        if "theme_members" in statement:
            read.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", reads_the_members)
    try:
        response = client.login_as(designer).get(URL.format(slug=consultation.slug,
                                                            dataset="contributions", fmt="json"), buffered=True)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", reads_the_members)

    assert response.status_code == 200
    header, rows = parse("json", response.data)
    # The summary was computed and stored by the export; its members were joined in SQL and
    # never loaded into the worker (memory stays flat however many contributions there are).
    assert read and all("json_each" in statement for statement in read if statement.lstrip().startswith("SELECT"))
    names = theme_names(consultation)
    members = db.session.scalar(sa.select(SummaryCache.theme_members)
                                .where(SummaryCache.consultation_id == consultation.id))
    labels = {int(contribution_id): names[number] for contribution_id, number in members.items()}
    assert cast.held_idea.id not in labels and cast.rejected.id not in labels
    for row in rows:
        record = dict(zip(header, row, strict=True))
        shown = record["status"] == "published" and not record["deleted"]
        assert record["theme"] == (labels.get(record["id"]) if shown else None)
    assert sum(row[header.index("theme")] is not None for row in rows) >= 14


def test_the_real_report_is_a_pdf_without_identities(client, designer, consultation, cast):
    response = client.login_as(designer).get(f"/manage/consultations/{consultation.slug}/export/report.pdf",
                                                buffered=True)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert text.strip()
    for secret in IDENTIFYING:
        assert secret.casefold() not in text.casefold(), secret
