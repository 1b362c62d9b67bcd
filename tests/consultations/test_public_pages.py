"""The public pages: home, list with filters, a consultation, a service, /healthz."""

import pytest

from tests.conftest import page_text


def test_home_lists_open_consultations_with_counts(client, make):
    lead = make.organization(name="Federal Department of Births")
    partner = make.organization(level="provincial", name="Province of Manitoba")
    open_one = make.consultation(title_en="Registering a newborn", lead=lead, partners=[partner])
    make.consultation(status="closed", title_en="Old consultation")
    make.consultation(status="draft", title_en="Secret draft")
    author = make.user()
    make.idea(open_one, author=author)
    make.comment(open_one, author=author)
    make.comment(open_one)

    text = page_text(client.get("/"))

    assert "Registering a newborn" in text
    assert "Federal Department of Births" in text and "Province of Manitoba" in text
    assert "1 idea" in text and "2 comments" in text and "2 participants" in text
    assert "Old consultation" not in text and "Secret draft" not in text


@pytest.mark.parametrize("query, expected", [
    ("status=closed", {"Closed one"}),
    ("status=open", {"Newborn registration", "Road tests up north"}),
    ("life_event=learning_to_drive", {"Road tests up north"}),
    ("segment=rural_remote", {"Road tests up north"}),
    ("level=provincial", {"Road tests up north"}),
    ("q=newborn", {"Newborn registration"}),
    ("q=%25", set()),
    ("", {"Newborn registration", "Road tests up north", "Closed one"}),
])
def test_list_filters(client, make, query, expected):
    province = make.organization(level="provincial")
    roads = make.service(life_events=["learning_to_drive"], segments=["rural_remote"])
    make.consultation(title_en="Newborn registration")
    make.consultation(title_en="Road tests up north", service=roads, partners=[province])
    make.consultation(title_en="Closed one", status="closed")
    make.consultation(title_en="Draft one", status="draft")

    text = page_text(client.get(f"/consultations/?{query}"))

    shown = {t for t in ("Newborn registration", "Road tests up north", "Closed one", "Draft one") if t in text}
    assert shown == expected


def test_list_rejects_unknown_filter_values_without_error(client, make):
    make.consultation()
    assert client.get("/consultations/?status=nonsense&level=%00&page=abc").status_code == 200


def test_list_is_paginated(client, make):
    service = make.service()
    lead = make.organization()
    for n in range(23):
        make.consultation(title_en=f"Consultation number {n:02d}", service=service, lead=lead)
    first = page_text(client.get("/consultations/"))
    second = page_text(client.get("/consultations/?page=2"))
    assert "23 consultations found" in first
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count("Consultation number") == 20 and second.count("Consultation number") == 3


def test_draft_is_invisible_to_the_public_but_not_to_its_staff(client, make):
    lead = make.organization()
    draft = make.consultation(status="draft", lead=lead)
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    client.login_as(make.user())
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    client.login_as(make.user(role="moderator", organization=lead))
    assert client.get(f"/consultations/{draft.slug}").status_code == 200


def test_consultation_page_shows_sanitised_background(client, make):
    consultation = make.consultation(background_en="Read **this**.\n\n<script>alert(1)</script>[x](javascript:alert(1))")
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "<strong>this</strong>" in html
    assert "<script>alert(1)" not in html and "javascript:" not in html


def test_consultation_falls_back_to_the_other_language_with_lang_attribute(client, make):
    consultation = make.consultation(title_en="", title_fr="Inscription des naissances")
    client.post("/account/language", {"locale": "en", "next": "/"})
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert '<h1 lang="fr">Inscription des naissances</h1>' in html


@pytest.mark.parametrize("order, first", [
    ("supported", "Loved"), ("newest", "Fresh"), ("discussed", "Talked about"), ("divided", "Split"),
])
def test_ideas_sort_orders(client, make, order, first):
    consultation = make.consultation()
    make.idea(consultation, title="Loved", agree_count=10, disagree_count=0)
    make.idea(consultation, title="Split", agree_count=6, disagree_count=6)
    make.idea(consultation, title="Talked about", comment_count=9)
    make.idea(consultation, title="Fresh")
    text = page_text(client.get(f"/consultations/{consultation.slug}?order={order}"))
    positions = {t: text.index(t) for t in ("Loved", "Split", "Talked about", "Fresh")}
    assert min(positions, key=positions.get) == first


def test_service_page_lists_tags_and_consultations(client, make):
    service = make.service(life_events=["having_a_child"], segments=["parents", "newcomers"])
    make.consultation(service=service, title_en="About births")
    make.consultation(service=service, title_en="Hidden draft", status="draft")
    text = page_text(client.get(f"/services/{service.slug}"))
    assert "Having a child" in text and "Newcomers" in text and "Parents" in text
    assert "About births" in text and "Hidden draft" not in text


def test_unknown_pages_are_friendly_404s(client):
    response = client.get("/consultations/no-such-thing")
    assert response.status_code == 404
    assert "We could not find that page" in page_text(response)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_list_without_filters_shows_no_error(client, make):
    make.consultation()
    text = page_text(client.get("/consultations/"))
    assert "Not a valid choice" not in text and "Any service" in text
