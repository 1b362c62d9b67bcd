"""Downloads of a consultation's data for its designers: audited, never cached, streamed."""

from flask import Blueprint, current_app, stream_with_context
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Consultation
from ..permissions import require
from . import services

bp = Blueprint("exports", __name__, url_prefix="/manage/consultations/<slug>/export")


def _consultation(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.summary", consultation)
    return consultation


def _audited(consultation, dataset, file_format):
    """Commit the audit record before the first byte leaves (with the summary the export may
    have just computed for its themes)."""
    services.record_export(current_user, consultation, dataset, file_format)
    db.session.commit()


def _download(export, body):
    response = current_app.response_class(body, mimetype=export.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<any(contributions, votes):dataset>.<any(csv, xlsx, json):file_format>")
@login_required
def dataset_download(slug, dataset, file_format):
    """Every contribution, or every vote, of the consultation: pseudonymous, as it is read."""
    consultation = _consultation(slug)
    export = services.dataset_export(consultation, dataset, file_format)
    _audited(consultation, dataset, file_format)
    return _download(export, stream_with_context(export.chunks))


@bp.get("/report.pdf")
@login_required
def report_download(slug):
    """The summary dashboard as a PDF report."""
    consultation = _consultation(slug)
    export = services.report_export(consultation)
    _audited(consultation, "report", "pdf")
    return _download(export, export.chunks)
