"""Governments and bodies, and the roles people hold in them."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, one_of
from .vocabulary import LEVELS, ROLES


class Organization(TimestampMixin, db.Model):
    __tablename__ = "organizations"
    __table_args__ = (one_of("level", LEVELS, "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"<Organization {self.slug}>"


class Membership(TimestampMixin, db.Model):
    """A person's role in an organisation: designer, moderator, intake or admin."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id", "role"),
        one_of("role", ROLES, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped["User"] = relationship(back_populates="memberships")  # noqa: F821
    organization: Mapped[Organization] = relationship(back_populates="memberships")
