"""Ideas and comments: a consultation's page and an idea's, post, reply, vote, flag, edit, delete.

Each action is a plain form first (POST, then 303 back to the page) and, with htmx,
answers with the partial it swaps in place.
"""

import functools

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload, lazyload

from ..auth.services import is_safe_next
from ..consultations.services import ensure_visible, visible_consultation
from ..extensions import db, limiter
from ..models import Comment, Consultation, Contribution, Idea
from ..permissions import can, require
from ..visibility import can_see
from ..web.rendering import done, query_int, render_page_or_partial
from . import listing, services, template_globals
from .forms import CommentForm, DeleteForm, EditForm, FlagForm, IdeaForm, submitted_vote
from .pages import (
    comments_section,
    contribution_url,
    ideas_section,
    invalid_form,
    page_of_consultation,
    thread_context,
)

bp = Blueprint("contributions", __name__)
bp.record_once(template_globals.register)


def _idea_in(consultation, idea_id):
    """The idea `idea_id` of a consultation already found visible, or None without an id;
    404 when the viewer may not see it (held, rejected, hidden: see visibility.py)."""
    if idea_id is None:
        return None
    # Its author and response come with it: loaded lazily, they would cost a query or none,
    # as the thread's authors happen to include the idea's author or not.
    idea = db.first_or_404(db.select(Idea).filter_by(id=idea_id, consultation_id=consultation.id)
                           .options(joinedload(Idea.author), joinedload(Idea.response)))
    if not can_see(current_user, idea):
        abort(404)
    return idea


def _contribution(model, contribution_id):
    """A contribution the viewer may see, in a consultation they may see, else 404."""
    contribution = db.get_or_404(model, contribution_id)
    ensure_visible(contribution.consultation)
    if not can_see(current_user, contribution):
        abort(404)
    return contribution


@bp.get("/consultations/<slug>")
def consultation_detail(slug):
    consultation = visible_consultation(slug)
    order = request.args.get("order", "supported")
    if order not in listing.IDEA_ORDERS:
        order = "supported"
    page = request.args.get("page", 1, type=query_int)
    context = page_of_consultation(
        consultation, current_user, order, page, current_app.config["PAGE_SIZE"])
    # A form is built only for who may send it: the page draws it for nobody else.
    return render_template(
        "consultations/detail.html", consultation=consultation,
        comment_form=CommentForm() if can(current_user, "comment.create", consultation) else None,
        idea_form=IdeaForm() if can(current_user, "idea.create", consultation) else None, **context)


@bp.get("/consultations/<slug>/ideas/<int:idea_id>")
def idea_detail(slug, idea_id):
    consultation = visible_consultation(slug)
    idea = _idea_in(consultation, idea_id)
    thread = listing.load_thread(consultation, current_user, idea=idea,
                                 size=current_app.config["PAGE_SIZE"])
    state = listing.viewer_state(current_user, [idea], listing.all_comments(thread))
    return render_template("contributions/idea.html", consultation=consultation, idea=idea,
                           thread=thread, state=state, comment_form=CommentForm())


@bp.get("/consultations/<slug>/comments")
@bp.get("/consultations/<slug>/ideas/<int:idea_id>/comments")
def comments_more(slug, idea_id=None):
    consultation = visible_consultation(slug)
    idea = _idea_in(consultation, idea_id)
    thread = listing.load_thread(consultation, current_user, idea=idea, before=request.args.get("before", type=query_int),
                                 size=current_app.config["PAGE_SIZE"])
    state = listing.viewer_state(current_user, [], listing.all_comments(thread))
    return render_page_or_partial("contributions/comments_page.html", "contributions/_partials/thread_items.html",
                                  consultation=consultation, idea=idea, thread=thread, state=state)


#: How often one person may act, whatever their browser or address.
COMMENT_LIMIT = "10 per minute;200 per day"
IDEA_LIMIT = "5 per minute;50 per day"
VOTE_LIMIT = "60 per minute"
FLAG_LIMIT = "30 per hour"
#: What a person is told after voting, by the vote's value (translated when shown).
VOTE_MESSAGES = {1: _l("You agree with this idea."), -1: _l("You disagree with this idea."),
                 0: _l("Your vote is withdrawn.")}


@bp.post("/consultations/<slug>/comments")
@bp.post("/consultations/<slug>/ideas/<int:idea_id>/comments")
@login_required
@limiter.limit(COMMENT_LIMIT)
def comment_create(slug, idea_id=None):
    consultation = visible_consultation(slug)
    idea = _idea_in(consultation, idea_id)
    require("comment.create", consultation) if idea is None else require("idea.comment", idea)
    form = CommentForm()
    if not form.validate_on_submit():
        return invalid_form(consultation, idea, comment_form=form)
    comment, _created = services.add_comment(consultation, current_user, form.body.data,
                                             form.submission_key.data, idea=idea,
                                             seconds_taken=form.seconds_taken())
    db.session.commit()
    return done(_saved_message(comment), "contributions/_partials/comments.html",
                contribution_url(comment), build=lambda: comments_section(consultation, idea, focus=comment))


@bp.post("/consultations/<slug>/ideas")
@login_required
@limiter.limit(IDEA_LIMIT)
def idea_create(slug):
    consultation = visible_consultation(slug)
    require("idea.create", consultation)
    form = IdeaForm()
    if not form.validate_on_submit():
        return invalid_form(consultation, None, idea_form=form)
    idea, _created = services.add_idea(consultation, current_user, form.title.data, form.body.data,
                                       form.submission_key.data, seconds_taken=form.seconds_taken())
    db.session.commit()
    return done(_saved_message(idea), "contributions/_partials/ideas.html",
                contribution_url(idea), build=lambda: ideas_section(consultation, focus=idea))


@bp.post("/contributions/<int:contribution_id>/replies")
@login_required
@limiter.limit(COMMENT_LIMIT)
def comment_reply(contribution_id):
    parent = _contribution(Comment, contribution_id)
    consultation = parent.consultation
    require("comment.reply", parent)
    form = CommentForm()
    if not form.validate_on_submit():
        return invalid_form(consultation, parent.idea, comment_form=form, reply_to=parent)
    reply, _created = services.add_comment(consultation, current_user, form.body.data,
                                           form.submission_key.data, parent=parent,
                                           seconds_taken=form.seconds_taken())
    db.session.commit()
    return done(_saved_message(reply), "contributions/_partials/comment_thread.html",
                contribution_url(reply), build=lambda: thread_context(reply))


def _idea_to_vote_on(idea_id):
    """The idea with its consultation, in one query, else 404. On PostgreSQL its row stays
    locked until the commit: votes on one idea take their locks in the order that erasing an
    account takes them (the idea, then the votes), and are counted one after another."""
    idea = db.session.execute(_idea_to_vote_on_query(), {"idea": idea_id}).scalar()
    if idea is None:
        abort(404)
    ensure_visible(idea.consultation)
    return idea


@functools.cache
def _idea_to_vote_on_query():
    """Built once: making this query anew would cost a vote about as much as running it."""
    # Long texts stay in the database: a vote never shows them (raiseload: a test would fail first).
    return (sa.select(Idea).where(Idea.id == sa.bindparam("idea"))
            .options(defer(Idea.body, raiseload=True),
                     joinedload(Idea.consultation, innerjoin=True).options(
                         lazyload(Consultation.partners),
                         *(defer(text, raiseload=True) for text in (
                             Consultation.summary_en, Consultation.summary_fr,
                             Consultation.background_en, Consultation.background_fr))))
            .with_for_update(of=Contribution))


@bp.post("/ideas/<int:idea_id>/vote")
@login_required
@limiter.limit(VOTE_LIMIT)
def idea_vote(idea_id):
    idea = _idea_to_vote_on(idea_id)
    require("idea.vote", idea)
    value = submitted_vote(request.form)
    if value is None:
        abort(400)
    services.cast_vote(idea, current_user, value)
    message = str(VOTE_MESSAGES[value])
    back = request.form.get("next")
    # The person's vote on this idea is the one just cast: nothing to read back.
    state = listing.ViewerState(votes={idea.id: value} if value else {})
    return done(message, "contributions/_partials/votes.html",
                back if is_safe_next(back) else contribution_url(idea), commit=True,
                idea=idea, state=state, focus=True)


@bp.route("/contributions/<int:contribution_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit(FLAG_LIMIT, methods=["POST"])
def contribution_flag(contribution_id):
    contribution = _contribution(Contribution, contribution_id)
    require("contribution.flag", contribution)
    form = FlagForm()
    if not form.validate_on_submit():
        return render_page_or_partial("contributions/flag.html", "contributions/_partials/flag.html",
                                      contribution=contribution, form=form, flagged=False)
    created = services.flag_contribution(contribution, current_user, form.reason.data, form.note.data)
    db.session.commit()
    message = _("Thank you. A moderator will look at it.") if created else _("You had already flagged this.")
    return done(message, "contributions/_partials/flag.html", contribution_url(contribution),
                contribution=contribution, flagged=True, form=None)


@bp.route("/contributions/<int:contribution_id>/edit", methods=["GET", "POST"])
@login_required
def contribution_edit(contribution_id):
    contribution = _contribution(Contribution, contribution_id)
    require("contribution.edit", contribution)
    form = EditForm(obj=contribution)
    if form.validate_on_submit():
        services.edit_contribution(contribution, form.body.data, form.title.data)
        db.session.commit()
        if contribution.kind == "comment":
            return done(_saved_message(contribution), "contributions/_partials/comment_thread.html",
                        contribution_url(contribution), build=lambda: thread_context(contribution))
        return redirect(contribution_url(contribution), code=303)
    status = 422 if form.errors else 200
    return render_page_or_partial("contributions/edit.html", "contributions/_partials/edit_form.html",
                                  contribution=contribution, form=form), status


@bp.post("/contributions/<int:contribution_id>/delete")
@login_required
def contribution_delete(contribution_id):
    contribution = _contribution(Contribution, contribution_id)
    require("contribution.delete", contribution)
    if DeleteForm().validate_on_submit():
        services.delete_contribution(contribution)
        db.session.commit()
    target = (url_for("contributions.consultation_detail", slug=contribution.consultation.slug)
              if contribution.kind == "idea" else contribution_url(contribution))
    if request.htmx and contribution.kind == "idea":
        response = redirect(target, code=303)
        response.headers["HX-Redirect"] = target
        return response
    return done(_("Deleted. The thread keeps its place."), "contributions/_partials/comment_thread.html",
                target, build=lambda: thread_context(contribution))


def _saved_message(contribution):
    if contribution.status == "pending":
        return _("Thank you. It will appear once a moderator has reviewed it.")
    return _("Thank you, it is published.")
