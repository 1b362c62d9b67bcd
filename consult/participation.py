"""Who took part in a consultation, by self-declared segment and region, in suppressed totals."""

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from .extensions import db
from .models import Contribution, Participant, User, Vote
from .models.dialects import on_postgresql, upsert
from .models.vocabulary import CHANNELS, PARTICIPANT_SEGMENTS, REGIONS
from .visibility import live_condition

#: A group smaller than this is never shown: its count is None, "fewer than 5".
MINIMUM_GROUP = 5


def suppressed(count):
    """The count, or None when it describes fewer than MINIMUM_GROUP people."""
    return count if count >= MINIMUM_GROUP else None


def shown(count):
    """A suppressed count in words: the number, or "fewer than 5"."""
    return str(count) if count is not None else _("fewer than %(minimum)d", minimum=MINIMUM_GROUP)


class GroupCount(NamedTuple):
    """How many participants said they belong to one segment or region (None: fewer than 5)."""

    code: str
    label: str
    count: int | None

    @property
    def shown(self):
        return shown(self.count)


@dataclass
class Participation:
    """The people who took part in one consultation, counted by segment and region."""

    #: Distinct people who contributed (published) or voted.
    people: int
    segments: list[GroupCount]
    regions: list[GroupCount]
    #: People who chose no segment, and who did not say where they live (suppressed like a group).
    segments_not_said: int | None
    region_not_said: int | None


def _reasons_to_count(in_scope):
    """The rows that make someone a participant of a consultation in `in_scope` (a filter on a
    consultation id column): each published, undeleted contribution they wrote, each vote."""
    contributed = sa.select(Contribution.consultation_id.label("consultation_id"),
                            Contribution.author_id.label("person")).where(
        in_scope(Contribution.consultation_id), live_condition(), Contribution.author_id.is_not(None))
    voted = (sa.select(Contribution.consultation_id, Vote.user_id)
             .join(Contribution, Contribution.id == Vote.idea_id)
             .where(in_scope(Contribution.consultation_id)))
    return contributed, voted


def participants(consultation_ids):
    """(consultation_id, person) for everyone who took part in those consultations: the author of
    a published, undeleted contribution, or someone who voted. The one definition of taking part."""
    return sa.union(*_reasons_to_count(lambda column: column.in_(consultation_ids))).subquery()


def participant_counts(consultation_ids):
    """Distinct participants per consultation, in one grouped query."""
    if not consultation_ids:
        return {}
    people = participants(consultation_ids)
    return dict(db.session.execute(
        sa.select(people.c.consultation_id, sa.func.count()).group_by(people.c.consultation_id)
    ).all())


def _segment_elements():
    """Each code of users.segments as a row, in the database's own JSON function."""
    if on_postgresql():
        return sa.func.json_array_elements_text(User.segments).table_valued("value")
    return sa.func.json_each(User.segments).table_valued("value")


def participation_by_segment_and_region(consultation):
    """Segments and regions among the consultation's participants, every group under 5 hidden.

    Two grouped queries, however many people took part.
    """
    people = sa.select(participants([consultation.id]).c.person)
    by_region = db.session.execute(
        sa.select(User.region, sa.func.count(),
                  sa.func.sum(sa.case((sa.func.coalesce(sa.func.json_array_length(User.segments), 0) > 0, 0),
                                      else_=1)))
        .where(User.id.in_(people)).group_by(User.region)
    ).all()
    elements = _segment_elements()
    by_segment = dict(db.session.execute(
        sa.select(elements.c.value, sa.func.count(sa.distinct(User.id)))
        .select_from(User).join(elements, sa.true())
        .where(User.id.in_(people)).group_by(elements.c.value)
    ).all())
    regions = {region: count for region, count, _no_segment in by_region}
    return Participation(
        people=sum(count for _region, count, _no_segment in by_region),
        segments=[GroupCount(code, label, suppressed(by_segment.get(code, 0)))
                  for code, label in PARTICIPANT_SEGMENTS.items()],
        regions=[GroupCount(code, label, suppressed(regions.get(code, 0)))
                 for code, label in REGIONS.items()],
        segments_not_said=suppressed(sum(no_segment or 0 for _region, _count, no_segment in by_region)),
        region_not_said=suppressed(sum(count for region, count, _no_segment in by_region if region not in REGIONS)),
    )


class Headcount(NamedTuple):
    """How many people took part in a consultation: online (distinct accounts) and off-line."""

    online: int = 0
    #: People whose input intake staff recorded: one per entry, or a workshop's attendance.
    offline: int = 0

    @property
    def total(self):
        return self.online + self.offline


#: What one off-line entry counts for: one person, or the people at the workshop.
_PEOPLE = sa.func.coalesce(Contribution.people_count, 1)


def _offline_input(*conditions):
    """Published, undeleted input that intake staff recorded for someone without an account."""
    return (Contribution.channel != "web", Contribution.author_id.is_(None), live_condition(), *conditions)


def offline_participant_counts(consultation_ids):
    """People who took part off-line per consultation, in one grouped query over off-line input."""
    if not consultation_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Contribution.consultation_id, sa.func.sum(_PEOPLE))
        .where(*_offline_input(Contribution.consultation_id.in_(consultation_ids)))
        .group_by(Contribution.consultation_id)).all())


def headcounts(consultation_ids):
    """{consultation id: Headcount} for every id given: online from the kept reasons, off-line from
    the recorded input. Two queries, whatever the number of consultations or people."""
    online, offline = stored_participant_counts(consultation_ids), offline_participant_counts(consultation_ids)
    return {i: Headcount(online.get(i, 0), int(offline.get(i, 0) or 0)) for i in consultation_ids}


def headcount(consultation):
    """The consultation's Headcount."""
    return headcounts([consultation.id])[consultation.id]


def contributions_by_channel(consultation):
    """Per channel (web, phone, in person, mail, email, workshop): published ideas and comments,
    and for the off-line channels the people they speak for (None for the web: its people are
    counted as distinct accounts)."""
    rows = {channel: (count, people) for channel, count, people in db.session.execute(
        sa.select(Contribution.channel, sa.func.count(),
                  sa.func.sum(sa.case((sa.and_(*_offline_input()), _PEOPLE), else_=0)))
        .where(Contribution.consultation_id == consultation.id, live_condition())
        .group_by(Contribution.channel)
    ).all()}
    return [(code, label, rows.get(code, (0, 0))[0], None if code == "web" else int(rows.get(code, (0, 0))[1] or 0))
            for code, label in CHANNELS.items()]


def take_part(consultation_id, person_id, change):
    """Keep the person's reasons to count as a participant up to date: +1 or -1 for each
    published contribution of theirs or vote gained or lost, inside the request's transaction.

    Only the person's own row is written (an upsert, so concurrent changes add up), and always
    as the last lock a service takes: no other request waits on it but the same person's (the
    upsert flushes first, so what the service changed before is written, and locked, before it).
    """
    if person_id is None or not change:
        return
    upsert(Participant, ["consultation_id", "user_id"],
           {"consultation_id": consultation_id, "user_id": person_id, "reasons": change}, add=["reasons"])


def stored_participant_counts(consultation_ids):
    """Distinct participants per consultation, read from the kept reasons: one indexed query,
    without going through every vote (the consultation cards)."""
    if not consultation_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Participant.consultation_id, sa.func.count())
        .where(Participant.consultation_id.in_(consultation_ids), Participant.reasons > 0)
        .group_by(Participant.consultation_id)).all())


def recount_participation(consultation_ids=None):
    """Rebuild the participants' reasons from the data itself, in SQL: after a bulk load, the
    demo, or erasing an account (all consultations when `consultation_ids` is None)."""
    ids = None if consultation_ids is None else list(consultation_ids)

    def in_scope(column):
        return sa.true() if ids is None else column.in_(ids)

    reasons = sa.union_all(*_reasons_to_count(in_scope)).subquery()
    db.session.execute(sa.delete(Participant).where(in_scope(Participant.consultation_id)))
    db.session.execute(sa.insert(Participant).from_select(
        ["consultation_id", "user_id", "reasons"],
        sa.select(reasons.c.consultation_id, reasons.c.person, sa.func.count())
        .group_by(reasons.c.consultation_id, reasons.c.person)))
