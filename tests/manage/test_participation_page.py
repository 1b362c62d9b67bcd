"""The designers' page of who took part: by channel, by segment and region, small groups hidden."""

import pytest

from consult.models import Vote
from tests.conftest import page_text


def test_counts_by_channel_and_suppressed_groups(client, db, make):
    org = make.organization()
    designer = make.user(role="designer", organization=org)
    consultation = make.consultation(lead=org)
    intake = make.user(role="intake", organization=org)
    seniors = [make.user() for _ in range(5)]
    for person in seniors:
        person.segments, person.region = ["senior"], "MB"
    newcomer = make.user()
    newcomer.segments, newcomer.region = ["newcomer"], "MB"
    db.session.commit()
    for person in seniors:
        make.comment(consultation, author=person)
    for channel, status in (("phone", "published"), ("mail", "pending")):
        offline = make.comment(consultation, channel=channel, recorded_by=intake, status=status)
        offline.author = None  # recorded anonymously by intake staff
    db.session.commit()
    idea = make.idea(consultation, author=seniors[0])
    db.session.add(Vote(idea_id=idea.id, user_id=newcomer.id, value=1))
    db.session.commit()

    client.login_as(designer)
    text = page_text(client.get(f"/manage/consultations/{consultation.slug}/participation"))

    assert "Online 6" in text and "By phone 1" in text and "By mail 0" in text
    assert "6 people took part" in text
    assert "Senior (65 or older) 6" not in text and "Senior (65 or older) 5" in text
    assert "Newcomer to Canada fewer than 5" in text
    assert "Manitoba 6" in text


@pytest.mark.parametrize("role, expected", [
    ("visitor", 302), ("citizen", 403), ("moderator", 403), ("designer_elsewhere", 403), ("designer", 200),
])
def test_only_designers_of_the_consultation_see_it(client, make, role, expected):
    org = make.organization()
    consultation = make.consultation(lead=org)
    people = {
        "citizen": make.user(), "moderator": make.user(role="moderator", organization=org),
        "designer_elsewhere": make.user(role="designer"), "designer": make.user(role="designer", organization=org),
    }
    if role != "visitor":
        client.login_as(people[role])
    assert client.get(f"/manage/consultations/{consultation.slug}/participation").status_code == expected
