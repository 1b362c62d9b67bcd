"""Public pages: home, the consultation list, a service, and /healthz."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from ..extensions import db
from ..models import Consultation, Service
from ..participation import headcounts
from ..web.language import localized
from ..web.rendering import query_int
from . import services
from .forms import ConsultationFilterForm

bp = Blueprint("consultations", __name__)


@bp.get("/")
def home():
    query = services.public_consultations().where(Consultation.is_open)
    consultations = db.session.scalars(query).unique().all()
    counts = headcounts([c.id for c in consultations])
    return render_template("consultations/home.html", consultations=consultations, counts=counts)


@bp.get("/consultations/")
def consultation_list():
    form = ConsultationFilterForm(request.args)
    form.service.choices = [("", _("Any service"))] + [
        (s.slug, str(localized(s, "name"))) for s in services.service_choices()]
    filters = form.filters()
    query = services.filter_consultations(services.public_consultations(), **filters)
    page = db.paginate(query, page=request.args.get("page", 1, type=query_int),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = headcounts([c.id for c in page.items])
    return render_template("consultations/list.html", form=form, page=page, counts=counts)


@bp.get("/services/<slug>")
def service_detail(slug):
    service = db.first_or_404(db.select(Service).filter_by(slug=slug))
    consultations = services.consultations_of_service(service)
    counts = headcounts([c.id for c in consultations])
    return render_template("consultations/service.html", service=service, consultations=consultations,
                           counts=counts)


@bp.get("/healthz")
def healthz():
    if not services.database_answers():
        abort(503)
    return {"status": "ok"}
