"""The audit trail: who did what to what, and when."""

from sqlalchemy import JSON, ForeignKey, Index, Integer, PrimaryKeyConstraint, String
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
    organization_links: Mapped[list["AuditEventOrganization"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class AuditEventOrganization(db.Model):
    """An organisation an audited event concerns: its activity log lists the event."""

    __tablename__ = "audit_event_organizations"
    #: The key leads with the organisation, so a log's page is one index range, newest first.
    __table_args__ = (PrimaryKeyConstraint("organization_id", "event_id"),)

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("audit_events.id", ondelete="CASCADE"), index=True
    )
