"""Status changes are conditional transitions: a request that read a contribution before another
changed it moves no counter twice (flags, moderation decisions, the author's delete and edit).

Each test plays two requests one after the other, the first with a copy of the row read before
the second changed it, in a session of its own as a worker has; the PostgreSQL bursts in
test_concurrent_flags.py play them at once.
"""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from consult.contributions.services import delete_contribution, edit_contribution, flag_contribution
from consult.extensions import db as _db
from consult.models import Comment, Consultation, Contribution, Flag, Idea, Participant, Vote
from consult.moderation import queue, services


def assert_counters_match_rows(consultation_id):
    """Every kept counter of the consultation equals a fresh count of the rows it counts."""
    session = _db.session
    session.expire_all()
    live = (Contribution.status == "published", Contribution.deleted_at.is_(None))
    consultation = session.get(Consultation, consultation_id)
    in_it = Contribution.consultation_id == consultation_id
    ideas = session.scalar(sa.select(sa.func.count()).where(in_it, Contribution.kind == "idea", *live))
    comments = session.scalar(sa.select(sa.func.count()).where(in_it, Contribution.kind == "comment", *live))
    assert (consultation.idea_count, consultation.comment_count) == (ideas, comments)
    for idea in session.scalars(sa.select(Idea).where(Idea.consultation_id == consultation_id)):
        on_idea = session.scalar(sa.select(sa.func.count(Comment.id)).where(Comment.idea_id == idea.id, *live))
        assert idea.comment_count == on_idea, idea.id
    for contribution in session.scalars(sa.select(Contribution).where(in_it)):
        flags = session.scalar(sa.select(sa.func.count()).where(Flag.contribution_id == contribution.id))
        assert contribution.flag_count == flags, contribution.id
    written = dict(session.execute(
        sa.select(Contribution.author_id, sa.func.count()).where(in_it, *live).group_by(Contribution.author_id)).all())
    voted = dict(session.execute(
        sa.select(Vote.user_id, sa.func.count()).join(Contribution, Contribution.id == Vote.idea_id)
        .where(in_it).group_by(Vote.user_id)).all())
    expected = {person: written.get(person, 0) + voted.get(person, 0) for person in set(written) | set(voted)}
    kept = dict(session.execute(sa.select(Participant.user_id, Participant.reasons).where(
        Participant.consultation_id == consultation_id)).all())
    assert {person: reasons for person, reasons in kept.items() if reasons} == expected


@pytest.fixture
def place(db, make):
    """A post-moderated consultation hiding at 3 flags, an idea, and a published comment on it."""
    lead = make.organization()
    consultation = make.consultation(lead=lead, moderation_mode="post", flag_threshold=3)
    idea = make.idea(consultation)
    make.comment(consultation, idea=idea, body="Another comment stays published.")
    comment = make.comment(consultation, idea=idea, body="A comment that will be flagged.")
    return SimpleNamespace(consultation=consultation, idea=idea, comment=comment, lead=lead,
                           moderator=make.user(role="moderator", organization=lead),
                           flaggers=[make.user() for _ in range(5)])


def _elsewhere(app, work):
    """Run `work()` as another request would: its own app context and session, committed."""
    with app.app_context():
        work()
        _db.session.commit()


def _row(model, row_id):
    return _db.session.get(model, row_id)


@pytest.mark.parametrize("kind", ["comment", "idea"])
def test_a_flag_read_before_another_hid_it_does_not_hide_it_again(app, db, place, kind):
    target_id = (place.comment if kind == "comment" else place.idea).id
    for flagger in place.flaggers[:2]:
        flag_contribution(_row(Contribution, target_id), flagger, "spam")
    db.session.commit()
    stale = _row(Contribution, target_id)
    assert (stale.status, stale.flag_count) == ("published", 2)

    # Another flagger's request reaches the threshold and hides it, after this one read it.
    _elsewhere(app, lambda: flag_contribution(_row(Contribution, target_id), _row(type(place.flaggers[2]),
                                                                                  place.flaggers[2].id), "spam"))
    flag_contribution(stale, place.flaggers[3], "spam")
    db.session.commit()

    assert _row(Contribution, target_id).status == "hidden"
    assert_counters_match_rows(place.consultation.id)


def test_a_delete_read_before_a_moderator_hid_it_counts_it_out_once(app, db, place):
    stale = _row(Comment, place.comment.id)

    def hide():
        item = queue.load_item(place.comment.id)
        services.decide(item, _row(type(place.moderator), place.moderator.id), "hide",
                        item.contribution.moderation_version, reason_code="spam")

    _elsewhere(app, hide)
    delete_contribution(stale)
    db.session.commit()

    fresh = _row(Comment, place.comment.id)
    assert (fresh.status, fresh.is_deleted, fresh.body) == ("hidden", True, "")
    assert_counters_match_rows(place.consultation.id)


def test_a_decision_after_the_author_deleted_it_counts_nothing_again(app, db, place):
    item = queue.load_item(place.comment.id)
    version = item.contribution.moderation_version
    _elsewhere(app, lambda: delete_contribution(_row(Comment, place.comment.id)))

    services.decide(item, place.moderator, "reject", version, reason_code="spam")
    db.session.commit()

    assert_counters_match_rows(place.consultation.id)


def test_two_deletes_of_one_contribution_count_it_out_once(app, db, place):
    stale = _row(Comment, place.comment.id)
    _elsewhere(app, lambda: delete_contribution(_row(Comment, place.comment.id)))

    delete_contribution(stale)
    db.session.commit()

    assert_counters_match_rows(place.consultation.id)


def test_an_edit_read_before_a_moderator_approved_it_waits_for_review_again(app, db, make):
    lead = make.organization()
    consultation = make.consultation(lead=lead, moderation_mode="pre")
    moderator = make.user(role="moderator", organization=lead)
    comment = make.comment(consultation, status="pending", needs_review=True, body="The text as sent.")
    stale = _row(Comment, comment.id)

    def approve():
        item = queue.load_item(comment.id)
        services.decide(item, _row(type(moderator), moderator.id), "approve", item.contribution.moderation_version)

    _elsewhere(app, approve)
    edit_contribution(stale, "A text no moderator has read.")
    db.session.commit()

    fresh = _row(Comment, comment.id)
    assert (fresh.status, fresh.needs_review, fresh.body) == ("pending", True, "A text no moderator has read.")
    assert fresh.before_edit_body == "The text as sent."
    assert_counters_match_rows(consultation.id)
