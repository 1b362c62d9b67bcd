"""The designer's overview: their organisations' consultations, drafts included, and services."""

from tests.conftest import page_text


def test_lists_led_and_partnered_consultations_of_any_status(client, make, org, designer, service):
    partner_lead = make.organization()
    mine = make.consultation(status="draft", lead=org, service=service, title_en="Our draft")
    joined = make.consultation(status="closed", lead=partner_lead, partners=[org], title_en="Joint one")
    make.consultation(status="open", title_en="Someone else's")
    mine.idea_count, mine.comment_count = 7, 12
    make.db.session.commit()
    client.login_as(designer)
    response = client.get("/manage/")
    text = page_text(response)
    assert response.status_code == 200
    assert "Our draft" in text and "Joint one" in text
    assert "Someone else's" not in text
    assert "Draft" in text and "Closed" in text
    assert "7 12" in text
    html = response.get_data(as_text=True)
    assert f'href="/manage/consultations/{mine.slug}/edit"' in html
    assert f'href="/manage/consultations/{joined.slug}/edit"' in html
    assert f'href="/manage/services/{service.slug}/edit"' in html
    assert f'href="/manage/services/{joined.service.slug}/edit"' not in html
    assert html.count("<h1") == 1


def test_says_so_when_there_is_nothing_yet(client, designer):
    client.login_as(designer)
    text = page_text(client.get("/manage/"))
    assert "Your organisations have no consultations yet." in text
    assert "No services are described yet." in text


def test_runs_a_fixed_number_of_queries(client, make, org, designer, count_queries):
    client.login_as(designer)
    make.consultation(status="draft", lead=org, partners=[make.organization()])
    with count_queries() as few:
        assert client.get("/manage/").status_code == 200
    for _ in range(5):
        make.consultation(status="open", lead=org, partners=[make.organization(), make.organization()])
        make.consultation(status="closed", lead=make.organization(), partners=[org])
    with count_queries() as many:
        assert client.get("/manage/").status_code == 200
    assert len(many) == len(few)
