"""Flags, moderation decisions and the author's delete at the same instant on PostgreSQL: real
threads, each request on its own connection; afterwards every counter equals its rows."""

import pytest

from consult.extensions import db as _db
from consult.models import Contribution, Flag
from tests.contributions.test_concurrency import _assert_no_server_error, _burst
from tests.moderation.test_transitions import assert_counters_match_rows

FLAGGERS = 40

#: Real commits: the requests race in threads of their own, each on its own connection.
pytestmark = [pytest.mark.backend("postgresql"), pytest.mark.commits]


@pytest.fixture
def burst_place(backend, db, make, client_factory):
    if backend != "postgresql":
        pytest.skip("row locks and real concurrency are tested on PostgreSQL")
    lead = make.organization()
    consultation = make.consultation(lead=lead, moderation_mode="post", flag_threshold=3)
    idea = make.idea(consultation)
    for n in range(14):
        make.comment(consultation, idea=idea if n % 2 else None, body=f"Published comment {n}.")
    author = make.user()
    comment = make.comment(consultation, idea=idea, author=author, body="The comment everyone flags.")
    flaggers = [client_factory().login_as(make.user()) for _ in range(FLAGGERS)]
    moderators = [client_factory().login_as(make.user(role="moderator", organization=lead)) for _ in range(2)]
    return consultation, idea, comment, flaggers, moderators, client_factory().login_as(author)


def _flags(clients, contribution_id):
    return [(c, f"/contributions/{contribution_id}/flag", {"reason": "spam"}) for c in clients]


def _decision(client, contribution_id, action, version):
    return (client, f"/moderation/items/{contribution_id}/decide",
            {"action": action, "reason_code": "spam", "version": str(version)})


def _with_csrf(jobs):
    return [(client, url, {**data, "csrf_token": client.csrf_token()}) for client, url, data in jobs]


def test_forty_people_flagging_one_comment_at_once_hide_it_once(app, db, burst_place):
    consultation, _idea, comment, flaggers, _moderators, _author = burst_place

    codes = _assert_no_server_error(_burst(app, _with_csrf(_flags(flaggers, comment.id))))

    # A request that reads the comment once it is hidden may no longer flag it: 403, or 404 once
    # the visibility rule keeps the hidden comment from the flagger altogether.
    assert set(codes) <= {303, 403, 404} and 303 in codes
    db.session.expire_all()
    fresh = db.session.get(Contribution, comment.id)
    stored = db.session.query(Flag).filter_by(contribution_id=comment.id).count()
    assert (fresh.status, fresh.flag_count) == ("hidden", stored)
    assert stored == codes.count(303) >= 3
    assert_counters_match_rows(consultation.id)


@pytest.mark.parametrize("actions", [("approve", "hide"), ("hide", "reject"), ("restore", "approve")])
def test_moderators_deciding_while_people_flag_keep_the_counters_exact(app, db, burst_place, actions):
    consultation, _idea, comment, flaggers, moderators, _author = burst_place
    version = _db.session.get(Contribution, comment.id).moderation_version
    jobs = _flags(flaggers[:20], comment.id) + [
        _decision(moderator, comment.id, action, version) for moderator, action in zip(moderators, actions, strict=True)]

    _assert_no_server_error(_burst(app, _with_csrf(jobs)))

    assert_counters_match_rows(consultation.id)


def test_the_author_deleting_while_people_flag_and_a_moderator_hides_it_counts_it_out_once(
        app, db, burst_place):
    consultation, _idea, comment, flaggers, moderators, author = burst_place
    version = _db.session.get(Contribution, comment.id).moderation_version
    jobs = _flags(flaggers[:20], comment.id) + [
        _decision(moderators[0], comment.id, "hide", version),
        (author, f"/contributions/{comment.id}/delete", {}),
    ]

    _assert_no_server_error(_burst(app, _with_csrf(jobs)))

    db.session.expire_all()
    assert db.session.get(Contribution, comment.id).is_deleted
    assert_counters_match_rows(consultation.id)
