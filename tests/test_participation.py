"""Who took part, by segment and region: distinct people, groups under 5 never shown."""

import pytest

from consult.contributions.services import cast_vote
from consult.models.base import utcnow
from consult.participation import MINIMUM_GROUP, participation_by_segment_and_region


@pytest.fixture
def page_request(app, db):
    """A request, for the words a template would show in the page's language."""
    with app.test_request_context("/"):
        yield


def people(make, db, count, segments=(), region=None):
    """`count` new people who said `segments` and `region` about themselves."""
    made = [make.user() for _ in range(count)]
    for person in made:
        person.segments = list(segments)
        person.region = region
    db.session.commit()
    return made


def rows(groups):
    return {group.code: group.count for group in groups}


def test_a_group_of_four_is_hidden_and_a_group_of_five_is_shown(db, make, page_request):
    consultation = make.consultation()
    for person in people(make, db, 4, segments=["senior"], region="NU"):
        make.comment(consultation, author=person)
    for person in people(make, db, 5, segments=["parent"], region="ON"):
        make.comment(consultation, author=person)

    result = participation_by_segment_and_region(consultation)

    assert MINIMUM_GROUP == 5
    assert result.people == 9
    assert rows(result.segments)["senior"] is None
    assert rows(result.segments)["parent"] == 5
    assert rows(result.regions)["NU"] is None
    assert rows(result.regions)["ON"] == 5
    shown = {group.code: group.shown for group in result.segments}
    assert shown["senior"] == "fewer than 5"
    assert shown["parent"] == "5"
    assert rows(result.segments)["youth"] is None  # nobody at all is shown the same way


def test_every_vocabulary_code_has_a_row_with_its_label(db, make, page_request):
    result = participation_by_segment_and_region(make.consultation())

    assert [group.code for group in result.segments][:2] == ["newcomer", "parent"]
    assert str(dict((g.code, g.label) for g in result.regions)["QC"]) == "Quebec"
    assert result.people == 0


def test_a_person_is_counted_once_however_much_they_wrote_or_voted(db, make):
    consultation = make.consultation()
    for person in people(make, db, 5, segments=["newcomer", "parent"], region="BC"):
        idea = make.idea(consultation, author=person)
        make.comment(consultation, author=person, idea=idea)
        make.comment(consultation, author=person)
        cast_vote(idea, person, 1)
    db.session.commit()

    result = participation_by_segment_and_region(consultation)

    assert result.people == 5
    assert rows(result.segments)["newcomer"] == 5
    assert rows(result.segments)["parent"] == 5
    assert rows(result.regions)["BC"] == 5


def test_voting_is_taking_part(db, make):
    consultation = make.consultation()
    idea = make.idea(consultation)
    for person in people(make, db, 5, segments=["youth"], region="YT"):
        cast_vote(idea, person, -1)
    db.session.commit()

    result = participation_by_segment_and_region(consultation)

    assert result.people == 6  # the five voters and the idea's author
    assert rows(result.segments)["youth"] == 5
    assert rows(result.regions)["YT"] == 5


def test_other_consultations_and_unpublished_or_deleted_input_are_not_counted(db, make):
    consultation, other = make.consultation(), make.consultation()
    elsewhere = make.idea(other)
    for person in people(make, db, 5, segments=["disability"], region="MB"):
        make.comment(other, author=person)
        cast_vote(elsewhere, person, 1)
    for status in ("pending", "rejected", "hidden"):
        for person in people(make, db, 5, segments=["senior"]):
            make.comment(consultation, author=person, status=status)
    for person in people(make, db, 5, segments=["senior"]):
        make.comment(consultation, author=person, deleted_at=utcnow())
    db.session.commit()

    result = participation_by_segment_and_region(consultation)

    assert result.people == 0
    assert rows(result.segments)["disability"] is None
    assert rows(result.segments)["senior"] is None
    assert rows(result.regions)["MB"] is None


def test_people_who_did_not_say_are_counted_apart_and_suppressed_too(db, make):
    consultation = make.consultation()
    for person in people(make, db, 6):
        make.comment(consultation, author=person)
    for person in people(make, db, 2, segments=["senior"], region="ON"):
        make.comment(consultation, author=person)
    for person in people(make, db, 3, region="outside"):
        make.comment(consultation, author=person)

    result = participation_by_segment_and_region(consultation)

    assert result.people == 11
    assert result.segments_not_said == 9
    assert result.region_not_said == 6
    lone = make.consultation()
    make.comment(lone, author=people(make, db, 1)[0])
    assert participation_by_segment_and_region(lone).segments_not_said is None
    assert participation_by_segment_and_region(lone).region_not_said is None


def test_the_number_of_queries_does_not_grow_with_people(db, make, count_queries):
    counts = []
    for size in (2, 12):
        consultation = make.consultation()
        for person in people(make, db, size, segments=["parent", "senior"], region="AB"):
            make.comment(consultation, author=person)
        db.session.refresh(consultation)
        with count_queries() as queries:
            participation_by_segment_and_region(consultation)
        counts.append(len(queries))

    assert counts[0] == counts[1] == 2
