"""Where administrators describe organisations and give people roles in them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..manage.saving import save_form
from ..models import Membership, Organization
from ..models.vocabulary import ROLES
from ..permissions import require
from ..web.rendering import query_int
from . import activity, services
from .forms import ActivityFilterForm, MembershipForm, OrganizationForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _organization(slug):
    return db.first_or_404(db.select(Organization).filter_by(slug=slug))


def _render_organization(organization, form):
    """The organisation page: its memberships and the form that adds one."""
    return render_template("admin/organization.html", organization=organization,
                           memberships=services.memberships_of(organization), form=form)


@bp.get("/")
@login_required
def index():
    require("admin.access")
    return render_template("admin/index.html",
                           organizations=services.manageable_organizations(current_user))


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def organization_create():
    require("organization.create")
    form = OrganizationForm()
    organization = save_form(
        form, lambda: services.create_organization(current_user, **form.organization_data()),
        _("The organisation is saved."))
    if organization is not None:
        return redirect(url_for(".organization_view", slug=organization.slug), code=303)
    return render_template("admin/organization_form.html", form=form, organization=None)


@bp.route("/organizations/<slug>/edit", methods=["GET", "POST"])
@login_required
def organization_edit(slug):
    organization = _organization(slug)
    require("organization.edit", organization)
    form = OrganizationForm(obj=organization, current=organization)
    saved = save_form(form, lambda: services.update_organization(
        organization, current_user, **form.organization_data()), _("Your changes are saved."))
    if saved is not None:
        return redirect(url_for(".organization_view", slug=organization.slug), code=303)
    return render_template("admin/organization_form.html", form=form, organization=organization)


@bp.get("/organizations/<slug>")
@login_required
def organization_view(slug):
    organization = _organization(slug)
    require("membership.manage", organization)
    return _render_organization(organization, MembershipForm(formdata=None))


@bp.get("/organizations/<slug>/activity")
@login_required
def organization_activity(slug):
    organization = _organization(slug)
    require("organization.activity", organization)
    form = ActivityFilterForm(request.args, people=activity.staff_of(organization))
    form.validate()
    page = activity.activity_page(organization, form.filters(),
                                  before=request.args.get("before", type=query_int))
    filters = {name: value for name, value in request.args.items(multi=False)
               if name in form and value}
    return render_template("admin/activity.html", organization=organization, form=form,
                           page=page, filters=filters, activity_labels=activity.ACTION_LABELS,
                           field_labels=activity.FIELD_LABELS)


@bp.post("/organizations/<slug>/memberships")
@login_required
def membership_create(slug):
    organization = _organization(slug)
    require("membership.manage", organization)
    form = MembershipForm()
    if not form.validate_on_submit():
        return _render_organization(organization, form)
    try:
        services.add_membership(organization, current_user, form.email.data, form.role.data)
    except services.UnknownPerson:
        form.email.errors.append(_("No account uses this email address. Ask the person to register first."))
    except services.DuplicateMembership:
        form.role.errors.append(_("This person already has this role here."))
    else:
        db.session.commit()
        flash(_("%(role)s role given to %(email)s.", role=ROLES[form.role.data], email=form.email.data), "success")
        return redirect(url_for(".organization_view", slug=organization.slug), code=303)
    return _render_organization(organization, form)


@bp.post("/organizations/<slug>/memberships/<int:membership_id>/delete")
@login_required
def membership_delete(slug, membership_id):
    organization = _organization(slug)
    require("membership.manage", organization)
    membership = db.first_or_404(
        db.select(Membership).filter_by(id=membership_id, organization_id=organization.id))
    require("membership.delete", membership)
    services.remove_membership(membership, current_user)
    db.session.commit()
    flash(_("The role is removed."), "success")
    return redirect(url_for(".organization_view", slug=organization.slug), code=303)
