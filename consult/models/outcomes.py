"""Closing the loop: a designer's response to each idea, and the consultation's outcome report."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .base import one_of, utcnow
from .consultations import Consultation
from .contributions import Idea
from .users import User
from .vocabulary import RESPONSE_STATUSES


class Response(db.Model):
    """The public answer to one idea: where it stands (RESPONSE_STATUSES) and why."""

    __tablename__ = "responses"
    __table_args__ = (one_of("status", RESPONSE_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One response per idea, changed in place; every change is in the audit trail.
    idea_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(24))
    #: Plain text, shown escaped, in English and French (consult.bilingual requires both).
    #: A response from before both were required holds one of them until it is next changed.
    text_en: Mapped[str] = mapped_column(Text, default="")
    text_fr: Mapped[str] = mapped_column(Text, default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    idea: Mapped[Idea] = relationship(backref=backref("response", uselist=False, lazy="select"))
    responded_by: Mapped[User | None] = relationship()


class Outcome(db.Model):
    """The consultation's outcome report, in English and French: a draft until it is published."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    #: Markdown, turned into HTML only by consult.text: what was heard, what will change,
    #: what will not and why.
    heard_en: Mapped[str] = mapped_column(Text, default="")
    heard_fr: Mapped[str] = mapped_column(Text, default="")
    changes_en: Mapped[str] = mapped_column(Text, default="")
    changes_fr: Mapped[str] = mapped_column(Text, default="")
    not_changing_en: Mapped[str] = mapped_column(Text, default="")
    not_changing_fr: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Null while a draft: only the consultation's designers may read it then.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship()

    @property
    def is_published(self):
        return self.published_at is not None
