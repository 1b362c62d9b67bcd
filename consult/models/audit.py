"""The audit trail: who did what to what, and when."""

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin
from .users import User


class AuditEvent(TimestampMixin, db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        # One person's trail (their data export) and one record's history.
        Index("ix_audit_events_actor", "actor_id", "id"),
        Index("ix_audit_events_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: A dotted verb: "user.sign_in", "membership.create", "consultation.status".
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
