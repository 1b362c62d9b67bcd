"""The public moderation report of a consultation: its figures, who sees it, its queries."""

from datetime import timedelta

import pytest

from consult.models import Appeal, Flag, Hold, ModerationDecision
from consult.models.base import utcnow
from consult.transparency.services import plain_duration
from tests.conftest import page_text


def report_url(consultation):
    return f"/consultations/{consultation.slug}/moderation"


def decide(db, contribution, action, after, reason_code=None):
    """A moderation decision taken `after` the contribution was sent."""
    decision = ModerationDecision(contribution_id=contribution.id, action=action,
                                  reason_code=reason_code, created_at=contribution.created_at + after)
    db.session.add(decision)
    db.session.flush()
    return decision


def flag(db, make, contribution, count):
    db.session.add_all(Flag(contribution_id=contribution.id, user_id=make.user().id, reason="spam")
                       for _ in range(count))


@pytest.fixture
def sent(db):
    """When every contribution of the data set was sent (the times below count from it)."""
    return utcnow() - timedelta(days=2)


@pytest.fixture
def moderated(db, make, sent):
    """A small consultation whose figures are known, next to another one that must not count."""
    consultation = make.consultation(status="open")

    def comment(status="published", **fields):
        return make.comment(consultation, status=status, created_at=sent, **fields)

    approved = make.idea(consultation, created_at=sent)
    comment(deleted_at=utcnow())
    held_personal, held_spam = comment("pending"), comment("pending")
    upheld, removed_twice, hidden = comment("rejected"), comment("rejected"), comment("hidden")
    overturned = comment()
    db.session.add_all([
        Hold(contribution_id=held_personal.id, rule="phone"),
        Hold(contribution_id=held_personal.id, rule="email"),
        Hold(contribution_id=held_spam.id, rule="too_many_links"),
        Hold(contribution_id=held_spam.id, rule="abusive_language"),
        Hold(contribution_id=upheld.id, rule="sin"),
        Hold(contribution_id=hidden.id, rule="abusive_language"),
    ])
    # First decisions after 30 min, 1 h, 2 h 15 min, 3 h and 4 h: the median is 2 h 15 min.
    decide(db, hidden, "hide", timedelta(minutes=30), "abusive")
    decide(db, upheld, "reject", timedelta(hours=1), "personal_information")
    decide(db, removed_twice, "hide", timedelta(hours=2, minutes=15), "spam")
    decide(db, removed_twice, "reject", timedelta(hours=5), "off_topic")
    decide(db, approved, "approve", timedelta(hours=3))
    decide(db, overturned, "reject", timedelta(hours=4), "spam")
    for contribution, action in ((upheld, "appeal_upheld"), (overturned, "appeal_overturned")):
        answer = decide(db, contribution, action, timedelta(hours=20))
        db.session.add(Appeal(contribution_id=contribution.id, text="Look again",
                              decided_at=answer.created_at, decision_id=answer.id))
    db.session.add(Appeal(contribution_id=removed_twice.id, text="Please"))
    flag(db, make, approved, 3)
    flag(db, make, hidden, 1)
    _other_consultation(db, make, sent)
    db.session.commit()
    return consultation


def _other_consultation(db, make, sent):
    other = make.consultation(status="open")
    rejected = make.comment(other, status="rejected", created_at=sent)
    db.session.add(Hold(contribution_id=rejected.id, rule="phone"))
    decide(db, rejected, "reject", timedelta(minutes=1), "personal_information")
    db.session.add(Appeal(contribution_id=rejected.id, text="Other"))
    flag(db, make, rejected, 2)


def test_the_report_counts_what_moderation_did(client, moderated):
    text = page_text(client.get(report_url(moderated)))

    assert ("Published 3 Awaiting review 2 Rejected 2 Hidden by a moderator 1 "
            "All contributions 8") in text
    assert "1 of these was later deleted by its author." in text
    for row in ("Personal information 1 0", "Abusive or hateful 0 1", "Spam or advertising 0 0",
                "Off topic 1 0", "Duplicate 0 0", "Other reason 0 0"):
        assert row in text
    assert "No reason recorded" not in text
    assert ("May contain personal information 2 May be abusive 2 May be spam 1 "
            "Contributions held (one may be held for more than one reason) 4") in text
    assert ("Flags received 4 Appeals received 3 Appeals decided 2 "
            "Decisions overturned on appeal 1") in text
    assert "Contributions with a decision 5" in text
    assert "Median time to a decision 2 hours and 15 minutes" in text


def test_every_figure_says_it_covers_this_consultation_only(client, moderated):
    html = client.get(report_url(moderated)).get_data(as_text=True)

    assert html.count("<h1>") == 1
    assert html.count("<caption>") == 5
    assert html.count("This consultation only.") >= 6
    assert 'scope="row"' in html and 'scope="col"' in html


def test_the_median_of_an_even_count_is_halfway(client, db, make, sent):
    consultation = make.consultation(status="closed")
    for hours in (1, 2):
        decide(db, make.comment(consultation, status="rejected", created_at=sent), "reject",
               timedelta(hours=hours), "spam")
    db.session.commit()

    text = page_text(client.get(report_url(consultation)))

    assert "Median time to a decision 1 hour and 30 minutes" in text


def test_an_empty_consultation_has_a_report_of_zeros(client, make):
    consultation = make.consultation(status="open")

    text = page_text(client.get(report_url(consultation)))

    assert "All contributions 0" in text
    assert "Median time to a decision No decision yet" in text


@pytest.mark.parametrize("seconds, words", [
    (20, "less than a minute"),
    (60, "1 minute"),
    (45 * 60, "45 minutes"),
    (3600, "1 hour"),
    (2 * 3600 + 60, "2 hours and 1 minute"),
    (50 * 3600 + 30 * 60, "50 hours and 30 minutes"),
])
def test_durations_are_told_in_words(app, seconds, words):
    with app.test_request_context():
        assert plain_duration(timedelta(seconds=seconds)) == words


def test_a_draft_consultation_has_no_public_report(client, make):
    lead = make.organization()
    draft = make.consultation(status="draft", lead=lead)

    assert client.get(report_url(draft)).status_code == 404
    assert client.login_as(make.user()).get(report_url(draft)).status_code == 404
    assert client.login_as(make.user(role="designer", organization=lead)).get(
        report_url(draft)).status_code == 200


def test_an_unknown_consultation_is_not_found(client, db):
    assert client.get("/consultations/no-such-thing/moderation").status_code == 404


def _fill(db, make, consultation, size):
    """`size` contributions of every status, with holds, decisions, flags and appeals."""
    now = utcnow()
    for n in range(size):
        status = ("published", "pending", "rejected", "hidden", "published")[n % 5]
        comment = make.comment(consultation, status=status, created_at=now - timedelta(hours=n + 1))
        db.session.add(Hold(contribution_id=comment.id, rule=("phone", "too_fast", "abusive_language")[n % 3]))
        flag(db, make, comment, 1)
        if status != "pending":
            action = {"published": "approve", "rejected": "reject", "hidden": "hide"}[status]
            decide(db, comment, action, timedelta(minutes=n + 5), "spam")
        if status == "rejected":
            db.session.add(Appeal(contribution_id=comment.id, text="Again"))
    db.session.commit()


def test_the_report_runs_a_fixed_number_of_queries(client, db, make, count_queries):
    counts = []
    for size in (5, 50):
        consultation = make.consultation(status="open")
        _fill(db, make, consultation, size)
        with count_queries() as queries:
            response = client.get(report_url(consultation))
        assert response.status_code == 200
        assert f"All contributions {size}" in page_text(response)
        counts.append(len(queries))

    assert counts[0] == counts[1]
