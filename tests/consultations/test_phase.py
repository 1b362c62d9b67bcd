"""Status and dates are read as one truth (Consultation.phase): the badge on the page and the
list, the list's status filter, the home page, allows() and intake all agree, whatever the dates."""

import re
from datetime import timedelta

import pytest

from consult.intake.services import recordable_consultations
from consult.models import Consultation
from consult.models.base import utcnow
from consult.permissions import can
from tests.conftest import page_text

#: (when, opens_on, closes_on) as days from today.
DATES = {"before start": (3, 30), "within": (-7, 30), "after end": (-30, -2)}

#: status × dates → (phase, badge the page and the card show, allows("comment")).
TABLE = [
    ("open", "before start", "upcoming", "Opens on {opens}", False),
    ("open", "within", "open", "Open", True),
    ("open", "after end", "closed", "Closed", False),
    ("closed", "before start", "closed", "Closed", False),
    ("closed", "within", "closed", "Closed", False),
    ("closed", "after end", "closed", "Closed", False),
    ("reported", "before start", "reported", "Reported", False),
    ("reported", "within", "reported", "Reported", False),
    ("reported", "after end", "reported", "Reported", False),
    ("draft", "before start", "draft", "Draft", False),
    ("draft", "within", "draft", "Draft", False),
    ("draft", "after end", "draft", "Draft", False),
]

FILTERS = ("open", "upcoming", "closed", "reported")


def _badges(response):
    """The text of every status badge on the page."""
    html = response.get_data(as_text=True)
    return [re.sub(r"\s+", " ", text).strip()
            for text in re.findall(r'<span class="status status-[a-z]+">(.*?)</span>', html)]


@pytest.fixture
def staff(make, org):
    return make.user(role="intake", organization=org)


@pytest.mark.parametrize("status, when, phase, badge, allows", TABLE)
def test_status_and_dates_give_one_phase_everywhere(client, make, org, staff, db, status, when, phase, badge,
                                                    allows):
    today = utcnow().date()
    opens, closes = (today + timedelta(days=days) for days in DATES[when])
    consultation = make.consultation(status=status, lead=org, opens_on=opens, closes_on=closes,
                                     title_en="The one under test")
    badge = badge.format(opens=opens.isoformat())

    assert consultation.phase == phase
    assert consultation.is_open is allows
    assert all(consultation.allows(action) is allows for action in ("idea", "comment", "vote", "flag", "edit"))
    # The SQL rule is the same rule: exactly one phase matches, the property's.
    matching = {name for name in (*FILTERS, "draft") if db.session.scalar(
        db.select(Consultation.id).where(Consultation.id == consultation.id, Consultation.in_phase(name)))}
    assert matching == {phase}
    assert db.session.scalar(db.select(Consultation.id).where(Consultation.is_open)) == (
        consultation.id if allows else None)

    # Intake records only into what is open today, in the list and in the permission.
    assert can(staff, "intake.record", consultation) is allows
    assert (consultation in recordable_consultations(staff)) is allows

    if status == "draft":
        client.login_as(make.user(role="designer", organization=org))
    page = client.get(f"/consultations/{consultation.slug}")
    assert _badges(page)[0] == badge
    text = page_text(page)
    assert ("not open" in text or "opens on" in text) is not allows

    for name in FILTERS:
        listed = "The one under test" in page_text(client.get(f"/consultations/?status={name}"))
        assert listed is (name == phase), name
    listing = client.get("/consultations/")
    if status == "draft":
        return
    assert badge in _badges(listing)
    assert ("The one under test" in page_text(client.get("/"))) is allows
