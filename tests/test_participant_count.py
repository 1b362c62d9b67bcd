"""The participant counts on the consultation cards come from the kept reasons to count
(participations): they must always equal what the one definition of taking part
(consult/participation.py) counts from the data itself."""

import sqlalchemy as sa

from consult.account.privacy import erase_account
from consult.contributions import services
from consult.contributions.status import set_status
from consult.models import Participant
from consult.participation import (
    participant_counts,
    recount_participation,
    stored_participant_counts,
)


def _assert_exact(db, *consultations):
    db.session.flush()
    ids = [c.id for c in consultations]
    stored, counted = stored_participant_counts(ids), participant_counts(ids)
    assert stored == counted
    return [stored.get(i, 0) for i in ids]


def test_every_way_of_taking_part_and_leaving_keeps_the_count_exact(db, make):
    consultation, other = make.consultation(status="open"), make.consultation(status="open")
    ana, bo, cy = make.user(), make.user(), make.user()
    assert _assert_exact(db, consultation, other) == [0, 0]

    idea, _ = services.add_idea(consultation, ana, "Longer hours", "Open until eight.")
    comment, _ = services.add_comment(consultation, ana, "And on Saturdays.", idea=idea)
    assert _assert_exact(db, consultation, other) == [1, 0]  # two reasons, one person

    services.cast_vote(idea, bo, 1)
    services.cast_vote(idea, bo, -1)  # a changed vote is still one reason
    assert _assert_exact(db, consultation, other) == [2, 0]
    services.cast_vote(idea, bo, 0)
    assert _assert_exact(db, consultation, other) == [1, 0]

    set_status(comment, "hidden")
    assert _assert_exact(db, consultation, other) == [1, 0]  # the idea still counts
    set_status(idea, "rejected")
    assert _assert_exact(db, consultation, other) == [0, 0]
    set_status(idea, "published")
    set_status(comment, "published")
    assert _assert_exact(db, consultation, other) == [1, 0]

    services.delete_contribution(comment)
    services.delete_contribution(idea)
    assert _assert_exact(db, consultation, other) == [0, 0]

    second, _ = services.add_idea(other, cy, "Text reminders", "A message the day before.")
    services.cast_vote(second, bo, 1)
    services.cast_vote(second, ana, -1)
    # Input recorded by intake staff has no author account: it counts no one.
    services.add_comment(other, None, "Phoned in: keep the paper form.", channel="phone",
                         recorded_by=make.user())
    assert _assert_exact(db, consultation, other) == [0, 3]

    erase_account(bo, remove_text=False)
    assert _assert_exact(db, consultation, other) == [0, 2]
    erase_account(cy, remove_text=True)
    assert _assert_exact(db, consultation, other) == [0, 1]


def test_pre_moderated_input_counts_once_a_moderator_publishes_it(db, make):
    consultation = make.consultation(status="open", moderation_mode="pre")
    comment, _ = services.add_comment(consultation, make.user(), "Please add a ramp.")
    assert comment.status == "pending"
    assert _assert_exact(db, consultation) == [0]
    set_status(comment, "published")
    assert _assert_exact(db, consultation) == [1]


def test_a_recount_rebuilds_what_a_bulk_load_left_out(db, make):
    consultation = make.consultation(status="open")
    make.idea(consultation)
    make.comment(consultation)
    db.session.execute(sa.delete(Participant))  # as a bulk load leaves it
    assert stored_participant_counts([consultation.id]) == {}
    recount_participation([consultation.id])
    assert _assert_exact(db, consultation) == [2]


def test_the_cards_show_the_stored_count_without_counting_people(client, db, make, count_queries):
    consultation = make.consultation(status="open", title_en="Counted consultation")
    for _ in range(3):
        make.comment(consultation)
    with count_queries() as queries:
        text = client.get("/").get_data(as_text=True)
    assert "3 participants" in text
    assert not any("votes" in statement and "UNION" in statement.upper() for statement in queries)
