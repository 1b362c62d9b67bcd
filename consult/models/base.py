"""Column helpers shared by every model."""

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow():
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def one_of(column, values, name):
    """A CHECK constraint that keeps `column` inside a fixed vocabulary."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)

