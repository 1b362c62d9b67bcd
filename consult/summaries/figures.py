"""The raw material of a summary: published contributions and their votes, loaded in a few queries,
and the participation figures counted from them."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa
from scipy import sparse

from .. import participation
from ..extensions import db
from ..models import Contribution, Vote
from ..models.vocabulary import CHANNELS, CONTRIBUTION_STATUSES
from ..visibility import live_condition


@dataclass
class Contributions:
    """Every published, undeleted idea and comment of one consultation, oldest first."""

    ids: list[int]
    kinds: list[str]
    #: For a comment: the idea it discusses, else None.
    idea_ids: list[int | None]
    channels: list[str]
    days: list[date]
    titles: list[str | None]
    bodies: list[str]

    def text(self, index):
        """What the person wrote: an idea's title and body, or a comment's body."""
        title = self.titles[index]
        return f"{title}. {self.bodies[index]}" if title else self.bodies[index]

    @property
    def idea_indexes(self):
        return [i for i, kind in enumerate(self.kinds) if kind == "idea"]


@dataclass
class Votes:
    """The agree (+1) / disagree (-1) matrix of voters x published ideas, as a sparse matrix."""

    matrix: sparse.csr_matrix
    #: Column j of the matrix is the idea with id idea_ids[j].
    idea_ids: list[int]

    @property
    def count(self):
        return int(self.matrix.nnz)

    def agree(self):
        return np.asarray((self.matrix > 0).sum(axis=0)).ravel()

    def disagree(self):
        return np.asarray((self.matrix < 0).sum(axis=0)).ravel()


def _published(consultation_id):
    return (Contribution.consultation_id == consultation_id, live_condition())


def load_contributions(consultation):
    """One query: the published contributions, with the day each reached us (for input recorded
    off-line, the day it was received; otherwise the day it was posted, in UTC)."""
    rows = db.session.execute(
        sa.select(Contribution.id, Contribution.kind, Contribution.idea_id, Contribution.channel,
                  Contribution.received_on, Contribution.created_at, Contribution.title,
                  Contribution.body)
        .where(*_published(consultation.id)).order_by(Contribution.id)
    ).all()
    return Contributions(
        ids=[row.id for row in rows], kinds=[row.kind for row in rows],
        idea_ids=[row.idea_id for row in rows], channels=[row.channel for row in rows],
        days=[row.received_on or row.created_at.date() for row in rows],
        titles=[row.title for row in rows], bodies=[row.body for row in rows])


def load_votes(consultation, contributions):
    """One query: every vote on a published idea, as a voters x ideas sparse matrix."""
    idea_ids = [contributions.ids[i] for i in contributions.idea_indexes]
    rows = db.session.execute(
        sa.select(Vote.user_id, Vote.idea_id, Vote.value)
        .join(Contribution, Contribution.id == Vote.idea_id)
        .where(*_published(consultation.id), Contribution.kind == "idea")
    ).all()
    if not rows:
        return Votes(sparse.csr_matrix((0, len(idea_ids)), dtype=np.int8), idea_ids)
    users, ideas, values = (np.fromiter(column, dtype=np.int64, count=len(rows)) for column in zip(*rows, strict=True))
    _voters, user_rows = np.unique(users, return_inverse=True)
    column = np.searchsorted(np.asarray(idea_ids, dtype=np.int64), ideas)
    matrix = sparse.csr_matrix((values.astype(np.int8), (user_rows, column)),
                               shape=(len(_voters), len(idea_ids)))
    return Votes(matrix, idea_ids)


def outcome_counts(consultation):
    """Every undeleted contribution received, by moderation outcome (published, pending, ...)."""
    rows = dict(db.session.execute(
        sa.select(Contribution.status, sa.func.count())
        .where(Contribution.consultation_id == consultation.id, Contribution.deleted_at.is_(None))
        .group_by(Contribution.status)
    ).all())
    return {code: rows.get(code, 0) for code in CONTRIBUTION_STATUSES}


def daily_series(days):
    """[(iso day, count)] for every day from the first contribution to the last, zeros included."""
    if not days:
        return []
    counts = Counter(days)
    first, last = min(counts), max(counts)
    return [((first + timedelta(n)).isoformat(), counts.get(first + timedelta(n), 0))
            for n in range((last - first).days + 1)]


def participation_figures(consultation, contributions, votes):
    """Who took part and how their input reached us: the figures at the top of the summary."""
    ideas = [contributions.days[i] for i in contributions.idea_indexes]
    comments = [day for day, kind in zip(contributions.days, contributions.kinds, strict=True) if kind == "comment"]
    idea_days, comment_days = dict(daily_series(ideas)), dict(daily_series(comments))
    channels = Counter(contributions.channels)
    return {
        "participants": participation.participant_counts([consultation.id]).get(consultation.id, 0),
        "offline_participants": participation.headcount(consultation).offline,
        "ideas": len(ideas),
        "comments": len(comments),
        "votes": votes.count,
        "daily": [{"day": day, "ideas": idea_days.get(day, 0), "comments": comment_days.get(day, 0)}
                  for day, _total in daily_series(contributions.days)],
        "channels": {code: channels.get(code, 0) for code in CHANNELS},
        "outcomes": outcome_counts(consultation),
    }
