"""What the summary page and its PDF report render, shared by the route and the report."""

from datetime import datetime

from ..text import chart
from ..web.language import current_language
from .cache import cached_summary


def summary_context(consultation, allow_stale=False):
    """What the page and the PDF report render: the summary and its charts in the page language."""
    summary = cached_summary(consultation, allow_stale=allow_stale)
    charts = {name: chart(svg) for name, svg in summary["charts"][current_language()].items()}
    return {"consultation": consultation, "summary": summary, "charts": charts,
            "computed_at": datetime.fromisoformat(summary["computed_at"])}
