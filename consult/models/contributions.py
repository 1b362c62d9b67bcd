"""What people submit: ideas and comments, one table and one moderation path."""

import re
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, one_of
from .consultations import Consultation
from .users import User
from .vocabulary import CHANNELS, CONTRIBUTION_STATUSES

#: The longest body a comment, an idea or a redaction may have, in characters.
BODY_MAX = 5000
#: How deep replies nest: a comment, a reply, a reply to that reply.
MAX_DEPTH = 2
#: The top-level comments of a consultation itself, not under one of its ideas.
GENERAL_COMMENTS = "kind = 'comment' AND idea_id IS NULL AND depth = 0"
#: Input that reached government off-line, recorded by intake staff for someone without an account.
OFFLINE = "channel <> 'web'"


class Contribution(TimestampMixin, db.Model):
    __tablename__ = "contributions"
    __table_args__ = (
        one_of("kind", ("idea", "comment"), "kind"),
        one_of("channel", CHANNELS, "channel"),
        one_of("status", CONTRIBUTION_STATUSES, "status"),
        Index("ix_contributions_listing", "consultation_id", "kind", "status", "created_at"),
        Index("ix_contributions_thread", "root_id", "created_at"),
        Index("ix_contributions_queue", "needs_review", "review_since", "id"),
        # The moderation queue alone (partial), oldest first, with what its filters and per-reason
        # counts read: PostgreSQL counts the queue from the index without visiting the table.
        Index("ix_contributions_review", "review_since", "id", sqlite_where=text("needs_review"),
              postgresql_where=text("needs_review"),
              postgresql_include=["consultation_id", "kind", "status", "flag_count"]),
        # Each queued author's earlier rejections, counted for the moderator from this index alone.
        Index("ix_contributions_rejected_authors", "author_id", sqlite_where=text("status = 'rejected'"),
              postgresql_where=text("status = 'rejected'")),
        # Top-level comments of a consultation or an idea, newest first (keyset on id).
        Index("ix_contributions_comments", "consultation_id", "kind", "idea_id", "depth", "id"),
        # The consultation's own discussion (not under an idea), newest first. The index above
        # serves it too, but PostgreSQL's planner, taking one consultation's comments to be spread
        # evenly through the table, would rather walk the primary key backwards through every
        # newer consultation's rows; this smaller index is the cheaper walk in its sums too.
        Index("ix_contributions_general_comments", "consultation_id", "id",
              sqlite_where=text(GENERAL_COMMENTS), postgresql_where=text(GENERAL_COMMENTS)),
        # What one intake staff member recorded, newest first.
        Index("ix_contributions_recorded", "recorded_by_id", "created_at", "id"),
        # One author's contributions, newest first: their account page and screening.
        Index("ix_contributions_author_recent", "author_id", "created_at", "id"),
        # Input that arrived off-line, per consultation: the off-line participants are counted from it.
        Index("ix_contributions_offline", "consultation_id", "status", sqlite_where=text(OFFLINE),
              postgresql_where=text(OFFLINE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE")
    )
    #: Null for input recorded anonymously by intake staff, and after an account is erased.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The intake staff member who typed it in, for input that arrived off-line.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(12), default="web")
    status: Mapped[str] = mapped_column(String(10), default="published")
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: For a comment: the idea it discusses (null when on the consultation itself).
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    #: For a reply: the comment it answers; root_id is the top of its thread.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    root_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(Integer, default=0)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The title and text as they stood at the last moderation decision (or as first submitted),
    #: kept while an edit of the author waits in the queue, so the moderator sees what changed;
    #: emptied by the decision, the author's delete, and an edit that needs no review.
    before_edit_title: Mapped[str | None] = mapped_column(String(200))
    before_edit_body: Mapped[str | None] = mapped_column(Text)
    #: For input that arrived off-line: the day it reached the government.
    received_on: Mapped[date | None] = mapped_column(Date)
    #: For input that arrived off-line: how many people it speaks for (a workshop's attendance);
    #: none means one person.
    people_count: Mapped[int | None] = mapped_column(Integer)
    #: A random key the form carries, so a double submit stores one row.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    agree_count: Mapped[int] = mapped_column(Integer, default=0)
    disagree_count: Mapped[int] = mapped_column(Integer, default=0)
    #: Published, undeleted comments on an idea, or replies under a comment thread root.
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    #: In the moderation queue: awaiting review, held by screening, flagged, or appealed.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When it last entered the queue; the queue is oldest first.
    review_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Raised by every moderation decision; a decision names the version it saw, so two
    #: moderators cannot both decide the same state of an item.
    moderation_version: Mapped[int] = mapped_column(Integer, default=0)

    consultation: Mapped[Consultation] = relationship()
    holds: Mapped[list["Hold"]] = relationship(cascade="all, delete-orphan")  # noqa: F821
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    __mapper_args__ = {"polymorphic_on": kind}

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def support(self):
        return self.agree_count - self.disagree_count


class Idea(Contribution):
    __mapper_args__ = {"polymorphic_identity": "idea"}


class Comment(Contribution):
    __mapper_args__ = {"polymorphic_identity": "comment"}

    idea: Mapped[Idea | None] = relationship(foreign_keys=[Contribution.idea_id], remote_side=[Contribution.id])


#: An email address inside free text ("jo@example.ca, evenings"), as intake staff type it.
EMAIL_IN_TEXT = re.compile(r"[^\s@<>(),;:\"']+@[^\s@<>(),;:\"']+\.[A-Za-z]{2,}")
#: How a person who left their contact details was told of the outcome.
TOLD_HOW = ("email", "staff")


class IntakeContact(db.Model):
    """How to reach someone whose input intake staff recorded, only when they agreed to it.

    Kept apart from the contribution so that no export or public page can carry it by accident.
    """

    __tablename__ = "intake_contacts"
    __table_args__ = (one_of("told_how", TOLD_HOW, "told_how"),)

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    #: A phone number, an email or a postal address, as the person gave it.
    contact: Mapped[str] = mapped_column(String(300))
    #: When the person was told of the consultation's outcome, and how (TOLD_HOW).
    told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    told_how: Mapped[str | None] = mapped_column(String(10))
    #: The staff member who called or wrote to them (none when the outcome mail told them).
    told_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contribution: Mapped[Contribution] = relationship()

    @property
    def email(self):
        """The email address in what the person gave, if any: the outcome is mailed to it."""
        found = EMAIL_IN_TEXT.search(self.contact or "")
        return found.group(0) if found else None
