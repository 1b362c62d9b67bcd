"""People who reached government off-line count as participants: each published intake entry is
one person, a workshop as many as attended, shown beside the online ones wherever people are
counted (the cards, the consultation page, the manage participation page, the summary)."""

import pytest

from consult.intake.services import record_input
from consult.models.base import utcnow
from consult.participation import Headcount, headcount, headcounts
from consult.summaries.cache import compute_summary
from tests.conftest import page_text

from .test_record import send


@pytest.fixture
def counted(db, make, consultation, staff):
    """One online participant, a phone caller, a 12-person workshop; a held entry and a deleted one."""
    make.comment(consultation, author=make.user())
    today = utcnow().date()
    record_input(consultation, staff, "phone", today, "comment", "Longer phone hours, please.")
    record_input(consultation, staff, "workshop", today, "idea", "Drop-in days at the library.",
                 title="Drop-in days", people_count=12)
    held, _ = record_input(consultation, staff, "mail", today, "comment", "Call me at 613-555-0199.")
    assert held.status != "published"
    gone, _ = record_input(consultation, staff, "in_person", today, "comment", "Retracted.")
    gone.deleted_at = utcnow()
    db.session.commit()
    return consultation


def test_the_headcount_counts_offline_participants(db, make, counted):
    other = make.consultation()
    assert headcount(counted) == Headcount(online=1, offline=13)
    assert headcount(counted).total == 14
    assert headcounts([counted.id, other.id]) == {counted.id: Headcount(1, 13), other.id: Headcount(0, 0)}


@pytest.mark.parametrize("path", ["/", "/consultations/", "/consultations/{slug}"])
def test_public_pages_show_offline_beside_online(client, counted, path):
    text = page_text(client.get(path.format(slug=counted.slug)))
    assert "14 participants (1 online, 13 by phone, mail or in person)" in text


def test_the_service_page_shows_them_too(client, counted):
    assert "14 participants (1 online, 13 by phone, mail or in person)" in page_text(
        client.get(f"/services/{counted.service.slug}"))


def test_manage_participation_page_counts_them(client, make, org, counted):
    client.login_as(make.user(role="designer", organization=org))
    text = page_text(client.get(f"/manage/consultations/{counted.slug}/participation"))
    assert "1 person took part online (contributed or voted)." in text
    assert "13 more people took part by phone, mail or in person" in text
    assert "In all, 14 people." in text
    assert "At a workshop 1 12" in text and "By phone 1 1" in text


def test_the_summary_counts_them(counted):
    summary, _members = compute_summary(counted)
    figures = summary["participation"]
    assert (figures["participants"], figures["offline_participants"]) == (1, 13)


def test_a_workshop_entry_needs_its_attendance(client, db, consultation, staff):
    response = send(client, staff, consultation, channel="workshop", submission_key="k-w")
    assert response.status_code == 422
    assert "Enter how many people took part in the workshop." in page_text(response)
    assert send(client, staff, consultation, channel="workshop", people_count="0",
                submission_key="k-w").status_code == 422
    assert send(client, staff, consultation, channel="workshop", people_count="30",
                submission_key="k-w").status_code == 303
    assert send(client, staff, consultation, channel="phone", people_count="30",
                submission_key="k-p").status_code == 303
    assert headcount(consultation) == Headcount(0, 31)  # the phone call is one person, whatever was typed
