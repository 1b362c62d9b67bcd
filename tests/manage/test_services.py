"""Describing services: names, descriptions and their life events, segments and channels."""

import pytest

from consult.models import AuditEvent, Service
from tests.conftest import page_text

from .markup import checked, unchecked

NEW = "/manage/services/new"


def form_data(**changes):
    data = {
        "slug": "business-permits", "name_en": "Business permits", "name_fr": "Permis d'entreprise",
        "description_en": "Permits to open a shop.", "description_fr": "Permis pour ouvrir un commerce.",
        "life_event": ["starting_a_business", "moving"], "segment": ["businesses"],
        "channel": ["online", "in_person"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def saved(db, slug="business-permits"):
    return db.session.scalar(db.select(Service).filter_by(slug=slug))


def test_new_form_shows_checkbox_groups(client, designer):
    client.login_as(designer)
    response = client.get(NEW)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<fieldset class="field" id="life_event"' in html
    assert "people_with_disabilities" in unchecked(html, "segment")
    assert unchecked(html, "channel") == {"online", "phone", "in_person", "mail"}
    assert "Arriving in Canada" in page_text(response)


def test_create_saves_names_and_tags(client, db, designer):
    client.login_as(designer)
    response = client.post(NEW, form_data())
    assert response.status_code == 303
    service = saved(db)
    assert (service.name_en, service.name_fr) == ("Business permits", "Permis d'entreprise")
    assert service.description_fr == "Permis pour ouvrir un commerce."
    assert sorted(service.codes("life_event")) == ["moving", "starting_a_business"]
    assert service.codes("segment") == ["businesses"]
    assert sorted(service.codes("channel")) == ["in_person", "online"]
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="service.create")).all()
    assert (event.actor_id, event.target_id) == (designer.id, service.id)


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "Business Permits"}, "Use only lowercase letters, digits and single hyphens"),
    ({"slug": "taken"}, "This web address is already used. Choose another."),
    ({"name_en": "", "name_fr": "  "}, "Enter a name in English or in French."),
    ({"segment": ["dragons"]}, "not a valid choice"),
    ({"name_en": "x" * 201}, "Use 200 characters or fewer."),
])
def test_create_refuses_bad_input(client, db, make, designer, changes, message):
    make.service().slug = "taken"
    db.session.commit()
    client.login_as(designer)
    response = client.post(NEW, form_data(**changes))
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Service)) == 1


def test_edit_form_shows_current_tags(client, make, designer):
    service = make.service(life_events=("moving",), segments=("seniors",), channels=("phone",))
    client.login_as(designer)
    html = client.get(f"/manage/services/{service.slug}/edit").get_data(as_text=True)
    assert checked(html, "life_event") == {"moving"}
    assert checked(html, "segment") == {"seniors"}
    assert checked(html, "channel") == {"phone"}
    assert f'value="{service.name_en}"' in html


def test_edit_replaces_tags_and_keeps_its_own_slug(client, db, make, designer):
    service = make.service(life_events=("moving", "retiring"), segments=("seniors",), channels=("phone",))
    client.login_as(designer)
    data = form_data(slug=service.slug, life_event=["retiring", "finding_work"], segment=None)
    response = client.post(f"/manage/services/{service.slug}/edit", data)
    assert response.status_code == 303
    db.session.refresh(service)
    assert sorted(service.codes("life_event")) == ["finding_work", "retiring"]
    assert service.codes("segment") == []
    assert sorted(service.codes("channel")) == ["in_person", "online"]
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="service.edit")).all()
    assert "life_event" in event.data["fields"] and "segment" in event.data["fields"]


def test_unknown_service_is_404(client, designer):
    client.login_as(designer)
    assert client.get("/manage/services/nothing-here/edit").status_code == 404
