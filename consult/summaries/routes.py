"""The summary dashboard of a consultation, for the designers of its organisations."""

from datetime import datetime

from flask import Blueprint, render_template
from flask_login import login_required
from markupsafe import Markup

from ..extensions import db
from ..models import Consultation
from ..permissions import require
from ..web.language import current_language
from .cache import cached_summary

bp = Blueprint("summaries", __name__, url_prefix="/manage")


def summary_context(consultation, allow_stale=False):
    """What the page and the PDF report render: the summary and its charts in the page language."""
    summary = cached_summary(consultation, allow_stale=allow_stale)
    # The stored charts are charts.py's own SVG: matplotlib escapes every text it draws (theme
    # terms come from user text) and charts._svg refuses any markup that could run.
    charts = {name: Markup(svg) for name, svg in summary["charts"][current_language()].items()}
    return {"consultation": consultation, "summary": summary, "charts": charts,
            "computed_at": datetime.fromisoformat(summary["computed_at"])}


@bp.get("/consultations/<slug>/summary")
@login_required
def consultation_summary(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.summary", consultation)
    context = summary_context(consultation, allow_stale=True)
    db.session.commit()
    return render_template("summaries/summary.html", **context)
