"""Closing the loop: a designer answers ideas and publishes the outcome; everyone reads it.

Responding is a plain form first (POST, then 303 back to the idea) and, with htmx, answers
with the response partial it swaps in place.
"""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..consultations.services import visible_consultation
from ..extensions import db
from ..models import Consultation, Idea
from ..notifications import services as notifications
from ..permissions import require
from ..visibility import is_live
from ..web.rendering import done, render_page_or_partial
from . import services
from .forms import OutcomeForm, ResponseForm

bp = Blueprint("outcomes", __name__)


@bp.app_template_global()
def response_form_for(idea):
    """A response form filled with the idea's current response, for the idea page."""
    response = idea.response
    return ResponseForm(formdata=None, data={"status": response.status, "text_en": response.text_en,
                                             "text_fr": response.text_fr} if response else None)


@bp.route("/consultations/<slug>/ideas/<int:idea_id>/response", methods=["GET", "POST"])
@login_required
def idea_respond(slug, idea_id):
    consultation = visible_consultation(slug)
    idea = db.first_or_404(sa.select(Idea).filter_by(id=idea_id, consultation_id=consultation.id))
    require("idea.respond", idea)
    if not is_live(idea):
        abort(404)
    form = ResponseForm(data=response_form_for(idea).data)
    if form.validate_on_submit():
        told = services.respond(idea, current_user._get_current_object(), form.status.data, form.texts())
        db.session.commit()
        if told:
            notifications.mail_idea_response(idea)
        return done(_("The response is published."), "outcomes/_partials/response.html",
                    url_for("contributions.idea_detail", slug=slug, idea_id=idea.id) + "#response",
                    consultation=consultation, idea=idea)
    return render_page_or_partial("outcomes/respond.html", "outcomes/_partials/response.html",
                                  consultation=consultation, idea=idea,
                                  response_form=form), 422 if form.errors else 200


@bp.get("/consultations/<slug>/outcome")
def outcome_detail(slug):
    consultation = visible_consultation(slug)
    outcome = services.visible_outcome(consultation, current_user)
    if outcome is None:
        abort(404)
    groups, unanswered = services.ideas_by_response(consultation)
    return render_template("outcomes/outcome.html", consultation=consultation, outcome=outcome,
                           groups=groups, unanswered=unanswered)


@bp.route("/manage/consultations/<slug>/outcome", methods=["GET", "POST"])
@login_required
def outcome_edit(slug):
    consultation = db.first_or_404(sa.select(Consultation).filter_by(slug=slug))
    require("outcome.publish", consultation)
    outcome = services.outcome_of(consultation)
    form = OutcomeForm(obj=outcome)
    published = outcome is not None and outcome.is_published
    publishing = form.publish.data and not published
    if form.validate_on_submit() and (not (publishing or published) or form.ready_to_publish()):
        actor = current_user._get_current_object()
        outcome = services.save_outcome(consultation, actor, form.outcome_data())
        told = services.publish_outcome(outcome, actor) if publishing else None
        db.session.commit()
        if told is None:
            flash(_("The outcome report is saved."), "success")
            return redirect(url_for(".outcome_edit", slug=slug), code=303)
        notifications.mail_outcome_published(consultation)
        flash(ngettext("The outcome is published. %(num)d participant is told.",
                       "The outcome is published. %(num)d participants are told.", told), "success")
        return redirect(url_for(".outcome_detail", slug=slug), code=303)
    return render_template("outcomes/edit.html", consultation=consultation, outcome=outcome,
                           form=form), 422 if form.errors else 200
