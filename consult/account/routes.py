"""The person's own space: their details, contributions and appeals, language, name and password,
what they say about themselves, a copy of their data, deleting the account."""

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.services import is_safe_next, sign_in, sign_out
from ..extensions import db, limiter
from ..models import Contribution
from ..permissions import require
from ..web.rendering import query_int
from . import privacy, services
from .forms import (
    REMOVE_CONTRIBUTIONS,
    AboutYouForm,
    AppealForm,
    ChangePasswordForm,
    DeleteAccountForm,
    LanguageForm,
    ProfileForm,
)

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.post("/language")
def language():
    """Switch the page language, for visitors and signed-in people alike."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        services.set_locale(current_user._get_current_object(), form.locale.data)
        db.session.commit()
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("consultations.home"), code=303)


@bp.get("/")
@login_required
def index():
    page = services.own_contributions(current_user, request.args.get("page", 1, type=query_int))
    states = services.moderation_states(page.items)
    return render_template("account/index.html", page=page, states=states,
                           reasons=services.DECISION_REASONS)


@bp.route("/contributions/<int:contribution_id>/appeal", methods=["GET", "POST"])
@login_required
def contribution_appeal(contribution_id):
    """Appeal a rejection, once; a second appeal is refused with the first one's date."""
    contribution = db.get_or_404(Contribution, contribution_id)
    require("contribution.appeal", contribution)
    form = AppealForm()
    appeal = services.appeal_of(contribution)
    if appeal is None and form.validate_on_submit():
        user = current_user._get_current_object()
        if services.appeal_rejection(contribution, user, form.text.data):
            db.session.commit()
            flash(_("Your appeal is sent. A moderator who did not reject it will look at it again."),
                  "success")
            return redirect(url_for("account.index"), code=303)
        appeal = services.appeal_of(contribution)
    status = 409 if appeal is not None and request.method == "POST" else 200
    return render_template("account/appeal.html", contribution=contribution, form=form, appeal=appeal,
                           state=services.moderation_states([contribution])[contribution.id],
                           reasons=services.DECISION_REASONS), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.rename(current_user._get_current_object(), form.display_name.data)
        db.session.commit()
        flash(_("Your name is changed."), "success")
        return redirect(url_for("account.index"), code=303)
    return render_template("account/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if services.change_password(user, form.current_password.data, form.new_password.data):
            # A remember-me cookie this browser held is renewed with the new session token.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            sign_in(user, remember=remembered)
            db.session.commit()
            flash(_("Your password is changed. You are signed out on every other device."), "success")
            return redirect(url_for("account.index"), code=303)
        db.session.commit()
        form.current_password.errors.append(_("Your current password is not right."))
    return render_template("account/password.html", form=form)


@bp.route("/about-you", methods=["GET", "POST"])
@login_required
def about_you():
    """Optional: who the person is, for totals per consultation only; can be removed at any time."""
    user = current_user._get_current_object()
    form = AboutYouForm(obj=user)
    if form.validate_on_submit():
        removing = form.remove.data
        privacy.set_profile_segments(user, [] if removing else form.segments.data,
                                     None if removing else form.region.data)
        db.session.commit()
        flash(_("What you told us about yourself is removed.") if removing
              else _("Your answers are saved. Thank you."), "success")
        return redirect(url_for("account.index"), code=303)
    return render_template("account/about_you.html", form=form)


@bp.get("/data")
@login_required
def data_download():
    """A copy of everything the platform holds about the person, as a JSON file."""
    data = privacy.personal_data(current_user._get_current_object())
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, indent=2),
                                          mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=consult-my-data.json"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
@login_required
def delete():
    """Delete the account: personal data erased at once, contributions kept or emptied."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if privacy.password_matches(user, form.password.data):
            privacy.erase_account(user, remove_text=form.contributions.data == REMOVE_CONTRIBUTIONS)
            sign_out(user)
            db.session.commit()
            flash(_("Your account is deleted. Thank you for taking part."), "success")
            return redirect(url_for("consultations.home"), code=303)
        form.password.errors.append(_("Your password is not right."))
    return render_template("account/delete.html", form=form)
