"""The account page: the person's details and their own contributions."""

from datetime import timedelta

from consult.models.base import utcnow
from tests.conftest import page_text


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.location == "/auth/login?next=%2Faccount%2F"


def test_shows_the_details_of_the_person(client, make):
    client.login_as(make.user(name="Ana", email="ana@example.ca"))

    text = page_text(client.get("/account/"))

    assert "Ana" in text
    assert "ana@example.ca" in text


def test_says_so_when_there_is_nothing_yet(client, make):
    client.login_as(make.user())

    assert "You have not proposed an idea or written a comment yet." in page_text(client.get("/account/"))


def test_lists_own_contributions_with_their_status_and_link(client, make):
    user = make.user()
    consultation = make.consultation(title_en="Registering a newborn")
    idea = make.idea(consultation, author=user, title="Register at the hospital")
    on_idea = make.comment(consultation, author=user, idea=idea, body="Comment on my idea",
                           status="pending")
    general = make.comment(consultation, author=user, body="A general remark", status="rejected")
    hidden = make.comment(consultation, author=user, body="Hidden one", status="hidden")
    deleted = make.comment(consultation, author=user, body="Changed my mind", deleted_at=utcnow())
    make.idea(consultation, title="Someone else's idea")
    client.login_as(user)

    response = client.get("/account/")

    text = page_text(response)
    html = response.get_data(as_text=True)
    assert "Register at the hospital" in text
    assert "Someone else's idea" not in text
    assert "Registering a newborn" in text
    for status in ("Published", "Awaiting review", "Rejected", "Hidden by a moderator", "Deleted by you"):
        assert status in text
    slug = consultation.slug
    assert f'href="/consultations/{slug}/ideas/{idea.id}"' in html
    assert f'href="/consultations/{slug}/ideas/{idea.id}#comment-{on_idea.id}"' in html
    assert f'href="/consultations/{slug}#comment-{general.id}"' in html
    assert f"#comment-{hidden.id}" in html and f"#comment-{deleted.id}" in html


def test_newest_first(client, db, make):
    user = make.user()
    consultation = make.consultation()
    now = utcnow()
    make.idea(consultation, author=user, title="Older idea", created_at=now - timedelta(days=2))
    make.comment(consultation, author=user, body="Newest comment", created_at=now)
    make.idea(consultation, author=user, title="Middle idea", created_at=now - timedelta(days=1))
    client.login_as(user)

    text = page_text(client.get("/account/"))

    assert text.index("Newest comment") < text.index("Middle idea") < text.index("Older idea")


def test_titles_follow_the_page_language(client, make):
    user = make.user()
    consultation = make.consultation(title_en="Driving tests up north", title_fr="Examens de conduite au nord")
    make.idea(consultation, author=user)
    client.login_as(user)
    client.post("/account/language", {"locale": "fr", "next": "/account/"})

    text = page_text(client.get("/account/"))

    assert "Examens de conduite au nord" in text


def test_paginates_twenty_per_page(client, make):
    user = make.user()
    consultation = make.consultation()
    now = utcnow()
    for n in range(21):
        make.idea(consultation, author=user, title=f"Idea number {n:02d}",
                  created_at=now - timedelta(minutes=n))
    client.login_as(user)

    first = page_text(client.get("/account/"))
    second = page_text(client.get("/account/?page=2"))

    assert "Idea number 00" in first and "Idea number 19" in first
    assert "Idea number 20" not in first
    assert "Idea number 20" in second and "Idea number 00" not in second
    assert "Page 1 of 2" in first


def test_a_page_past_the_end_is_empty_not_an_error(client, make):
    client.login_as(make.user())

    assert client.get("/account/?page=99").status_code == 200


def test_the_number_of_queries_does_not_grow_with_contributions(client, make, count_queries):
    user = make.user()
    client.login_as(user)

    def queries_for(count):
        consultation = make.consultation()
        while len(user_contributions) < count:
            idea = make.idea(consultation, author=user)
            user_contributions.append(idea)
            user_contributions.append(make.comment(make.consultation(), author=user, idea=None))
            user_contributions.append(make.comment(consultation, author=user, idea=idea))
        with count_queries() as queries:
            assert client.get("/account/").status_code == 200
        return len(queries)

    user_contributions = []
    few = queries_for(3)
    many = queries_for(30)

    assert len(user_contributions) == 30
    assert many == few
