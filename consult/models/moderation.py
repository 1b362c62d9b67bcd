"""Moderation: screening holds, decisions (the audit trail of every moderation act), appeals."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from . import vocabulary
from .base import TimestampMixin, one_of
from .users import User

#: Why screening held a contribution; each maps to a queue reason (labels: vocabulary.HOLD_RULES).
HOLD_RULES = {
    "email": "personal_information",
    "phone": "personal_information",
    "sin": "personal_information",
    "credit_card": "personal_information",
    "street_address": "personal_information",
    "health_card": "personal_information",
    "abusive_language": "abuse",
    "too_many_links": "spam",
    "repeated_text": "spam",
    "too_fast": "spam",
}

DECISION_ACTIONS = tuple(vocabulary.DECISIONS)
REASON_CODES = tuple(vocabulary.DECISION_REASONS)
#: The decisions that take a contribution out of public view.
REMOVALS = ("reject", "hide")
QUEUE_REASONS = tuple(vocabulary.QUEUE_REASONS)


class Hold(TimestampMixin, db.Model):
    """One reason automatic screening gave for holding a contribution for review."""

    __tablename__ = "holds"
    __table_args__ = (one_of("rule", HOLD_RULES, "rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(30))
    #: [[start, end], ...] character offsets of what matched, for highlighting in the queue.
    spans: Mapped[list] = mapped_column(JSON, default=list)

    @property
    def queue_reason(self):
        return HOLD_RULES[self.rule]


class ModerationDecision(TimestampMixin, db.Model):
    __tablename__ = "moderation_decisions"
    __table_args__ = (
        one_of("action", DECISION_ACTIONS, "action"),
        Index("ix_moderation_decisions_contribution", "contribution_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(30))
    #: Internal: seen by moderators and administrators, never by the author.
    note: Mapped[str] = mapped_column(Text, default="")
    #: What the moderator who answered an appeal tells the author; shown to them.
    author_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: For a suspension: until when the author may not take part.
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    moderator: Mapped[User | None] = relationship()


class Appeal(TimestampMixin, db.Model):
    """An author's one appeal against a rejection, decided by another moderator."""

    __tablename__ = "appeals"
    __table_args__ = (UniqueConstraint("contribution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The decision that answered the appeal.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_decisions.id"))
