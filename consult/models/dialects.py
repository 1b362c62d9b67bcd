"""What PostgreSQL and SQLite (the embedded default) say differently, written once: which of the
two the session talks to, and INSERT … ON CONFLICT."""

from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def on_postgresql():
    """Whether the session's database is PostgreSQL (else SQLite)."""
    return db.session.get_bind().dialect.name == "postgresql"


def upsert(model, conflict, values, *, replace=(), add=(), returning=None):
    """INSERT `values` (column -> value) into the model's table, in one statement.

    On a row with the same `conflict` columns, nothing happens, unless `replace` names columns
    to set to the new values or `add` columns to which the new values are added (so concurrent
    upserts add up). Returns the result: RETURNING the `returning` column of the row written,
    none when nothing was.

    One statement, no savepoint: on SQLite a savepoint would commit the request's transaction
    early, and a conflict is not an error here but an answer. What the session holds is flushed
    first, as an ORM statement would. The statement is built once per database and shape and
    runs with the values as parameters, so SQLAlchemy compiles it once (hot paths, such as a
    vote, run it on every request).
    """
    statement = _statement(db.session.get_bind().dialect.name, model.__table__, tuple(conflict),
                           tuple(replace), tuple(add), returning)
    db.session.flush()
    return db.session.execute(statement, values)


def insert_or_ignore(model, conflict, **values):
    """upsert() doing nothing on a conflict: the new row's id, or None when a row with the same
    `conflict` columns exists."""
    return upsert(model, conflict, values, returning="id").scalar_one_or_none()


@cache
def _statement(dialect, table, conflict, replace, add, returning):
    statement = _INSERTS[dialect](table)
    new = statement.excluded
    changes = {name: new[name] for name in replace} | {name: table.c[name] + new[name] for name in add}
    if changes:
        statement = statement.on_conflict_do_update(index_elements=conflict, set_=changes)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=conflict)
    return statement.returning(table.c[returning]) if returning else statement
