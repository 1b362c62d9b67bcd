"""Bursts of simultaneous requests: votes, flags and double submits stay exact (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from consult.models import Comment, Consultation, Contribution, Flag, Idea, Vote

USERS = 20


def _burst(app, jobs):
    """Run every job at the same moment, each in its own thread; returns their responses.

    Each job is (client, url, data). A thread pushes an app context of its own,
    as a worker would, so the client's session handling has somewhere to live."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        client, url, data = job
        with app.app_context():
            barrier.wait(timeout=30)
            return client.post(url, data)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def _assert_no_server_error(responses):
    codes = [r.status_code for r in responses]
    assert all(code < 500 for code in codes), codes
    return codes


@pytest.mark.commits
@pytest.mark.backend("postgresql")
def test_concurrent_votes_flags_and_double_submits_stay_exact(backend, app, db, make, client_factory):
    if backend != "postgresql":
        pytest.skip("row locks and real concurrency are tested on PostgreSQL")
    consultation = make.consultation(status="open", flag_threshold=1000)  # counts, not hiding, are tested here
    idea = make.idea(consultation)
    comment = make.comment(consultation)
    users = [make.user() for _ in range(USERS)]
    clients = [client_factory().login_as(user) for user in users]
    idea_id, comment_id, consultation_id = idea.id, comment.id, consultation.id
    comments_before = db.session.get(Consultation, consultation_id).comment_count

    # Everyone agrees at once.
    codes = _assert_no_server_error(_burst(app, [(c, f"/ideas/{idea_id}/vote", {"value": "1"}) for c in clients]))
    assert set(codes) == {303}

    # Half change their mind at once, while the other half agree again (a repeat, not a second vote).
    jobs = [(c, f"/ideas/{idea_id}/vote", {"value": "-1" if i % 2 else "1"}) for i, c in enumerate(clients)]
    codes = _assert_no_server_error(_burst(app, jobs))
    assert set(codes) == {303}

    # Each person flags the comment twice at the same moment.
    jobs = [(c, f"/contributions/{comment_id}/flag", {"reason": "spam"}) for c in clients for _ in range(2)]
    codes = _assert_no_server_error(_burst(app, jobs))
    assert set(codes) == {303}

    # Each person double-submits one comment: same key, two requests at once.
    jobs = [(c, f"/consultations/{consultation.slug}/comments",
             {"body": f"Comment from person {i}.", "submission_key": f"burst-key-{i}"})
            for i, c in enumerate(clients) for _ in range(2)]
    codes = _assert_no_server_error(_burst(app, jobs))
    assert set(codes) == {303}

    db.session.expire_all()
    user_ids = [u.id for u in users]

    # Votes: one row per person, and the idea's counters agree with the votes table.
    votes_per_user = dict(db.session.execute(
        sa.select(Vote.user_id, sa.func.count()).where(Vote.idea_id == idea_id).group_by(Vote.user_id)).all())
    assert votes_per_user == {uid: 1 for uid in user_ids}
    agree = db.session.scalar(sa.select(sa.func.count()).where(Vote.idea_id == idea_id, Vote.value == 1))
    disagree = db.session.scalar(sa.select(sa.func.count()).where(Vote.idea_id == idea_id, Vote.value == -1))
    assert (agree, disagree) == (USERS - USERS // 2, USERS // 2)
    fresh_idea = db.session.get(Idea, idea_id)
    assert (fresh_idea.agree_count, fresh_idea.disagree_count) == (agree, disagree)

    # Flags: one per person, and the comment's counter matches.
    flags_per_user = dict(db.session.execute(
        sa.select(Flag.user_id, sa.func.count()).where(Flag.contribution_id == comment_id)
        .group_by(Flag.user_id)).all())
    assert flags_per_user == {uid: 1 for uid in user_ids}
    assert db.session.get(Contribution, comment_id).flag_count == USERS

    # Comments: one per submission key, and the consultation's counter is exact.
    per_key = dict(db.session.execute(
        sa.select(Comment.submission_key, sa.func.count()).where(Comment.submission_key.like("burst-key-%"))
        .group_by(Comment.submission_key)).all())
    assert per_key == {f"burst-key-{i}": 1 for i in range(USERS)}
    published = db.session.scalar(sa.select(sa.func.count(Comment.id)).where(
        Comment.consultation_id == consultation_id, Comment.status == "published",
        Comment.deleted_at.is_(None)))
    assert published == comments_before + USERS
    assert db.session.get(Consultation, consultation_id).comment_count == published
