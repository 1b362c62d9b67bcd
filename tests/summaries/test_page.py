"""The summary page: who may open it, what it shows, and a fixed number of queries once cached."""

import re

import pytest

from tests.conftest import page_text
from tests.manage.roles import ROLES, assert_refused, person, signed_in

URL = "/manage/consultations/newborn-registration/summary"
#: Who may read the summary: the designers of the lead and of a partner organisation.
ALLOWED = {"designer", "partner_designer"}


@pytest.mark.parametrize("role", [*ROLES, "partner_designer"])
def test_who_may_read_the_summary(client, make, org, consultation, role):
    if role == "partner_designer":
        partner = make.organization()
        consultation.partners = [partner]
        make.db.session.commit()
        user = make.user(role="designer", organization=partner)
    else:
        user = person(make, role, org)
    response = signed_in(client, user).get(URL)
    if role in ALLOWED:
        assert response.status_code == 200
        assert "Summary" in page_text(response)
    else:
        assert_refused(response, role)


def test_unknown_consultation(client, designer):
    assert client.login_as(designer).get("/manage/consultations/nowhere/summary").status_code == 404


def test_page_shows_figures_charts_and_tables(client, make, designer, consultation, vote):
    idea = make.idea(consultation, title="Open offices on Saturdays")
    make.comment(consultation, idea=idea, body="Saturdays <b>would</b> help working parents.")
    vote(idea, make.user(), 1)
    response = client.login_as(designer).get(URL)
    html, text = response.get_data(as_text=True), page_text(response)
    assert "Only published contributions count" in text
    assert "Participants online (contributed or voted) 3" in text
    assert "Published ideas 1" in text and "Votes on published ideas 1" in text
    assert "Open offices on Saturdays" in text
    assert html.count("<figure") == html.count("<figcaption") >= 3
    assert html.count("<svg") >= 3 and "<script" not in re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert 'role="img"' in html and "<details>" in html
    assert "Online 2" in text  # the table behind the channel chart
    assert "too few" in text  # no themes, no opinion groups on so little


def _contribute(make, consultation, vote, voters, ideas):
    made = [make.idea(consultation, title=f"Idea number {n}") for n in range(ideas)]
    people = [make.user() for _ in range(voters)]
    for n, person_ in enumerate(people):
        for idea in made:
            vote(idea, person_, 1 if (n + idea.id) % 3 else -1)
        make.comment(consultation, idea=made[n % ideas], body=f"Comment {n} about hours and forms")


def test_a_fixed_number_of_queries_once_cached(client, make, designer, consultation, vote, count_queries):
    client.login_as(designer)
    counts = []
    for voters, ideas in ((3, 2), (14, 5)):
        _contribute(make, consultation, vote, voters, ideas)
        assert client.get(URL).status_code == 200  # computes and stores
        with count_queries() as statements:
            assert client.get(URL).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
