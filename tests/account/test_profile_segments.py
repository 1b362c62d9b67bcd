"""Who took part (optional): what a participant says about themselves, and taking it back."""

import pytest

from consult.models import AuditEvent
from tests.conftest import page_text

URL = "/account/about-you"


def test_a_visitor_is_sent_to_sign_in(client):
    for response in (client.get(URL), client.post(URL, {"segments": ["parent"], "save": "y"})):
        assert response.status_code == 302
        assert response.location.startswith("/auth/login?next=")


def test_the_page_explains_why_and_how_before_asking(client, make):
    client.login_as(make.user())

    response = client.get(URL)

    text = page_text(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.count("Who took part (optional)") == 2  # the title and the one heading
    assert html.count("<h1") == 1
    for words in ("who they heard from", "who they missed", "fewer than 5 people is never shown",
                  "Never shown next to what you write", "change or remove it at any time"):
        assert words in text
    assert "Newcomer to Canada" in text and "Nunavut" in text
    assert '<option value="">Prefer not to say</option>' in html
    assert "checked" not in html and "selected" not in html
    assert 'name="csrf_token"' in html


def test_the_account_page_links_to_it(client, make):
    client.login_as(make.user())

    html = client.get("/account/").get_data(as_text=True)

    assert 'href="/account/about-you"' in html
    assert 'href="/account/data"' in html
    assert 'href="/account/delete"' in html


def test_saving_stores_the_answers_and_audits_without_them(client, db, make):
    user = make.user(name="Ana")
    client.login_as(user)

    response = client.post(URL, {"segments": ["senior", "parent"], "region": "NS", "save": "y"})

    assert response.status_code == 303
    assert response.location == "/account/"
    db.session.refresh(user)
    assert user.segments == ["parent", "senior"]
    assert user.region == "NS"
    assert user.display_name == "Ana"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.profile_segments"))
    assert event.actor_id == user.id
    assert "senior" not in repr(event.data) and "NS" not in repr(event.data)
    html = client.get(URL).get_data(as_text=True)
    assert '<input checked id="segments-2" name="segments" type="checkbox" value="parent">' in html
    assert '<input checked id="segments-3" name="segments" type="checkbox" value="senior">' in html
    assert html.count("checked") == 2
    assert '<option selected value="NS">' in html


def test_declining_leaves_everything_empty(client, db, make):
    user = make.user()
    client.login_as(user)

    response = client.post(URL, {"region": "", "save": "y"})

    assert response.status_code == 303
    db.session.refresh(user)
    assert user.segments == [] and user.region is None


def test_remove_clears_both(client, db, make):
    user = make.user()
    user.segments, user.region = ["youth"], "QC"
    db.session.commit()
    client.login_as(user)

    response = client.post(URL, {"segments": ["youth"], "region": "QC", "remove": "y"})

    assert response.status_code == 303
    db.session.refresh(user)
    assert user.segments == [] and user.region is None
    assert "What you told us about yourself is removed." in page_text(client.get("/account/"))


@pytest.mark.parametrize("data, message", [
    ({"segments": ["parent", "astronaut"]}, "Choose only from the list."),
    ({"region": "XX"}, "Choose a place from the list."),
    ({"region": "<script>"}, "Choose a place from the list."),
])
def test_unknown_codes_are_refused(client, db, make, data, message):
    user = make.user()
    client.login_as(user)

    response = client.post(URL, {**data, "save": "y"})

    assert response.status_code == 200
    assert message in page_text(response)
    assert "There is a problem" in page_text(response)
    db.session.refresh(user)
    assert user.segments == [] and user.region is None


def test_needs_a_csrf_token(client, db, make):
    user = make.user()
    client.login_as(user)

    response = client.post(URL, {"segments": ["parent"], "save": "y"}, csrf=False)

    assert response.status_code == 400
    db.session.refresh(user)
    assert user.segments == []
