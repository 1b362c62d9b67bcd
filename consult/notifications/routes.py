"""The person's notifications: the list, marking one or all as read, and the email choice."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Notification
from ..permissions import require
from ..web.rendering import done, query_int
from . import services
from .forms import EmailChoiceForm, MarkReadForm

bp = Blueprint("notifications", __name__, url_prefix="/account/notifications")


@bp.app_template_global()
def unread_notifications():
    """The signed-in person's unread count for the page header (0 for a visitor)."""
    if not current_user.is_authenticated:
        return 0
    return services.unread_count(current_user)


def _inbox_context():
    user = current_user._get_current_object()
    return {"page": services.inbox(user, request.args.get("page", 1, type=query_int)),
            "email_form": EmailChoiceForm(data={"wanted": services.wants_email(user)})}


@bp.get("/")
@login_required
def notification_list():
    return render_template("notifications/list.html", **_inbox_context())


@bp.post("/<int:notification_id>/read")
@login_required
def notification_read(notification_id):
    notification = db.get_or_404(Notification, notification_id)
    require("notification.read", notification)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    services.mark_read(notification)
    db.session.commit()
    return done(_("Marked as read."), "notifications/_partials/item.html",
                url_for(".notification_list"), notification=notification)


@bp.post("/read")
@login_required
def notification_read_all():
    if not MarkReadForm().validate_on_submit():
        abort(400)
    services.mark_all_read(current_user._get_current_object())
    db.session.commit()
    return done(_("Every notification is marked as read."), "notifications/_partials/inbox.html",
                url_for(".notification_list"), **_inbox_context())


@bp.post("/email")
@login_required
def email_choice():
    form = EmailChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_email_wanted(current_user._get_current_object(), form.wanted.data)
    db.session.commit()
    flash(_("You will get notification emails.") if form.wanted.data
          else _("You will no longer get notification emails."), "success")
    return redirect(url_for(".notification_list"), code=303)
