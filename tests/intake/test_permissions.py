"""Who may open the intake pages and record input: every role against every page."""

from datetime import timedelta

import pytest

from consult.models import Contribution
from consult.models.base import utcnow
from tests.manage.roles import assert_refused, signed_in

ALLOWED = {"intake_lead", "intake_partner"}
ROLES = ("visitor", "citizen", "designer", "moderator", "intake_other", *sorted(ALLOWED))
PAGES = {"index": "/intake/", "record": "/intake/consultations/newborn-registration/new"}
#: Who may open each page. Any intake staff member has an intake page (intake.access), listing
#: only their own organisations' consultations; recording needs the consultation's organisation.
OPENS = {"index": ALLOWED | {"intake_other"}, "record": ALLOWED}


def person(make, role, org, partner):
    """Someone holding `role`; None for a visitor. Designer and moderator hold theirs in the lead."""
    if role == "visitor":
        return None
    if role == "citizen":
        return make.user()
    if role == "intake_other":
        return make.user(role="intake")
    if role == "intake_lead":
        return make.user(role="intake", organization=org)
    if role == "intake_partner":
        return make.user(role="intake", organization=partner)
    return make.user(role=role, organization=org)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages(client, make, org, partner, consultation, role, page):
    response = signed_in(client, person(make, role, org, partner)).get(PAGES[page])
    if role in OPENS[page]:
        assert response.status_code == 200
        link = 'href="/intake/consultations/newborn-registration/new"' in response.get_data(as_text=True)
        assert link == (page == "index" and role in ALLOWED)
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_record(client, db, make, org, partner, consultation, role):
    user = person(make, role, org, partner)
    response = signed_in(client, user).post(PAGES["record"], {
        "channel": "phone", "received_on": consultation.opens_on.isoformat(), "kind": "comment",
        "body": "Called about the forms.", "idea": "0", "submission_key": "k1"})
    stored = db.session.scalar(db.select(Contribution).filter_by(submission_key="k1"))
    if role in ALLOWED:
        assert response.status_code == 303
        assert stored is not None and stored.recorded_by_id == user.id
    else:
        assert_refused(response, role)
        assert stored is None


@pytest.mark.parametrize("status", ["draft", "closed", "reported"])
def test_consultation_not_open_refuses_recording(client, make, org, staff, status):
    closed = make.consultation(lead=org, status=status)
    client.login_as(staff)
    assert client.get(f"/intake/consultations/{closed.slug}/new").status_code == 403
    response = client.post(f"/intake/consultations/{closed.slug}/new", {
        "channel": "phone", "received_on": closed.opens_on.isoformat(), "kind": "comment",
        "body": "Too late."})
    assert response.status_code == 403


def test_past_closing_date_refuses_recording(client, make, org, staff):
    past = make.consultation(lead=org, closes_on=utcnow().date() - timedelta(days=1))
    client.login_as(staff)
    assert client.get(f"/intake/consultations/{past.slug}/new").status_code == 403


def test_unknown_consultation_is_not_found(client, staff):
    client.login_as(staff)
    assert client.get("/intake/consultations/nowhere/new").status_code == 404
