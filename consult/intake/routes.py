"""Where intake staff record input that reached government off-line, so it counts too."""

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Consultation, vocabulary
from ..models.vocabulary import CHANNELS
from ..permissions import require
from . import services
from .forms import RecordForm, ToldForm

bp = Blueprint("intake", __name__, url_prefix="/intake")


@bp.get("/")
@login_required
def index():
    require("intake.access")
    return render_template("intake/index.html",
                           consultations=services.recordable_consultations(current_user),
                           entries=services.recent_entries(current_user),
                           follow_ups=services.follow_up_consultations(current_user))


@bp.route("/consultations/<slug>/new", methods=["GET", "POST"])
@login_required
def record(slug):
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("intake.record", consultation)
    ideas = services.published_ideas(consultation)
    form = RecordForm(consultation=consultation, ideas=ideas)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("intake/record.html", form=form, consultation=consultation,
                               has_ideas=bool(ideas)), status
    contribution, created = services.record_input(consultation, current_user, **form.entry_data())
    db.session.commit()
    flash(_outcome(contribution, created), "success")
    return redirect(url_for(".record", slug=consultation.slug), code=303)


@bp.route("/consultations/<slug>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(slug):
    """Who asked to be told of the outcome: those the outcome mail told, and those to call or write to."""
    consultation = db.first_or_404(db.select(Consultation).filter_by(slug=slug))
    require("intake.follow_up", consultation)
    form = ToldForm(consultation=consultation)
    if form.validate_on_submit():
        if services.mark_told(consultation, int(form.contribution_id.data), current_user):
            flash(_("Marked as told."), "success")
        db.session.commit()
        return redirect(url_for(".follow_up", slug=slug), code=303)
    page = render_template("intake/follow_up.html", consultation=consultation, form=form,
                           contacts=services.view_follow_up(consultation, current_user))
    db.session.commit()  # the audit record of this viewing
    response = make_response(page, 422 if form.errors else 200)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _outcome(contribution, created):
    """What the staff member is told: recorded or not, and whether the public can see it yet."""
    if not created:
        return _("This entry was already recorded; it is stored once.")
    channel = CHANNELS[contribution.channel]
    if contribution.status == "published":
        return _("Recorded (%(channel)s) and published. You can record another.", channel=channel)
    reasons = [str(vocabulary.HOLD_RULES[rule]) for rule in services.hold_reasons(contribution)]
    if reasons:
        return _("Recorded (%(channel)s), but held for review: it contains %(reasons)s. It will appear "
                 "once a moderator has reviewed it. You can record another.",
                 channel=channel, reasons=", ".join(reason.lower() for reason in reasons))
    return _("Recorded (%(channel)s) and held for review: this consultation publishes contributions "
             "once a moderator has reviewed them. You can record another.", channel=channel)
