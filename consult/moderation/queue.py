"""Reading the moderation queue and the audit trail, in a fixed number of queries per page."""

from dataclasses import dataclass, field
from datetime import UTC, timedelta
from functools import cached_property

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    Appeal,
    Consultation,
    Contribution,
    Flag,
    Hold,
    ModerationDecision,
    consultation_partners,
)
from ..models.base import utcnow
from ..models.moderation import HOLD_RULES, QUEUE_REASONS
from ..pagination import cut, keyset
from ..permissions import can
from ..pseudonyms import SHORT_DIGITS, Pseudonyms
from ..web.language import localized

PAGE_SIZE = 25
ACTIONS = ("approve", "reject", "hide", "restore", "redact", "suspend")
#: An appeal is answered: publish it (overturned), publish a corrected text (redact) or keep it
#: rejected (upheld).
APPEAL_ACTIONS = ("approve", "redact", "reject")
BULK_ACTIONS = ("approve", "reject", "hide")
#: The decisions each status allows, in ACTIONS order. "hidden" has "restore" in place of
#: "approve" when it was published before it was hidden (decisions_for decides).
_BY_STATUS = {
    "pending": ("approve", "reject", "redact", "suspend"),
    "published": ("approve", "reject", "hide", "redact", "suspend"),
    "hidden": ("approve", "reject", "redact", "suspend"),
    "rejected": ("approve", "redact", "suspend"),
}
#: The recorded acts after which a contribution was published.
PUBLISHING = frozenset({"approve", "restore", "redact", "appeal_overturned"})


def decisions_for(status, appealed=False, has_author=True, was_published=False):
    """The decisions that apply to a contribution in this state, in ACTIONS order.

    The one rule for what a moderator may decide: the decision form offers these and nothing
    else, and the service refuses any other. An appeal is granted or refused. Hiding applies only
    to what the public sees; restoring only to what was published, then hidden (never published,
    a hidden one is approved); suspending needs an author with an account.
    """
    if appealed:
        return APPEAL_ACTIONS
    actions = _BY_STATUS.get(status, ())
    if status == "hidden" and was_published:
        actions = tuple("restore" if action == "approve" else action for action in actions)
    return tuple(action for action in actions if has_author or action != "suspend")


def pseudonym_code(user_id, consultation_id):
    """The first digits of the author's pseudonym (consult/pseudonyms.py): stable within one
    consultation, unlinkable across them."""
    return Pseudonyms(consultation_id).code(user_id)[:SHORT_DIGITS]


def pseudonym(user_id, consultation_id):
    """How moderators see an author, instead of a name or an email address."""
    return _("Participant %(code)s", code=pseudonym_code(user_id, consultation_id))


def highlight(text, spans):
    """`text` cut into (segment, is_match) pairs, each segment escaped; overlapping spans merge."""
    merged = []
    for start, end in sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, position = [], 0
    for start, end in merged:
        if start > position:
            segments.append((escape(text[position:start]), False))
        segments.append((escape(text[start:end]), True))
        position = end
    if position < len(text) or not segments:
        segments.append((escape(text[position:]), False))
    return segments


@dataclass
class Item:
    """One contribution under review, with everything a moderator weighs to decide on it."""

    contribution: Contribution
    appeal: Appeal | None = None
    #: The moderator whose rejection an appeal contests.
    rejecter_id: int | None = None
    flags: list = field(default_factory=list)
    #: The idea or the comment this one answers; None when it is on the consultation itself.
    context: Contribution | None = None
    earlier_rejections: int = 0
    #: The recorded acts on it so far, oldest first (ModerationDecision.action).
    history: list = field(default_factory=list)
    #: The submitted DecisionForm when it was refused; None draws the blank form.
    form: object = None

    @property
    def id(self):
        return self.contribution.id

    @property
    def permission(self):
        """The named rule, and its object, that a decision on this item must pass."""
        if self.appeal is not None:
            return "appeal.decide", (self.contribution, self.rejecter_id)
        return "contribution.moderate", self.contribution

    @property
    def was_published(self):
        """Whether the public has seen it: a publishing decision, or published when written.

        Flags hide only what is published, so a hidden item no moderator decided on was. Without a
        publishing decision, a post-moderated contribution that screening never held was published
        when written; a held or pre-moderated one was not.
        """
        c = self.contribution
        if c.status == "published" or PUBLISHING.intersection(self.history):
            return True
        if c.status == "hidden" and not self.history:
            return True
        return c.consultation.moderation_mode == "post" and not c.holds

    @property
    def actions(self):
        """The decisions that apply to it (decisions_for)."""
        c = self.contribution
        return decisions_for(c.status, appealed=self.appeal is not None, has_author=c.author_id is not None,
                             was_published=c.status == "hidden" and self.was_published)

    @property
    def queue_reasons(self):
        """Why it is in the queue, in QUEUE_REASONS order (as the queue's filter names them)."""
        c = self.contribution
        reasons = {HOLD_RULES[hold.rule] for hold in c.holds}
        if c.flag_count > 0:
            reasons.add("flagged")
        if c.status == "pending" and not c.holds:
            reasons.add("pre_moderation")
        if self.appeal is not None:
            reasons.add("appeal")
        return [reason for reason in QUEUE_REASONS if reason in reasons]

    @property
    def waiting(self):
        """How long it has been in the queue, or None."""
        since = self.contribution.review_since
        if since is None:
            return None
        return utcnow() - (since if since.tzinfo else since.replace(tzinfo=UTC))

    @cached_property
    def author_pseudonym(self):
        c = self.contribution
        return pseudonym(c.author_id, c.consultation_id) if c.author_id is not None else None

    @property
    def segments(self):
        spans = [span for hold in self.contribution.holds for span in (hold.spans or [])]
        return highlight(self.contribution.body, spans)

    @property
    def screening(self):
        return sorted({hold.rule for hold in self.contribution.holds})


def load_items(contributions):
    """Items for `contributions`, with flags, context, appeals and history in fixed queries."""
    items = [Item(c) for c in contributions]
    if not items:
        return items
    ids = [item.id for item in items]
    flags = db.session.execute(
        sa.select(Flag.contribution_id, Flag.reason, sa.func.count()).where(Flag.contribution_id.in_(ids))
        .group_by(Flag.contribution_id, Flag.reason).order_by(Flag.contribution_id, Flag.reason)).all()
    context_ids = {c.parent_id or c.idea_id for c in contributions} - {None}
    contexts = {c.id: c for c in db.session.scalars(
        sa.select(Contribution).where(Contribution.id.in_(context_ids)))}
    appeals = {a.contribution_id: a for a in db.session.scalars(
        sa.select(Appeal).where(Appeal.contribution_id.in_(ids), Appeal.decided_at.is_(None)))}
    decisions = db.session.execute(
        sa.select(ModerationDecision.contribution_id, ModerationDecision.moderator_id, ModerationDecision.action)
        .where(ModerationDecision.contribution_id.in_(ids)).order_by(ModerationDecision.id)).all()
    rejecters = {cid: moderator for cid, moderator, action in decisions if action == "reject"}
    author_ids = {c.author_id for c in contributions} - {None}
    rejections = dict(db.session.execute(
        sa.select(Contribution.author_id, sa.func.count()).where(
            Contribution.author_id.in_(author_ids), Contribution.status == "rejected")
        .group_by(Contribution.author_id)).all())
    for item in items:
        c = item.contribution
        item.flags = [(reason, count) for cid, reason, count in flags if cid == c.id]
        item.context = contexts.get(c.parent_id or c.idea_id)
        item.appeal = appeals.get(c.id)
        item.rejecter_id = rejecters.get(c.id)
        item.history = [action for cid, _moderator, action in decisions if cid == c.id]
        item.earlier_rejections = rejections.get(c.author_id, 0) - (c.status == "rejected")
    return items


def _with_details(query):
    return query.options(joinedload(Contribution.consultation), selectinload(Contribution.holds))


def load_item(contribution_id):
    """One item, as the queue shows it, or None."""
    contribution = db.session.scalar(_with_details(sa.select(Contribution)).where(
        Contribution.id == contribution_id))
    return load_items([contribution])[0] if contribution is not None else None


def load_by_id(contribution_ids):
    """Items for the given ids (those that exist), oldest id first."""
    contributions = db.session.scalars(_with_details(sa.select(Contribution)).where(
        Contribution.id.in_(contribution_ids)).order_by(Contribution.id)).unique().all()
    return load_items(contributions)


@dataclass
class Filters:
    consultation: int | None = None
    reason: str = ""
    kind: str = ""
    #: "1" or "7": in the queue for more than that many days.
    age: str = ""


def _moderated_consultations(user):
    """Ids of consultations whose lead or a partner organisation `user` moderates."""
    organization_ids = user.organizations_with_role("moderator")
    partnered = sa.select(consultation_partners.c.consultation_id).where(
        consultation_partners.c.organization_id.in_(organization_ids))
    return sa.select(Consultation.id).where(sa.or_(
        Consultation.lead_organization_id.in_(organization_ids), Consultation.id.in_(partnered)))


def consultation_choices(user):
    """(id, title) of every consultation `user` moderates, for the filter."""
    rows = db.session.execute(
        sa.select(Consultation.id, Consultation.title_en, Consultation.title_fr)
        .where(Consultation.id.in_(_moderated_consultations(user))).order_by(Consultation.id.desc())).all()
    return [(row.id, str(localized(row, "title"))) for row in rows]


def reason_condition(reason):
    """Why an item is in the queue, as a condition on the contribution row.

    Uncorrelated IN (subquery), not EXISTS: the counts evaluate every reason on every queued row,
    and PostgreSQL hashes an uncorrelated subquery once instead of probing holds for each row.
    """
    if reason == "flagged":
        return Contribution.flag_count > 0
    if reason == "pre_moderation":
        return sa.and_(Contribution.status == "pending",
                       Contribution.id.not_in(sa.select(Hold.contribution_id)))
    if reason == "appeal":
        return Contribution.id.in_(sa.select(Appeal.contribution_id).where(Appeal.decided_at.is_(None)))
    rules = [rule for rule, queue_reason in HOLD_RULES.items() if queue_reason == reason]
    return Contribution.id.in_(sa.select(Hold.contribution_id).where(Hold.rule.in_(rules)))


def _conditions(user, filters, with_reason=True):
    # The bare column, as ix_contributions_review's predicate says it: PostgreSQL does not match
    # `needs_review IS true` to the partial index.
    conditions = [Contribution.needs_review,
                  Contribution.consultation_id.in_(_moderated_consultations(user))]
    if filters.consultation:
        conditions.append(Contribution.consultation_id == filters.consultation)
    if filters.kind:
        conditions.append(Contribution.kind == filters.kind)
    if filters.age:
        conditions.append(Contribution.review_since < utcnow() - timedelta(days=int(filters.age)))
    if with_reason and filters.reason:
        conditions.append(reason_condition(filters.reason))
    return conditions


def reason_counts(user, filters):
    """Items per queue reason under the other filters, and in all, in one query.

    It reads only ix_contributions_review (partial on needs_review, covering the filtered and
    counted columns) and the holds and undecided appeals once each.
    """
    columns = [sa.func.count().label("all")] + [
        sa.func.coalesce(sa.func.sum(sa.case((reason_condition(reason), 1), else_=0)), 0).label(reason)
        for reason in QUEUE_REASONS]
    row = db.session.execute(sa.select(*columns).select_from(Contribution)
                             .where(*_conditions(user, filters, with_reason=False))).one()
    return {key: int(value) for key, value in row._asdict().items()}


@dataclass
class Page:
    items: list
    #: The keyset of the next page: the id of this page's last item.
    next_after: int | None = None
    counts: dict = field(default_factory=dict)


def queue_page(user, filters, after=None, size=PAGE_SIZE):
    """Items needing review in `user`'s consultations, oldest first by (review_since, id)."""
    query = _with_details(sa.select(Contribution)).where(*_conditions(user, filters))
    key = None
    if after:
        key = (sa.select(Contribution.review_since).where(Contribution.id == after).scalar_subquery(), after)
    rows = db.session.scalars(keyset(query, [Contribution.review_since, Contribution.id], key, size=size)
                              ).unique().all()
    rows, next_after = cut(rows, size, lambda contribution: contribution.id)
    return Page(items=load_items(rows), next_after=next_after, counts=reason_counts(user, filters))


def audited_organizations(user):
    """Ids of the organisations whose moderation trail `user` may read; None for every one."""
    if user.is_site_admin:
        return None
    return {m.organization_id for m in user.memberships if can(user, "moderation.audit", m.organization)}


@dataclass
class AuditPage:
    #: (decision, consultation id, title_en, title_fr) rows, newest first.
    rows: list
    next_before: int | None = None


def audit_page(organization_ids, before=None, size=PAGE_SIZE):
    """Moderation decisions in the organisations' consultations (all when None), newest first."""
    query = (
        sa.select(ModerationDecision, Consultation.title_en, Consultation.title_fr,
                  Contribution.kind)
        .join(Contribution, Contribution.id == ModerationDecision.contribution_id)
        .join(Consultation, Consultation.id == Contribution.consultation_id)
        .options(joinedload(ModerationDecision.moderator))
    )
    if organization_ids is not None:
        partnered = sa.select(consultation_partners.c.consultation_id).where(
            consultation_partners.c.organization_id.in_(organization_ids))
        query = query.where(sa.or_(Consultation.lead_organization_id.in_(organization_ids),
                                   Consultation.id.in_(partnered)))
    rows = db.session.execute(keyset(query, [ModerationDecision.id], (before,) if before else None,
                                     size=size, descending=True)).all()
    rows, next_before = cut(rows, size, lambda row: row[0].id)
    return AuditPage(rows=rows, next_before=next_before)
