"""Exports stream: rows are read in chunks through a streaming cursor and sent as they are read."""

import pytest
import sqlalchemy as sa

from consult.contributions.services import cast_vote
from consult.exports import rows
from consult.exports.pseudonyms import Pseudonyms

from .parsing import URL


@pytest.fixture
def five_comments(make, consultation, themes, monkeypatch):
    monkeypatch.setattr(rows, "CHUNK_SIZE", 2)
    return [make.comment(consultation, body=f"Comment {n}") for n in range(5)]


@pytest.mark.parametrize(("fmt", "pieces"), [("csv", 1 + 3), ("json", 1 + 3 + 1)])
def test_a_piece_leaves_before_the_rest_is_read(client, designer, consultation, five_comments,
                                                monkeypatch, fmt, pieces):
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


def _open_cursors(db):
    """Server-side cursors open in this session's connection (PostgreSQL keeps a list)."""
    return db.session.execute(sa.text("SELECT name FROM pg_cursors")).scalars().all()


@pytest.mark.parametrize("dataset", ["contributions", "votes"])
def test_rows_come_through_a_server_side_cursor_on_postgresql(db, consultation, five_comments, make,
                                                             dataset):
    idea = make.idea(consultation)
    for comment in five_comments:
        cast_vote(idea, comment.author, 1)
    db.session.commit()
    chunks = rows.DATASETS[dataset][1](consultation)
    assert len(next(chunks)) == 2
    postgresql = db.engine.dialect.name == "postgresql"
    if postgresql:
        assert _open_cursors(db) == ["consult_export"]  # the rest waits in the server, not here
    assert sum(len(chunk) for chunk in chunks) == (4 if dataset == "contributions" else 3)
    if postgresql:
        assert _open_cursors(db) == []  # closed once read to its end


def test_row_chunks_are_lists_no_longer_than_the_chunk_size(db, consultation, five_comments):
    sizes = [len(chunk) for chunk in rows.contribution_rows(consultation)]
    assert sizes == [2, 2, 1]
    assert rows.count_rows(consultation, "contributions") == 5
