"""The summary as a PDF report (WeasyPrint): the dashboard's figures, charts and quotes, printable."""

from flask import render_template
from weasyprint import HTML

from .pages import summary_context


def render_summary_pdf(consultation):
    """The consultation's summary as PDF bytes, in the current language.

    Uses the cached summary, computing and storing it first when stale (flushed; the calling
    request commits). Carries no author: quotes are what people wrote, never who wrote it.
    """
    html = render_template("summaries/report.html", report=True, **summary_context(consultation))
    return HTML(string=html).write_pdf()
