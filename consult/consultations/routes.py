"""Public pages: home, the consultation list, a consultation, a service, and /healthz."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..contributions.forms import CommentForm, IdeaForm
from ..contributions.listing import IDEA_ORDERS
from ..extensions import db
from ..models import Consultation, Service
from ..participation import headcounts
from ..permissions import can
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


@bp.get("/consultations/<slug>")
def consultation_detail(slug):
    consultation = services.visible_consultation(slug)
    order = request.args.get("order", "supported")
    if order not in IDEA_ORDERS:
        order = "supported"
    page = request.args.get("page", 1, type=query_int)
    context = services.page_of_consultation(
        consultation, current_user, order, page, current_app.config["PAGE_SIZE"])
    # A form is built only for who may send it: the page draws it for nobody else.
    return render_template(
        "consultations/detail.html", consultation=consultation,
        comment_form=CommentForm() if can(current_user, "comment.create", consultation) else None,
        idea_form=IdeaForm() if can(current_user, "idea.create", consultation) else None, **context)


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
