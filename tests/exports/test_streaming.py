"""Exports stream: rows are read in chunks through a streaming cursor and sent as they are read."""

import psycopg
import pytest

from consult.contributions.services import cast_vote
from consult.exports import rows
from consult.pseudonyms import Pseudonyms

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


@pytest.mark.parametrize("dataset", ["contributions", "votes"])
def test_postgresql_streams_the_rows_in_chunks(db, consultation, five_comments, make, monkeypatch,
                                               dataset):
    idea = make.idea(consultation)
    for comment in five_comments:
        cast_vote(idea, comment.author, 1)
    db.session.commit()
    sizes = []
    stream = psycopg.Cursor.stream
    monkeypatch.setattr(psycopg.Cursor, "stream", lambda cursor, query, params=None, **options:
                        sizes.append(options.get("size")) or stream(cursor, query, params, **options))

    chunks = [len(chunk) for chunk in rows.DATASETS[dataset][1](consultation)]
    assert chunks == ([2, 2, 2] if dataset == "contributions" else [2, 2, 1])
    # PostgreSQL sends the rows as it produces them, two at a time here; SQLite's cursor reads as
    # it goes without being asked.
    assert sizes == ([2] if db.engine.dialect.name == "postgresql" else [])


def test_a_download_stopped_half_way_leaves_the_database_usable(client, designer, consultation,
                                                                five_comments):
    client.login_as(designer)
    response = client.get(URL.format(slug=consultation.slug, dataset="contributions", fmt="csv"),
                          buffered=False)
    body = iter(response.response)
    next(body), next(body)
    response.close()  # the person cancelled the download

    again = client.get(URL.format(slug=consultation.slug, dataset="contributions", fmt="csv"))
    assert again.status_code == 200 and again.get_data(as_text=True).count("Comment ") == 5
    assert client.get(f"/consultations/{consultation.slug}").status_code == 200


def test_row_chunks_are_lists_no_longer_than_the_chunk_size(db, consultation, five_comments):
    sizes = [len(chunk) for chunk in rows.contribution_rows(consultation)]
    assert sizes == [2, 2, 1]
    assert rows.count_rows(consultation, "contributions") == 5
