"""Routes of the public moderation report."""

from flask import Blueprint, render_template

from ..consultations.services import visible_consultation
from . import services

bp = Blueprint("transparency", __name__)


@bp.get("/consultations/<slug>/moderation")
def consultation_report(slug):
    """What moderation did in one consultation, for anyone who can see the consultation."""
    consultation = visible_consultation(slug)
    report = services.moderation_report(consultation)
    return render_template("transparency/report.html", consultation=consultation, report=report,
                           reasons=services.REPORT_REASONS, hold_reasons=services.HOLD_REASONS,
                           plain_duration=services.plain_duration)
