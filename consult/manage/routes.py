"""Where service designers create and run consultations and describe services."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import participation
from ..bilingual import Incomplete, show_missing
from ..extensions import db
from ..models import Consultation, Service
from ..models.vocabulary import STATUSES
from ..permissions import can, require
from . import services
from .forms import ConsultationForm, ServiceForm, StatusForm
from .saving import save_form

bp = Blueprint("manage", __name__, url_prefix="/manage")
bp.add_app_template_global(participation.shown, "suppressed_count")


def _consultation_form(consultation=None, **kwargs):
    """The consultation form with its choices; filled from `consultation` on a GET.

    Who may not change the lead and the partners gets a form without them (see the template).
    """
    leads = services.designer_organizations(current_user)
    if consultation is not None and consultation.lead_organization not in leads:
        leads.append(consultation.lead_organization)
    return ConsultationForm(
        data=services.consultation_form_data(consultation) if consultation else None,
        current=consultation,
        lead_choices=services.choices(leads),
        organization_choices=services.choices(services.all_organizations()),
        service_choices=services.choices(services.all_services()),
        organizations_locked=consultation is not None and not can(
            current_user, "consultation.change_organizations", consultation),
        **kwargs,
    )


def _organizations_refused(form):
    return (form.lead_organization, _(
        "Only designers of the lead organisation can change the lead and the partners. "
        "Nothing was changed."))


def _service_form(service=None):
    owners = services.choices(services.owner_organizations(current_user, service))
    if service is None:
        return ServiceForm(owner_choices=owners)
    return ServiceForm(obj=service, current=service, owner_choices=owners,
                       data=services.service_form_data(service))


def _owner_refused(form):
    return (form.organization_id, _("Choose an organisation you describe services for."))


@bp.get("/")
@login_required
def index():
    require("manage.access")
    return render_template(
        "manage/index.html",
        consultations=services.managed_consultations(current_user),
        services=services.all_services(),
    )


@bp.route("/consultations/new", methods=["GET", "POST"])
@login_required
def consultation_create():
    require("consultation.create")
    form = _consultation_form()
    consultation = save_form(
        form, lambda: services.create_consultation(current_user, **form.consultation_data()),
        _("The consultation is saved as a draft."), refused=_organizations_refused(form))
    if consultation is not None:
        return redirect(url_for(".consultation_edit", slug=consultation.slug), code=303)
    return render_template("manage/consultation_form.html", form=form, consultation=None)


@bp.route("/consultations/<slug>/edit", methods=["GET", "POST"])
@login_required
def consultation_edit(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.edit", consultation)
    form = _consultation_form(consultation)
    saved = save_form(form, lambda: services.update_consultation(
        consultation, current_user, **form.consultation_data()), _("Your changes are saved."),
        refused=_organizations_refused(form))
    if saved is not None:
        return redirect(url_for(".consultation_edit", slug=consultation.slug), code=303)
    return render_template("manage/consultation_form.html", form=form, consultation=consultation,
                           next_statuses=services.next_statuses(consultation))


@bp.get("/consultations/<slug>/participation")
@login_required
def consultation_participation(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.edit", consultation)
    return render_template("manage/participation.html", consultation=consultation,
                           channels=participation.contributions_by_channel(consultation),
                           offline=participation.headcount(consultation).offline,
                           people=participation.participation_by_segment_and_region(consultation))


@bp.post("/consultations/<slug>/status")
@login_required
def consultation_status_change(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("consultation.edit", consultation)
    form = StatusForm()
    try:
        moved = form.validate_on_submit() and services.change_status(consultation, current_user, form.status.data)
    except Incomplete as incomplete:
        return _refused_as_incomplete(consultation, incomplete)
    if moved:
        db.session.commit()
        flash(_("The consultation is now: %(status)s.", status=STATUSES[form.status.data]), "success")
    else:
        flash(_("A consultation cannot move from this status to that one."), "error")
    return redirect(url_for(".consultation_edit", slug=consultation.slug), code=303)


def _refused_as_incomplete(consultation, incomplete):
    """The edit page, each missing translation said on its field, the status unchanged."""
    edit = _consultation_form(consultation, formdata=None)
    show_missing(edit, incomplete.missing)
    return render_template("manage/consultation_form.html", form=edit, consultation=consultation,
                           next_statuses=services.next_statuses(consultation),
                           refused_as_incomplete=True), 422


@bp.route("/services/new", methods=["GET", "POST"])
@login_required
def service_create():
    require("service.create")
    form = _service_form()
    saved = save_form(form, lambda: services.create_service(current_user, **form.service_data()),
                      _("The service is saved."), refused=_owner_refused(form))
    if saved is not None:
        return redirect(url_for(".index"), code=303)
    return render_template("manage/service_form.html", form=form, service=None)


@bp.route("/services/<slug>/edit", methods=["GET", "POST"])
@login_required
def service_edit(slug):
    service = db.first_or_404(db.select(Service).filter_by(slug=slug))
    require("service.edit", service)
    form = _service_form(service)
    saved = save_form(
        form, lambda: services.update_service(service, current_user, **form.service_data()),
        _("Your changes are saved."), refused=_owner_refused(form))
    if saved is not None:
        return redirect(url_for(".index"), code=303)
    return render_template("manage/service_form.html", form=form, service=service)
