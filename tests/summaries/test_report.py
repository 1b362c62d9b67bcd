"""The PDF report: the dashboard's headings, figures and quotes, and never who wrote what."""

import io
import re

from pypdf import PdfReader

from consult.summaries.report import render_summary_pdf

from .test_themes import TOPICS


def test_pdf_has_headings_figures_and_quotes_and_no_author(app, db, make, consultation, vote):
    author = make.user(email="zebulon.quartermain@example.org", name="Zebulon Quartermain")
    ideas = [make.idea(consultation, author=author, title=f"Proposal {n}") for n in range(3)]
    for texts in TOPICS.values():
        for text in texts:
            make.comment(consultation, author=author, body=text)
    for n in range(4):
        vote(ideas[0], make.user(), 1 if n else -1)
    with app.test_request_context("/"):
        pdf = render_summary_pdf(consultation)
        db.session.commit()
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    for heading in ("Summary: Consultation", "Participation", "Ideas", "Most supported ideas",
                    "Themes", "Opinion groups", "Only published contributions count"):
        assert heading in text
    assert "Published comments 24" in text and "Votes on published ideas 4" in text
    assert "Proposal 0" in text  # the most supported idea
    assert "The bus stop has no shelter" in text or "Please add a bus route" in text  # a quote
    assert "Online 27" in text  # the table behind the chart
    assert "Zebulon" not in text and "Quartermain" not in text and "@" not in text
