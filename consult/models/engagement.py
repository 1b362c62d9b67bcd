"""Votes on ideas and flags on contributions: one per person, held by the database."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import TimestampMixin, one_of
from .vocabulary import FLAG_REASONS


class Vote(TimestampMixin, db.Model):
    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        CheckConstraint("value IN (-1, 1)", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: +1 agree, -1 disagree.
    value: Mapped[int]


class Participant(db.Model):
    """Why one person counts as taking part in one consultation: `reasons` is how many published
    contributions they wrote plus how many votes they cast there. They count while it is above 0,
    so the cards count these rows instead of going through every vote."""

    __tablename__ = "participations"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reasons: Mapped[int] = mapped_column(default=0)


class Flag(TimestampMixin, db.Model):
    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("contribution_id", "user_id"),
        one_of("reason", FLAG_REASONS, "reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
