"""Routes of the moderation area: the queue, decisions on one item or many, the audit trail.

A decision is a plain form first (POST, then 303 back to the queue with a message) and, with
htmx, answers with the item's partial showing the outcome.
"""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..permissions import can, require
from ..web.rendering import done, query_int, render_page_or_partial
from . import queue, services
from .changes import edit_change
from .forms import (
    LABELS,
    OUTCOME_MESSAGES,
    BulkDecisionForm,
    DecisionForm,
    DecisionTexts,
    QueueFilterForm,
)

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

ITEM = "moderation/_partials/item.html"
QUEUE_ARGS = ("consultation", "reason", "kind", "age", "after")


def queue_args():
    """The queue's filters and place in the current query string; decision forms carry them."""
    return {key: request.args[key] for key in QUEUE_ARGS if request.args.get(key)}


@bp.context_processor
def _template_helpers():
    return {"moderation_labels": LABELS, "queue_args": queue_args, "decision_texts": DecisionTexts(),
            "edit_change": edit_change, "appealed": {}}


def _item_or_404(contribution_id):
    item = queue.load_item(contribution_id)
    if item is None:
        abort(404)
    return item


def _back_to_queue():
    """The queue with the filters it was showing (decision forms post with its query string)."""
    return url_for("moderation.queue", **queue_args())


def _queue_page(bulk_form, status=200):
    filter_form = QueueFilterForm(request.args)
    filters = filter_form.filters(queue.consultation_choices(current_user))
    page = queue.queue_page(current_user, filters, after=request.args.get("after", type=query_int))
    filter_form.show_counts(page.counts)
    return render_template("moderation/queue.html", page=page, filter_form=filter_form,
                           bulk_form=bulk_form, filtered=filters != queue.Filters(),
                           appealed=services.appealed_decisions(page.items)), status


@bp.get("/", endpoint="queue")
@login_required
def queue_view():
    require("moderation.access")
    return _queue_page(BulkDecisionForm(formdata=None))


@bp.post("/items/<int:contribution_id>/decide")
@login_required
def item_decide(contribution_id):
    item = _item_or_404(contribution_id)
    require(*item.permission)
    item.form = DecisionForm.for_item(item)
    if not item.form.validate_on_submit():
        return render_page_or_partial("moderation/item.html", ITEM, item=item,
                                      appealed=services.appealed_decisions([item])), 422
    try:
        decision = services.decide(item, current_user, item.form.action.data, item.form.version.data,
                                   **item.form.details())
    except services.AlreadyDecided:
        db.session.rollback()
        return _decided_meanwhile(contribution_id)
    db.session.commit()
    return done(str(OUTCOME_MESSAGES[decision.action]), ITEM, _back_to_queue(),
                item=_item_or_404(contribution_id), focus=True)


def _decided_meanwhile(contribution_id):
    message = _("This item changed since you opened it: another moderator decided it, or its author "
                "edited it. Here is where it stands now.")
    if not request.htmx:
        flash(message, "warning")
        return redirect(_back_to_queue(), code=303)
    item = _item_or_404(contribution_id)
    html = render_template(ITEM, item=item, live_message=message, notice=message,
                           appealed=services.appealed_decisions([item]))
    response = make_response(html, 409)
    response.vary.add("HX-Request")
    return response


@bp.post("/bulk")
@login_required
def bulk_decide():
    require("moderation.access")
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        return _queue_page(form, status=422)
    chosen = form.selections(request.form)
    permitted = [(item, chosen[item.id]) for item in queue.load_by_id(list(chosen))
                 if can(current_user, *item.permission)]
    decided, _stale = services.decide_many(permitted, current_user, form.action.data,
                                           form.reason_code.data or None, form.note.data or "")
    db.session.commit()
    # Skipped: decided meanwhile, not this moderator's to decide, or no longer there.
    flash(_("%(decided)d decided, %(skipped)d skipped.", decided=decided,
            skipped=len(set(form.ids.data)) - decided), "success")
    return redirect(_back_to_queue(), code=303)


@bp.get("/audit")
@login_required
def audit_log():
    organization_ids = queue.audited_organizations(current_user)
    if organization_ids is not None and not organization_ids:
        abort(403)
    page = queue.audit_page(organization_ids, before=request.args.get("before", type=query_int))
    return render_template("moderation/audit.html", page=page)
