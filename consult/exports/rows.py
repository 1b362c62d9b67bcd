"""The rows of an export, read from the database in chunks so memory stays flat.

What leaves, and what does not:

- Every contribution of the consultation is a row, whatever its status, so counts are honest.
- Its title, text and theme are left empty (None) unless it is published and not deleted:
  a held, rejected or hidden contribution may hold exactly the personal information that
  moderation kept from the public, and a deleted one was withdrawn by its author.
- Authors and voters appear only as pseudonyms (see consult/pseudonyms.py); never an email, a name,
  an IP address, the intake staff member who recorded the input, or the intake contact.
"""

import itertools

import psycopg
import sqlalchemy as sa

from ..extensions import db
from ..models import Contribution, IntakeContact, SummaryCache, Vote
from ..models.dialects import on_postgresql
from ..pseudonyms import Pseudonyms
from ..visibility import live_condition

#: Rows read from the database at a time: the chunks PostgreSQL streams, and those written out.
CHUNK_SIZE = 1000

CONTRIBUTION_COLUMNS = (
    "id", "kind", "consultation", "idea_id", "parent_id", "author", "channel", "created_at",
    "status", "deleted", "title", "text", "agree_count", "disagree_count", "theme",
)
VOTE_COLUMNS = ("participant", "idea_id", "value")
#: The columns that can hold what people typed (a spreadsheet might run it as a formula). The
#: others hold only numbers, vocabulary codes, slugs, pseudonyms and timestamps.
FREE_TEXT = {"contributions": ("title", "text", "theme"), "votes": ()}


def _iso_utc(column):
    """The timestamp as ISO 8601 text in UTC, to the second, formatted by the database (in C,
    not once per row in Python). SQLite stores UTC already."""
    if on_postgresql():
        return sa.func.to_char(sa.func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    return sa.func.strftime("%Y-%m-%dT%H:%M:%S+00:00", column)


def _chunks(statement):
    """The statement's rows as the driver's plain tuples, CHUNK_SIZE at a time, never all of them
    at once.

    PostgreSQL streams them (psycopg's chunked rows mode): the server keeps producing rows while
    the last chunk is being written out, so the download takes the longer of the two rather
    than their sum, and the connection's buffers hold the rest. SQLite's cursor reads as it goes.
    Straight from the driver, inside the session's transaction: SQLAlchemy's row objects would
    be a large share of an export's time (BENCHMARKS.md), and these rows hold only numbers, text
    and (on PostgreSQL) booleans, which need none of its conversions. Callers make booleans bool()
    themselves, for SQLite's 0 and 1. The statement's parameters go to the driver as they are,
    so they too must be numbers or text (no dates: SQLite's would need converting).

    While PostgreSQL streams, the connection runs nothing else; an export stopped half-way
    (the download cancelled) leaves the transaction failed, and the session's rollback at the
    end of the request clears it.
    """
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        if on_postgresql():
            size = CHUNK_SIZE if psycopg.capabilities.has_stream_chunked() else 1
            streamed = cursor.stream(str(compiled), compiled.params, size=size)
            while chunk := list(itertools.islice(streamed, CHUNK_SIZE)):
                yield chunk
        else:
            cursor.execute(str(compiled), [compiled.params[name] for name in compiled.positiontup])
            while chunk := cursor.fetchmany(CHUNK_SIZE):
                yield chunk
    finally:
        cursor.close()


def _theme_names(consultation):
    """Theme number -> label, from the summaries area (imported here: it is optional at import
    time and heavy to load). Which contribution is in which theme, contribution_query joins."""
    from ..summaries.cache import theme_names

    return theme_names(consultation)


def _theme_members(consultation_id):
    """(contribution_id, theme) of the consultation's stored summary, as rows the database reads
    out of the summary's JSON (json_each), so that no worker holds the whole map in memory."""
    stored = SummaryCache.__table__.c
    json_each = sa.func.json_each_text if on_postgresql() else sa.func.json_each
    each = json_each(stored.theme_members).table_valued("key", "value")
    return (sa.select(sa.cast(each.c.key, sa.Integer).label("contribution_id"),
                      sa.cast(each.c.value, sa.Integer).label("theme"))
            .select_from(SummaryCache.__table__).join(each, sa.true())
            .where(stored.consultation_id == consultation_id)).subquery("theme_members")


def contribution_query(consultation_id):
    """Every contribution of the consultation, oldest first, with only what the export needs.

    Table columns rather than mapped attributes: plain rows, no ORM bookkeeping per row. What
    is left out of an unpublished or deleted contribution is left out by the database (its
    title, text and theme come back NULL), so Python only adds the pseudonym and the theme's
    label to each row.
    """
    c, contacts = Contribution.__table__.c, IntakeContact.__table__.c
    members = _theme_members(consultation_id)
    shown = live_condition(c)
    return (
        sa.select(c.id, c.kind, c.idea_id, c.parent_id, c.author_id, contacts.contact, c.channel,
                  _iso_utc(c.created_at), c.status, c.deleted_at.is_not(None),
                  sa.case((shown, c.title)), sa.case((shown, c.body)), c.agree_count,
                  c.disagree_count, sa.case((shown, members.c.theme)))
        .outerjoin(IntakeContact.__table__, contacts.contribution_id == c.id)
        .outerjoin(members, members.c.contribution_id == c.id)
        .where(c.consultation_id == consultation_id)
        .order_by(c.id)
    )


def contribution_rows(consultation):
    """Lists of rows in CONTRIBUTION_COLUMNS order, one list per chunk.

    The themes' names are looked up at once (they may compute and store the summary, which the
    caller's commit then keeps); the rows are read only as the chunks are iterated.
    """
    return _contribution_chunks(consultation.id, consultation.slug, _theme_names(consultation))


def _contribution_chunks(consultation_id, slug, themes):
    pseudonyms = Pseudonyms(consultation_id)
    person, contact = pseudonyms.person, pseudonyms.contact
    for chunk in _chunks(contribution_query(consultation_id)):
        yield [(id_, kind, slug, idea_id, parent_id,
                person(author_id) if author_id is not None else contact(contact_details),
                channel, created_at, status, bool(deleted), title, body, agree, disagree,
                themes.get(theme))
               for (id_, kind, idea_id, parent_id, author_id, contact_details, channel, created_at,
                    status, deleted, title, body, agree, disagree, theme) in chunk]


def vote_query(consultation_id):
    """Every vote on the consultation's ideas, in the order they were first cast."""
    votes, c = Vote.__table__.c, Contribution.__table__.c
    return (
        sa.select(votes.user_id, votes.idea_id, votes.value)
        .join(Contribution.__table__, c.id == votes.idea_id)
        .where(c.consultation_id == consultation_id)
        .order_by(votes.id)
    )


def vote_rows(consultation):
    """Lists of rows in VOTE_COLUMNS order, one list per chunk, read as they are iterated."""
    return _vote_chunks(consultation.id)


def _vote_chunks(consultation_id):
    pseudonyms = Pseudonyms(consultation_id)
    # A million votes come from a few thousand people: a dictionary look-up for most of them.
    known, person = pseudonyms.known, pseudonyms.person
    for chunk in _chunks(vote_query(consultation_id)):
        yield [(known.get(user_id) or person(user_id), idea_id, value)
               for user_id, idea_id, value in chunk]


def contributions_counted(consultation_id):
    """One row per row of contribution_query, without its joins (each adds at most one match
    per contribution): a count need not read every theme out of the summary."""
    c = Contribution.__table__.c
    return sa.select(c.id).where(c.consultation_id == consultation_id)


#: dataset -> (columns, rows of a consultation in chunks, a query with as many rows, to count)
DATASETS = {
    "contributions": (CONTRIBUTION_COLUMNS, contribution_rows, contributions_counted),
    "votes": (VOTE_COLUMNS, vote_rows, vote_query),
}


def count_rows(consultation, dataset):
    """How many rows the dataset will have, for a progress bar."""
    query = DATASETS[dataset][2](consultation.id).order_by(None).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(query))
