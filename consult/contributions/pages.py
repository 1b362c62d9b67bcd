"""What the contribution partials need, shared by the routes that render them."""

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from ..participation import headcount
from . import listing
from .forms import CommentForm, IdeaForm


def contribution_url(contribution):
    """Where a contribution is read: an idea's page, or its comment's anchor in a thread."""
    slug = contribution.consultation.slug
    if contribution.kind == "idea":
        return url_for("contributions.idea_detail", slug=slug, idea_id=contribution.id)
    if contribution.idea_id:
        page = url_for("contributions.idea_detail", slug=slug, idea_id=contribution.idea_id)
    else:
        page = url_for("contributions.consultation_detail", slug=slug)
    return f"{page}#comment-{contribution.id}"


def page_of_consultation(consultation, viewer, order, page_number, page_size):
    """Everything the consultation page shows, in a fixed number of queries."""
    ideas = listing.ideas_page(consultation, viewer, order, page_number, page_size)
    thread = listing.load_thread(consultation, viewer, size=page_size)
    state = listing.viewer_state(viewer, ideas.items, listing.all_comments(thread))
    return {"ideas": ideas, "thread": thread, "state": state, "order": order, "people": headcount(consultation)}


def comments_section(consultation, idea, focus=None, comment_form=None, reply_to=None, reply_form=None):
    thread = listing.load_thread(consultation, current_user, idea=idea, size=current_app.config["PAGE_SIZE"])
    return {
        "consultation": consultation, "idea": idea, "thread": thread,
        "state": listing.viewer_state(current_user, [], listing.all_comments(thread)),
        "comment_form": comment_form or CommentForm(formdata=None),
        "focus_id": focus.id if focus else None, "reply_to": reply_to, "reply_form": reply_form,
    }


def ideas_section(consultation, focus=None, idea_form=None):
    order = "newest" if focus else request.args.get("order", "supported")
    context = page_of_consultation(consultation, current_user, order, 1, current_app.config["PAGE_SIZE"])
    context.update(consultation=consultation, idea_form=idea_form or IdeaForm(formdata=None),
                   focus_id=focus.id if focus else None)
    return context


def thread_context(comment):
    """One whole thread around `comment`, to swap in after a reply or a delete."""
    root, thread = listing.thread_of(comment, current_user)
    return {"comment": root, "thread": thread, "consultation": comment.consultation,
            "state": listing.viewer_state(current_user, [], listing.all_comments(thread)),
            "focus_id": comment.id}


def invalid_form(consultation, idea, comment_form=None, idea_form=None, reply_to=None):
    """A failed form, re-rendered with its errors and the text as typed (422)."""
    if request.htmx:
        if idea_form is not None:
            return render_template("contributions/_partials/ideas.html",
                                   **ideas_section(consultation, idea_form=idea_form)), 422
        if reply_to is not None:
            context = thread_context(reply_to)
            context.update(reply_to=reply_to, reply_form=comment_form, focus_id=None)
            return render_template("contributions/_partials/comment_thread.html", **context), 422
        return render_template("contributions/_partials/comments.html",
                               **comments_section(consultation, idea, comment_form=comment_form)), 422
    forms = {"comment_form": comment_form, "reply_to": reply_to}
    if reply_to is not None:
        forms = {"reply_to": reply_to, "reply_form": comment_form}
    if idea is not None:
        context = comments_section(consultation, idea, **forms)
        context["state"] = listing.viewer_state(current_user, [idea], listing.all_comments(context["thread"]))
        return render_template("contributions/idea.html", **context), 422
    context = page_of_consultation(consultation, current_user, "supported", 1, current_app.config["PAGE_SIZE"])
    return render_template("consultations/detail.html", consultation=consultation,
                           idea_form=idea_form or IdeaForm(formdata=None),
                           comment_form=(comment_form if reply_to is None else None) or CommentForm(formdata=None),
                           reply_to=reply_to, reply_form=comment_form if reply_to is not None else None,
                           **context), 422
