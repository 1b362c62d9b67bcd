"""What a person is told in their account: an outcome published, a response to their idea."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, one_of, utcnow
from .consultations import Consultation
from .contributions import Idea

NOTIFICATION_KINDS = {
    "outcome_published": _l("Outcome published"),
    "idea_response": _l("Response to your idea"),
}


class Notification(TimestampMixin, db.Model):
    """One thing to tell one person. The words are drawn when shown, in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (
        one_of("kind", NOTIFICATION_KINDS, "kind"),
        Index("ix_notifications_inbox", "user_id", "read_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    #: For a response: the idea that was answered.
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    consultation: Mapped[Consultation] = relationship()
    idea: Mapped[Idea | None] = relationship()

    @property
    def is_read(self):
        return self.read_at is not None


class EmailOptOut(db.Model):
    """A person who asked for no notification emails; the account notifications still arrive."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
