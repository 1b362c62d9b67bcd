"""Exports stream: rows are read in chunks through a streaming cursor and sent as they are read."""

import pytest
import sqlalchemy as sa

from consult.exports import rows
from consult.exports.pseudonyms import Pseudonyms

from .parsing import URL


@pytest.fixture
def five_comments(make, consultation, themes, monkeypatch):
    monkeypatch.setattr(rows, "CHUNK_SIZE", 2)
    return [make.comment(consultation, body=f"Comment {n}") for n in range(5)]


@pytest.fixture
def cursor_options(db):
    """(statement, execution options) of every statement the database is sent."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, dict(context.execution_options)))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize(("fmt", "pieces"), [("csv", 1 + 3), ("json", 1 + 3 + 1)])
def test_a_piece_leaves_before_the_rest_is_read(client, designer, consultation, five_comments,
                                                cursor_options, monkeypatch, fmt, pieces):
    people_seen = []
    person = Pseudonyms.person
    monkeypatch.setattr(Pseudonyms, "person", lambda self, user_id: people_seen.append(user_id)
                        or person(self, user_id))
    response = client.login_as(designer).get(
        URL.format(slug=consultation.slug, dataset="contributions", fmt=fmt), buffered=False)
    try:
        assert response.is_streamed
        body = iter(response.response)
        next(body)
        first = next(body).decode()
        assert "Comment 0" in first and "Comment 1" in first and "Comment 2" not in first
        assert len(people_seen) == 2
        assert len(list(body)) == pieces - 2
        assert len(people_seen) == 5
    finally:
        response.close()
    [options] = [options for statement, options in cursor_options if "contributions.body" in statement]
    assert options["yield_per"] == 2
    assert options["stream_results"] is True


def test_votes_are_read_through_a_streaming_cursor_too(db, consultation, five_comments, cursor_options):
    chunks = rows.vote_rows(consultation)
    assert list(chunks) == []
    [options] = [options for statement, options in cursor_options if "votes.value" in statement]
    assert options["yield_per"] == 2
    assert options["stream_results"] is True


def test_row_chunks_are_lists_no_longer_than_the_chunk_size(db, consultation, five_comments):
    sizes = [len(chunk) for chunk in rows.contribution_rows(consultation)]
    assert sizes == [2, 2, 1]
    assert rows.count_rows(consultation, "contributions") == 5
