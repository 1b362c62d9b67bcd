"""The public moderation report: what moderation did in one consultation, in figures."""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..extensions import db
from ..models import Appeal, Contribution, Flag, Hold, ModerationDecision
from ..models.moderation import HOLD_RULES, REMOVALS
from ..models.vocabulary import DECISION_REASONS

#: Why a moderator rejected or hid contributions, as the report names it.
REPORT_REASONS = {**DECISION_REASONS, None: _l("No reason recorded")}

#: Why automatic screening held contributions (the values of HOLD_RULES).
HOLD_REASONS = {
    "personal_information": _l("May contain personal information"),
    "abuse": _l("May be abusive"),
    "spam": _l("May be spam"),
}

#: The statuses the report counts, in the order it lists them.
STATUSES = ("published", "pending", "rejected", "hidden")



@dataclass
class Report:
    """The figures of one consultation's moderation report."""

    by_status: dict = field(default_factory=dict)
    deleted_by_authors: int = 0
    #: {"rejected": {reason_code: count}, "hidden": {...}}
    removal_reasons: dict = field(default_factory=dict)
    held: int = 0
    held_by_reason: dict = field(default_factory=dict)
    flags: int = 0
    appeals: int = 0
    appeals_decided: int = 0
    appeals_overturned: int = 0
    decided: int = 0
    median_time_to_decision: timedelta | None = None

    @property
    def total(self):
        return sum(self.by_status.values())


def moderation_report(consultation):
    """Count what moderation did in `consultation`: five queries, whatever its size."""
    in_consultation = Contribution.consultation_id == consultation.id
    report = Report(by_status=dict.fromkeys(STATUSES, 0))
    _count_statuses(report, in_consultation)
    _count_removal_reasons(report, in_consultation)
    _count_holds(report, in_consultation)
    _count_flags_and_appeals(report, consultation)
    durations = _times_to_first_decision(in_consultation)
    report.decided = len(durations)
    report.median_time_to_decision = statistics.median(durations) if durations else None
    return report


def _count_statuses(report, in_consultation):
    rows = db.session.execute(
        sa.select(Contribution.status, sa.func.count(), sa.func.count(Contribution.deleted_at))
        .where(in_consultation).group_by(Contribution.status)
    )
    for status, count, deleted in rows:
        report.by_status[status] = count
        report.deleted_by_authors += deleted


def _count_removal_reasons(report, in_consultation):
    """Rejected and hidden contributions by the reason of the latest decision that removed them."""
    rank = sa.func.row_number().over(
        partition_by=ModerationDecision.contribution_id,
        order_by=(ModerationDecision.created_at.desc(), ModerationDecision.id.desc()),
    )
    latest = (
        sa.select(ModerationDecision.contribution_id, ModerationDecision.reason_code, rank.label("rank"))
        .join(Contribution, Contribution.id == ModerationDecision.contribution_id)
        .where(in_consultation, ModerationDecision.action.in_(REMOVALS))
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Contribution.status, latest.c.reason_code, sa.func.count())
        .join(latest, latest.c.contribution_id == Contribution.id)
        .where(latest.c.rank == 1, Contribution.status.in_(("rejected", "hidden")))
        .group_by(Contribution.status, latest.c.reason_code)
    )
    report.removal_reasons = {"rejected": {}, "hidden": {}}
    for status, reason_code, count in rows:
        report.removal_reasons[status][reason_code] = count


def _count_holds(report, in_consultation):
    """Contributions held by screening, once per reason however many rules matched."""
    reason = sa.case(HOLD_RULES, value=Hold.rule)
    rows = db.session.execute(
        sa.select(reason, sa.func.count(sa.distinct(Hold.contribution_id)))
        .join(Contribution, Contribution.id == Hold.contribution_id)
        .where(in_consultation).group_by(reason)
    )
    report.held_by_reason = dict.fromkeys(HOLD_REASONS, 0)
    report.held_by_reason.update(dict(rows.all()))


def _count_flags_and_appeals(report, consultation):
    """Held contributions, flags, appeals received, decided and overturned, in one query."""
    in_consultation = sa.select(Contribution.id).where(Contribution.consultation_id == consultation.id)
    held = sa.select(sa.func.count(sa.distinct(Hold.contribution_id))).where(
        Hold.contribution_id.in_(in_consultation))
    flags = sa.select(sa.func.count(Flag.id)).where(Flag.contribution_id.in_(in_consultation))
    appeals = sa.select(sa.func.count(Appeal.id)).where(Appeal.contribution_id.in_(in_consultation))
    decided = appeals.where(Appeal.decided_at.is_not(None))
    overturned = (
        decided.join(ModerationDecision, ModerationDecision.id == Appeal.decision_id)
        .where(ModerationDecision.action == "appeal_overturned")
    )
    row = db.session.execute(sa.select(*(q.scalar_subquery() for q in
                                         (held, flags, appeals, decided, overturned)))).one()
    (report.held, report.flags, report.appeals, report.appeals_decided,
     report.appeals_overturned) = row


def _times_to_first_decision(in_consultation):
    """For each decided contribution: the time from its submission to its first decision."""
    rows = db.session.execute(
        sa.select(Contribution.created_at, sa.func.min(ModerationDecision.created_at))
        .join(ModerationDecision, ModerationDecision.contribution_id == Contribution.id)
        .where(in_consultation).group_by(Contribution.id, Contribution.created_at)
    )
    return [decided_at - created_at for created_at, decided_at in rows]


def plain_duration(duration):
    """A duration in words, to the minute: "3 hours and 20 minutes", "less than a minute"."""
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if not hours and not minutes:
        return _("less than a minute")
    hours_text = ngettext("%(num)d hour", "%(num)d hours", hours)
    minutes_text = ngettext("%(num)d minute", "%(num)d minutes", minutes)
    if not hours:
        return minutes_text
    if not minutes:
        return hours_text
    return _("%(hours)s and %(minutes)s", hours=hours_text, minutes=minutes_text)
