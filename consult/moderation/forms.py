"""Forms of the moderation area: the queue's filters, one decision, a decision on many items."""

from functools import cached_property

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..inputs import ConsultForm
from ..models import vocabulary
from ..models.contributions import BODY_MAX
from ..models.moderation import QUEUE_REASONS, REASON_CODES
from ..web.rendering import QUERY_INT_MAX, query_int
from .queue import BULK_ACTIONS, Filters

ACTION_LABELS = {
    "approve": _l("Approve: publish it"),
    "reject": _l("Reject: nobody else will see it"),
    "hide": _l("Hide it from the public"),
    "restore": _l("Restore: publish it again"),
    "redact": _l("Redact: publish the corrected text below instead"),
    "suspend": _l("Suspend the author and hide it"),
}
#: Where a decision means something else for a contribution in a given status.
STATUS_ACTION_LABELS = {"published": {"approve": _l("Approve: keep it published")}}
APPEAL_ACTION_LABELS = {
    "approve": _l("Grant the appeal: publish it"),
    "redact": _l("Grant the appeal in part: publish the corrected text below"),
    "reject": _l("Refuse the appeal: the rejection stands"),
}
REASON_LABELS = {**vocabulary.DECISION_REASONS, "other": _l("Other (explain in the note)")}
KIND_LABELS = {"idea": _l("Ideas"), "comment": _l("Comments")}
AGE_LABELS = {"1": _l("Waiting more than a day"), "7": _l("Waiting more than a week")}

#: What each recorded act tells the moderator who made it.
OUTCOME_MESSAGES = {
    "approve": _l("Approved: it is published."),
    "reject": _l("Rejected: nobody but its author can see it now."),
    "hide": _l("Hidden from the public."),
    "restore": _l("Restored: it is published again."),
    "redact": _l("Redacted: the corrected text is published."),
    "suspend": _l("The author is suspended and the contribution is hidden."),
    "appeal_overturned": _l("Appeal granted: it is published."),
    "appeal_upheld": _l("Appeal refused: the rejection stands."),
}

#: The labels every moderation template reads.
LABELS = {"actions": ACTION_LABELS, "decisions": vocabulary.DECISIONS, "reasons": REASON_LABELS,
          "queue_reasons": vocabulary.QUEUE_REASONS, "holds": vocabulary.HOLD_RULES}

REASON_REQUIRED = {"reject", "hide", "suspend"}
REASON_CHOICES = [("", _l("Choose a reason"))] + [(code, REASON_LABELS[code]) for code in REASON_CODES]
NOTE_MAX = 1000
SUSPEND_DAYS = (1, 365)

#: The fields of a decision on one item, as the forms and the queue's plain markup name them.
DECISION_FIELD_LABELS = {
    "action": _l("Decision"),
    "reason_code": _l("Reason"),
    "note": _l("Internal note for the audit trail"),
    "author_note": _l("Answer to the author"),
    "redacted_text": _l("Corrected text (for a redaction)"),
    "suspend_days": _l("Days of suspension (for a suspension)"),
}
DECISION_HINTS = {
    "reason_code": _l("Needed to reject, hide or suspend. The author is told this reason, in their "
                      "language."),
    "note": _l("Seen by moderators and administrators only, never by the author; needed when the "
               "reason is “Other”. Do not copy personal information here."),
    "author_note": _l("The author reads this on their account page, with the outcome of their appeal."),
    "redacted_text": _l("Published in place of the text above, which is not kept anywhere."),
    "suspend_days": _l("From 1 to 365 days. The contribution is hidden too."),
}


class QueueFilterForm(ConsultForm):
    """The queue's filters: a GET form, so no CSRF token; unknown values are ignored."""

    class Meta:
        csrf = False

    consultation = SelectField(_l("Consultation"), choices=[], validate_choice=False)
    reason = RadioField(_l("Why it is in the queue"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind"), choices=[("", _l("Ideas and comments"))] + list(KIND_LABELS.items()),
                       validate_choice=False)
    age = SelectField(_l("Waiting"), choices=[("", _l("Any time"))] + list(AGE_LABELS.items()),
                      validate_choice=False)

    def filters(self, consultations):
        """The chosen filters; `consultations` are the (id, title) the moderator may pick from."""
        self.consultation.choices = [("", _("All your consultations"))] + [
            (str(cid), title) for cid, title in consultations]

        def chosen(field, allowed):
            return field.data if field.data in allowed else ""

        consultation = chosen(self.consultation, {str(cid) for cid, _title in consultations})
        return Filters(consultation=int(consultation) if consultation else None,
                       reason=chosen(self.reason, QUEUE_REASONS), kind=chosen(self.kind, KIND_LABELS),
                       age=chosen(self.age, AGE_LABELS))

    def show_counts(self, counts):
        """Label each reason with how many items the other filters leave for it."""
        self.reason.choices = [("", _("Any reason (%(count)d)", count=counts["all"]))] + [
            (reason, _("%(reason)s (%(count)d)", reason=vocabulary.QUEUE_REASONS[reason], count=counts[reason]))
            for reason in QUEUE_REASONS]
        self.reason.data = self.reason.data if self.reason.data in QUEUE_REASONS else ""


class _ReasonedForm(ConsultForm):
    reason_code = SelectField(DECISION_FIELD_LABELS["reason_code"], choices=REASON_CHOICES, default="")
    note = TextAreaField(DECISION_FIELD_LABELS["note"], validators=[
        Length(max=NOTE_MAX, message=_l("Keep the note under %(max)d characters.", max=NOTE_MAX))])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.action.data in REASON_REQUIRED and not self.reason_code.data:
            self.reason_code.errors.append(_("Choose a reason for this decision."))
            valid = False
        if self.reason_code.data == "other" and not (self.note.data or "").strip():
            self.note.errors.append(_("Explain the reason in the note."))
            valid = False
        return valid


class DecisionForm(_ReasonedForm):
    """One moderator's decision on one item, naming the version of the item they saw."""

    action = RadioField(DECISION_FIELD_LABELS["action"], validate_choice=False,
                        validators=[DataRequired(_l("Choose a decision."))])
    version = IntegerField(widget=HiddenInput(), validators=[
        InputRequired(_l("The form is out of date. Reload the page.")),
        NumberRange(0, QUERY_INT_MAX, _l("The form is out of date. Reload the page."))])
    redacted_text = TextAreaField(DECISION_FIELD_LABELS["redacted_text"], validators=[
        Length(max=BODY_MAX, message=_l("Keep it under %(max)d characters.", max=BODY_MAX))])
    author_note = TextAreaField(DECISION_FIELD_LABELS["author_note"], validators=[
        Length(max=NOTE_MAX, message=_l("Keep the answer under %(max)d characters.", max=NOTE_MAX))])
    suspend_days = IntegerField(DECISION_FIELD_LABELS["suspend_days"], validators=[
        Optional(), NumberRange(*SUSPEND_DAYS, _l("Suspend for 1 to 365 days."))])

    @classmethod
    def for_item(cls, item):
        """The submitted form for `item`, offering only the decisions it allows.

        The queue draws its blank forms as plain markup (moderation/_partials/item.html) from
        DecisionTexts; this form validates what comes back and, refused, shows it again.
        """
        form = cls()
        labels = APPEAL_ACTION_LABELS if item.appeal else {
            **ACTION_LABELS, **STATUS_ACTION_LABELS.get(item.contribution.status, {})}
        form.action.choices = [(action, labels[action]) for action in item.actions]
        return form

    def shown(self):
        """What each field shows again after a refusal: what was typed, even if not a number."""
        return {"action": self.action.data, "reason_code": self.reason_code.data or "",
                **{name: self[name]._value()
                   for name in ("note", "author_note", "redacted_text", "suspend_days")}}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.action.data and self.action.data not in dict(self.action.choices):
            self.action.errors.append(_("This decision is not available for this item."))
            valid = False
        if self.action.data == "redact" and not (self.redacted_text.data or "").strip():
            self.redacted_text.errors.append(_("Write the text to publish instead."))
            valid = False
        if self.action.data == "suspend" and self.suspend_days.data is None and not self.suspend_days.errors:
            self.suspend_days.errors.append(_("Say for how many days."))
            valid = False
        return valid

    def details(self):
        """What the service needs beyond the action and the version."""
        action = self.action.data
        return {"reason_code": self.reason_code.data or None, "note": self.note.data or "",
                "author_note": self.author_note.data or "",
                "redacted_text": self.redacted_text.data if action == "redact" else None,
                "suspend_days": self.suspend_days.data if action == "suspend" else None}


class DecisionTexts:
    """The words every item's decision form repeats, translated once for a page, not per item.

    A new one per rendered template (the moderation context processor), so each is read in the
    request's language; each part is translated on first use only.
    """

    max_length = {"note": NOTE_MAX, "author_note": NOTE_MAX, "redacted_text": BODY_MAX}
    suspend_days = SUSPEND_DAYS

    @cached_property
    def csrf_token(self):
        """The session's one token, which every form on the page posts (and CSRFProtect checks)."""
        return generate_csrf()

    @cached_property
    def labels(self):
        return {name: str(label) for name, label in DECISION_FIELD_LABELS.items()}

    @cached_property
    def hints(self):
        return {name: str(hint) for name, hint in DECISION_HINTS.items()}

    @cached_property
    def actions(self):
        return {action: str(label) for action, label in ACTION_LABELS.items()}

    def actions_for(self, status):
        """The decisions' labels for a contribution in `status`."""
        if status not in self._status_actions:
            self._status_actions[status] = {
                **self.actions, **{action: str(label) for action, label in STATUS_ACTION_LABELS.get(status, {}).items()}}
        return self._status_actions[status]

    @cached_property
    def _status_actions(self):
        return {}

    @cached_property
    def appeal_actions(self):
        return {action: str(label) for action, label in APPEAL_ACTION_LABELS.items()}

    @cached_property
    def reasons(self):
        return [(code, str(label)) for code, label in REASON_CHOICES]

    @cached_property
    def words(self):
        """Plain words of the item; those with %(id)d are filled in with the item's number."""
        return {"select": _("Select for a decision on several items"), "record": _("Record the decision"),
                "on_item": _("on item number %(id)d"), "decide": _("Read it in full and decide"),
                "read": _("Read it in full")}


class BulkDecisionForm(_ReasonedForm):
    """One decision for every selected item; each item's version travels as `version-<id>`."""

    action = SelectField(_l("Decision for the selected items"),
                         choices=[(a, ACTION_LABELS[a]) for a in BULK_ACTIONS])
    ids = SelectMultipleField(_l("Items"), coerce=int, validate_choice=False, validators=[
        DataRequired(_l("Select at least one item."))])

    def selections(self, formdata):
        """{item id: version seen}; an item without a readable version is left out."""
        chosen = {}
        for item_id in self.ids.data or []:
            version = formdata.get(f"version-{item_id}", type=query_int)
            if version is not None and 0 <= item_id <= QUERY_INT_MAX:
                chosen[item_id] = version
        return chosen

