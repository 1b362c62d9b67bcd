"""Consultations: one service, one lead organisation, its partners, and its rules."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, one_of, utcnow
from .organizations import Organization
from .services import Service
from .vocabulary import MODERATION_MODES, STATUSES

consultation_partners = Table(
    "consultation_partners",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

#: Which status may follow which; a consultation moves forward only.
#: Moves a designer makes by hand; "reported" comes only from publishing the outcome report.
TRANSITIONS = {"draft": ("open",), "open": ("closed",), "closed": ("open",), "reported": ()}


class Consultation(TimestampMixin, db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        one_of("status", STATUSES, "status"),
        one_of("moderation_mode", MODERATION_MODES, "moderation_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    lead_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_fr: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_fr: Mapped[str] = mapped_column(Text, default="")
    #: Markdown, turned into HTML only by consult.text.
    background_en: Mapped[str] = mapped_column(Text, default="")
    background_fr: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    moderation_mode: Mapped[str] = mapped_column(String(4), default="post")
    #: In post-moderation, a contribution flagged by this many people is hidden until reviewed.
    flag_threshold: Mapped[int] = mapped_column(Integer, default=3)
    accepts_ideas: Mapped[bool] = mapped_column(Boolean, default=True)
    accepts_comments: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Published, undeleted ideas and comments; kept exact in the transaction that changes them.
    idea_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship(back_populates="consultations")
    lead_organization: Mapped[Organization] = relationship()
    partners: Mapped[list[Organization]] = relationship(
        secondary=consultation_partners, lazy="selectin", order_by=Organization.name_en
    )

    @property
    def organization_ids(self):
        """The lead and every partner: whose staff may act on this consultation."""
        return {self.lead_organization_id, *(p.id for p in self.partners)}

    @property
    def is_public(self):
        return self.status != "draft"

    @property
    def phase(self):
        """Where it stands today, its status read with its dates (PHASES): the one truth that the
        badge, the list filter, allows() and intake all use. An open consultation before its
        opening date is "upcoming"; after its closing date, "closed"."""
        if self.status != "open":
            return self.status
        today = utcnow().date()
        if self.opens_on and today < self.opens_on:
            return "upcoming"
        if self.closes_on and today > self.closes_on:
            return "closed"
        return "open"

    @classmethod
    def in_phase(cls, phase, today=None):
        """The SQL condition for `phase`, the same rule as the `phase` property."""
        today = today or utcnow().date()
        upcoming = sa.and_(cls.status == "open", cls.opens_on.is_not(None), cls.opens_on > today)
        ended = sa.and_(cls.status == "open", cls.closes_on.is_not(None), cls.closes_on < today,
                        sa.or_(cls.opens_on.is_(None), cls.opens_on <= today))
        if phase == "upcoming":
            return upcoming
        if phase == "closed":
            return sa.or_(cls.status == "closed", ended)
        if phase == "open":
            return sa.and_(cls.status == "open", ~upcoming, ~ended)
        return cls.status == phase

    @hybrid_property
    def is_open(self):
        """Open for contributions today: status open and within its dates."""
        return self.phase == "open"

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return cls.in_phase("open")

    def allows(self, action):
        """Whether the consultation, by its status and settings, accepts `action` now."""
        if action == "idea":
            return self.is_open and self.accepts_ideas
        if action == "comment":
            return self.is_open and self.accepts_comments
        if action in {"vote", "flag", "edit"}:
            return self.is_open
        raise ValueError(f"unknown action {action!r}")

    def can_move_to(self, status):
        return status in TRANSITIONS[self.status]

    def __repr__(self):
        return f"<Consultation {self.slug}>"
