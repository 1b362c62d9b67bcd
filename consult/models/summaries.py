"""The designers' summary of a consultation, computed once per state of its data and shared."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from .base import utcnow


class SummaryCache(db.Model):
    """The last computed summary of one consultation, kept while its fingerprint still matches.

    Every app worker reads and writes it through the database, so the costly computation runs
    once per change of the data, not once per worker or per request.
    """

    __tablename__ = "summary_cache"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    #: A digest of the counts, highest ids, latest edits and vote counters the summary was built from.
    fingerprint: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Figures, rankings, themes, opinion groups and the charts in each language, as JSON.
    payload: Mapped[dict] = mapped_column(JSON)
    #: {contribution id: theme number}; large, so only loaded by the exports that ask for it.
    theme_members: Mapped[dict] = deferred(mapped_column(JSON, default=dict))
    #: Set while one worker computes a newer summary in the background (see summaries/cache.py).
    refreshing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
