"""The notifications list, the unread count in the header, marking as read, the email choice."""

import re

import pytest
import sqlalchemy as sa

from consult.models import EmailOptOut, Notification

from ..conftest import page_text

LIST = "/account/notifications/"


def _unread_in_header(response):
    match = re.search(r'class="count">(\d+)<', response.get_data(as_text=True))
    return int(match.group(1)) if match else 0


def test_list_shows_each_kind_with_its_link(client, make, notify, consultation):
    person = make.user()
    idea = make.idea(consultation, author=person, title="Register births online")
    notify(person, consultation)
    notify(person, consultation, idea=idea)
    notify(make.user(), consultation)
    page = client.login_as(person).get(LIST)
    text, html = page_text(page), page.get_data(as_text=True)
    assert "The outcome of a consultation you took part in is published: Consultation" in text
    assert "Your idea has a response: Register births online" in text
    assert 'href="/consultations/newborn-registration/outcome"' in html
    assert f'href="/consultations/newborn-registration/ideas/{idea.id}"' in html
    assert html.count('class="card notification notification-unread"') == 2


def test_unread_count_in_the_header(client, make, notify, consultation):
    person = make.user()
    client.login_as(person)
    assert _unread_in_header(client.get("/")) == 0
    notify(person, consultation, n=3)
    notify(make.user(), consultation, n=2)
    assert _unread_in_header(client.get("/")) == 3
    assert "3 unread" in page_text(client.get("/consultations/"))


def test_visitors_see_no_count_and_are_sent_to_sign_in(client):
    assert "Notifications" not in page_text(client.get("/"))
    response = client.get(LIST)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_header_count_costs_one_query_whatever_the_number(client, make, notify, consultation, count_queries):
    counts = {}
    for n in (1, 80):
        person = make.user()
        notify(person, consultation, n=n)
        client.login_as(person)
        with count_queries() as queries:
            page = client.get("/consultations/newborn-registration")
        assert _unread_in_header(page) == n
        counts[n] = len(queries)
    assert counts[1] == counts[80]
    other = make.user()
    client.login_as(other)
    with count_queries() as without:
        client.get("/consultations/newborn-registration")
    assert len([q for q in without if "notifications" in q]) == 1


def test_list_query_count_does_not_grow(client, make, notify, consultation, count_queries):
    counts = {}
    for n in (2, 60):
        person = make.user()
        idea = make.idea(consultation)
        notify(person, make.consultation(status="reported"), n=n // 2)
        notify(person, consultation, n=n // 2, idea=idea)
        client.login_as(person)
        with count_queries() as queries:
            assert client.get(LIST).status_code == 200
        counts[n] = len(queries)
    assert counts[2] == counts[60], counts


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_one_as_read(client, db, make, notify, consultation, htmx):
    person = make.user()
    first, second = notify(person, consultation, n=2)
    response = client.login_as(person).post(f"{LIST}{first.id}/read", htmx=htmx)
    if htmx:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f'id="notification-{first.id}"' in html and "notification-unread" not in html
        assert "Marked as read." in html and "<html" not in html
    else:
        assert response.status_code == 303 and response.headers["Location"].endswith(LIST)
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None
    assert _unread_in_header(client.get("/")) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_all_as_read(client, db, make, notify, consultation, htmx):
    person, other = make.user(), make.user()
    notify(person, consultation, n=3)
    notify(other, consultation, n=2)
    response = client.login_as(person).post(f"{LIST}read", htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="inbox"' in response.get_data(as_text=True)
        assert "notification-unread" not in response.get_data(as_text=True)
    unread = dict(db.session.execute(
        sa.select(Notification.user_id, sa.func.count()).where(Notification.read_at.is_(None))
        .group_by(Notification.user_id)).all())
    assert unread == {other.id: 2}


def test_someone_elses_notification_is_refused(client, db, make, notify, consultation):
    (theirs,) = notify(make.user(), consultation)
    assert client.login_as(make.user()).post(f"{LIST}{theirs.id}/read").status_code == 403
    assert db.session.get(Notification, theirs.id).read_at is None
    assert client.post(f"{LIST}99999/read").status_code == 404


def test_marking_needs_a_csrf_token(client, db, make, notify, consultation):
    person = make.user()
    (mine,) = notify(person, consultation)
    assert client.login_as(person).post(f"{LIST}{mine.id}/read", csrf=False).status_code == 400
    assert client.post(f"{LIST}read", csrf=False).status_code == 400
    assert db.session.get(Notification, mine.id).read_at is None


@pytest.mark.parametrize("url", [f"{LIST}read", f"{LIST}1/read", f"{LIST}email"])
def test_visitors_cannot_post(client, url):
    response = client.post(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_email_choice(client, db, make):
    person = make.user()
    client.login_as(person)
    assert 'checked' in client.get(LIST).get_data(as_text=True)
    response = client.post(f"{LIST}email", {})
    assert response.status_code == 303
    assert db.session.get(EmailOptOut, person.id) is not None
    client.post(f"{LIST}email", {})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailOptOut)) == 1
    assert 'checked' not in client.get(LIST).get_data(as_text=True)
    client.post(f"{LIST}email", {"wanted": "y"})
    assert db.session.get(EmailOptOut, person.id) is None


def test_account_page_links_to_notifications(client, make):
    html = client.login_as(make.user()).get("/account/").get_data(as_text=True)
    assert f'href="{LIST}"' in html
