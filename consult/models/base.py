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


def insert_or_ignore(model, conflict_columns, **values):
    """INSERT … ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike.

    Returns the new row's id, or None when a row with the same `conflict_columns` exists.
    One statement, no savepoint: on SQLite a savepoint would commit the request's
    transaction early, and a duplicate is not an error here but an answer.
    """
    from sqlalchemy.dialects import postgresql, sqlite

    from ..extensions import db

    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model).values(**values)
        .on_conflict_do_nothing(index_elements=conflict_columns)
        .returning(model.id)
    )
    return db.session.execute(statement).scalar_one_or_none()
