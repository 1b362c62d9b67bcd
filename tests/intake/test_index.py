"""The intake page: where staff can record, and what they recorded lately."""

from datetime import timedelta

from consult.models.base import utcnow
from tests.conftest import page_text


def test_lists_open_consultations_of_lead_and_partner(client, make, org, partner, consultation, staff):
    partnered = make.consultation(lead=make.organization(), partners=[org], title_en="Partnered one")
    make.consultation(lead=org, status="draft", title_en="A draft")
    make.consultation(lead=org, status="closed", title_en="A closed one")
    make.consultation(lead=org, closes_on=utcnow().date() - timedelta(days=1), title_en="Past its date")
    make.consultation(title_en="Someone else's")
    client.login_as(staff)
    response = client.get("/intake/")
    text = page_text(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert consultation.title_en in text and "Partnered one" in text
    for hidden in ("A draft", "A closed one", "Past its date", "Someone else's"):
        assert hidden not in text
    assert f'href="/intake/consultations/{consultation.slug}/new"' in html
    assert f'href="/intake/consultations/{partnered.slug}/new"' in html


def test_shows_own_recent_entries(client, make, consultation, staff):
    client.login_as(staff)
    client.post(f"/intake/consultations/{consultation.slug}/new", {
        "channel": "email", "received_on": utcnow().date().isoformat(), "kind": "idea",
        "title": "Mail the forms", "body": "Please.", "idea": "0", "submission_key": "a"})
    text = page_text(client.get("/intake/"))
    assert "Mail the forms" in text and "By email" in text and "Published" in text
    colleague = make.user(role="intake", organization=consultation.lead_organization)
    assert "Mail the forms" not in page_text(client.login_as(colleague).get("/intake/"))


def _record(client, consultation, count, start):
    for n in range(start, start + count):
        response = client.post(f"/intake/consultations/{consultation.slug}/new", {
            "channel": "phone", "received_on": utcnow().date().isoformat(), "kind": "comment",
            "body": f"Comment number {n}.", "idea": "0", "submission_key": f"key-{n}"})
        assert response.status_code == 303


def test_query_count_does_not_grow_with_entries(client, make, org, consultation, staff, count_queries):
    make.consultation(lead=make.organization(), partners=[org])
    client.login_as(staff)
    _record(client, consultation, 2, 0)
    client.get("/intake/")
    with count_queries() as few:
        assert client.get("/intake/").status_code == 200
    _record(client, consultation, 18, 2)
    with count_queries() as many:
        response = client.get("/intake/")
    assert "Comment number 19." in page_text(response)
    assert len(many) == len(few)
