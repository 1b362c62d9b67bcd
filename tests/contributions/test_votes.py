"""Voting: what the answer shows, what the database keeps, and what a vote costs in queries."""

import re

import pytest
import sqlalchemy as sa

from consult.models import Idea, Participant, Vote

from .test_concurrency import _assert_no_server_error, _burst


@pytest.fixture
def idea(make):
    return make.idea(make.consultation(status="open"))


def _vote(client, idea, value, htmx=True):
    return client.post(f"/ideas/{idea.id}/vote", {"value": str(value)}, htmx=htmx)


def _pressed(html):
    """The label of the pressed button of the vote control, or None."""
    match = re.search(r'aria-pressed="true"[^>]*>\s*([^<]+)<', html)
    return match.group(1).strip() if match else None


def _stored(db, idea, person):
    db.session.expire_all()
    fresh = db.session.get(Idea, idea.id)
    vote = db.session.scalar(sa.select(Vote.value).where(Vote.idea_id == idea.id, Vote.user_id == person.id))
    reasons = db.session.scalar(sa.select(Participant.reasons).where(
        Participant.consultation_id == idea.consultation_id, Participant.user_id == person.id))
    return fresh.agree_count, fresh.disagree_count, vote, reasons or 0


@pytest.mark.parametrize(("steps", "pressed", "stored"), [
    ((1,), "You agree (select to withdraw)", (1, 0, 1, 1)),
    ((1, 1), "You agree (select to withdraw)", (1, 0, 1, 1)),
    ((1, -1), "You disagree (select to withdraw)", (0, 1, -1, 1)),
    ((-1, 1, 0), None, (0, 0, None, 0)),
    ((0,), None, (0, 0, None, 0)),
    ((0, -1), "You disagree (select to withdraw)", (0, 1, -1, 1)),
])
def test_the_htmx_answer_shows_the_vote_just_cast(client, db, make, idea, steps, pressed, stored):
    person = make.user()
    client.login_as(person)
    for value in steps:
        response = _vote(client, idea, value)
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _pressed(html) == pressed
    agree, disagree = stored[:2]
    assert f"<strong>{agree}</strong> agree" in html and f"<strong>{disagree}</strong> disagree" in html
    assert _stored(db, idea, person) == stored


def test_the_counts_shown_include_other_peoples_votes(client_factory, db, make, idea):
    for value in (1, 1, -1):
        _vote(client_factory().login_as(make.user()), idea, value)
    html = _vote(client_factory().login_as(make.user()), idea, -1).get_data(as_text=True)
    assert "<strong>2</strong> agree" in html and "<strong>2</strong> disagree" in html


def test_a_vote_without_javascript_redirects_back_with_its_message(client, db, make, idea):
    person = make.user()
    client.login_as(person)
    response = client.post(f"/ideas/{idea.id}/vote", {"value": "-1", "next": "/consultations/"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/consultations/")
    unsafe = client.post(f"/ideas/{idea.id}/vote", {"value": "1", "next": "//elsewhere.example"})
    assert unsafe.headers["Location"].endswith(f"/ideas/{idea.id}")
    assert "You agree with this idea." in client.get(unsafe.headers["Location"]).get_data(as_text=True)
    assert _stored(db, idea, person) == (1, 0, 1, 1)


def test_a_vote_on_a_missing_or_closed_idea_changes_nothing(client, db, make, idea):
    person = make.user()
    client.login_as(person)
    assert _vote(client, idea, 1, htmx=False).status_code == 303
    assert client.post("/ideas/999999/vote", {"value": "1"}).status_code == 404
    closed = make.idea(make.consultation(status="closed"))
    assert _vote(client, closed, -1).status_code == 403
    assert _stored(db, closed, person) == (0, 0, None, 0)
    assert _stored(db, idea, person) == (1, 0, 1, 1)


def test_a_vote_runs_a_handful_of_queries_and_reads_nothing_back(client, make, idea, count_queries):
    client.login_as(make.user())
    _vote(client, make.idea(idea.consultation), 1)  # the first request of the client warms up
    for value in (1, -1, 0):
        with count_queries() as statements:
            assert _vote(client, idea, value).status_code == 200
        votes = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "votes" in s.lower()]
        assert not votes, votes
        assert len(statements) <= 7, statements


@pytest.mark.commits
@pytest.mark.backend("postgresql")
def test_people_voting_twice_at_once_with_different_values_stay_exact(backend, app, db, make, client_factory):
    if backend != "postgresql":
        pytest.skip("row locks and real concurrency are tested on PostgreSQL")
    idea = make.idea(make.consultation(status="open"))
    people = [make.user() for _ in range(12)]
    clients = [client_factory().login_as(person) for person in people]
    url = f"/ideas/{idea.id}/vote"
    rounds = [("1", "-1"), ("-1", "0"), ("0", "1"), ("1", "1"), ("0", "0")]
    for first, second in rounds:
        jobs = [(c, url, {"value": value}) for c in clients for value in (first, second)]
        assert set(_assert_no_server_error(_burst(app, jobs))) == {303}
        db.session.expire_all()
        agree = db.session.scalar(sa.select(sa.func.count()).where(Vote.idea_id == idea.id, Vote.value == 1))
        disagree = db.session.scalar(sa.select(sa.func.count()).where(Vote.idea_id == idea.id, Vote.value == -1))
        fresh = db.session.get(Idea, idea.id)
        assert (fresh.agree_count, fresh.disagree_count) == (agree, disagree), (first, second)
        voters = set(db.session.scalars(sa.select(Vote.user_id).where(Vote.idea_id == idea.id)))
        reasons = dict(db.session.execute(sa.select(Participant.user_id, Participant.reasons).where(
            Participant.consultation_id == idea.consultation_id)).all())
        assert {p.id: reasons.get(p.id, 0) for p in people} == {p.id: int(p.id in voters) for p in people}
    # The last round withdrew every vote, whichever request of each pair came last.
    assert (fresh.agree_count, fresh.disagree_count) == (0, 0)
