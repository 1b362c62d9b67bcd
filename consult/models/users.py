"""People who sign in: citizens and staff alike."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, utcnow

#: An erased account's address ends so; ".invalid" can never receive mail (RFC 2606).
ERASED_EMAIL_DOMAIN = "@invalid"


def new_session_token():
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so that one address is one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: What the session cookie names instead of the id; replacing it signs out every session.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    #: Bootstrap only: may manage every organisation.
    is_site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(5))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When the person proved they read mail at `email`: empty until the link that registration
    #: mails is followed. Accounts made by the CLI, the demo or the loaders set it when made.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Self-declared, optional, with consent: segment codes (PARTICIPANT_SEGMENTS), used only in
    #: aggregates where groups under 5 people are suppressed.
    segments: Mapped[list] = mapped_column(JSON, default=list)
    #: Province or territory code (REGIONS), optional.
    region: Mapped[str | None] = mapped_column(String(8))
    #: Set by a moderator's suspension: until then the person may read but not take part.
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_suspended(self):
        until = self.suspended_until
        if until is not None and until.tzinfo is None:
            from datetime import UTC

            until = until.replace(tzinfo=UTC)
        return until is not None and until > utcnow()

    @property
    def is_erased(self):
        """The person deleted their account: what they wrote stays, who they were does not."""
        return self.email.endswith(ERASED_EMAIL_DOMAIN)

    def get_id(self):
        return self.session_token

    def revoke_sessions(self):
        """End every session and remember-me cookie of this account."""
        self.session_token = new_session_token()

    def roles_in(self, organization_ids):
        """The roles this person holds in any of the given organisations."""
        wanted = set(organization_ids)
        return {m.role for m in self.memberships if m.organization_id in wanted}

    def organizations_with_role(self, role):
        return {m.organization_id for m in self.memberships if m.role == role}

    @property
    def is_staff(self):
        return self.is_site_admin or bool(self.memberships)

    def __repr__(self):
        return f"<User {self.id}>"
