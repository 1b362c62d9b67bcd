"""The summary dashboard of a consultation, for the designers of its organisations."""

from flask import Blueprint, render_template
from flask_login import login_required

from ..extensions import db
from ..models import Consultation
from ..permissions import require
from .pages import summary_context

bp = Blueprint("summaries", __name__, url_prefix="/manage")


@bp.get("/consultations/<slug>/summary")
@login_required
def consultation_summary(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.summary", consultation)
    context = summary_context(consultation, allow_stale=True)
    db.session.commit()
    return render_template("summaries/summary.html", **context)
