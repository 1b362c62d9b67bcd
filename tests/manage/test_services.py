"""Describing services: names, descriptions and their life events, segments and channels."""

import pytest

from consult.manage import services
from consult.models import AuditEvent, Service
from tests.conftest import page_text

from .markup import checked, options, unchecked

NEW = "/manage/services/new"


def form_data(organization, **changes):
    data = {
        "organization_id": str(organization.id), "slug": "business-permits", "name_en": "Business permits", "name_fr": "Permis d'entreprise",
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


def test_create_saves_names_and_tags(client, db, org, designer):
    client.login_as(designer)
    response = client.post(NEW, form_data(org))
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
def test_create_refuses_bad_input(client, db, make, org, designer, changes, message):
    make.service().slug = "taken"
    db.session.commit()
    client.login_as(designer)
    response = client.post(NEW, form_data(org, **changes))
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Service)) == 1


def test_edit_form_shows_current_tags(client, make, org, designer):
    service = make.service(life_events=("moving",), segments=("seniors",), channels=("phone",),
                           organization=org)
    client.login_as(designer)
    html = client.get(f"/manage/services/{service.slug}/edit").get_data(as_text=True)
    assert checked(html, "life_event") == {"moving"}
    assert checked(html, "segment") == {"seniors"}
    assert checked(html, "channel") == {"phone"}
    assert f'value="{service.name_en}"' in html


def test_edit_replaces_tags_and_keeps_its_own_slug(client, db, make, org, designer):
    service = make.service(life_events=("moving", "retiring"), segments=("seniors",), channels=("phone",),
                           organization=org)
    client.login_as(designer)
    data = form_data(org, slug=service.slug, life_event=["retiring", "finding_work"], segment=None)
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


def test_create_makes_the_designers_organisation_the_owner_and_audits_it(client, db, org, designer):
    client.login_as(designer)
    assert client.post(NEW, form_data(org)).status_code == 303
    service = saved(db)
    assert service.organization_id == org.id
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="service.create")).all()
    assert [link.organization_id for link in event.organization_links] == [org.id]


def test_the_owner_offered_is_one_the_designer_works_for(client, db, make, org, designer):
    elsewhere = make.organization(name="Elsewhere")
    client.login_as(designer)
    html = client.get(NEW).get_data(as_text=True)
    assert options(html, "organization_id") == {str(org.id)}
    response = client.post(NEW, form_data(elsewhere))
    assert response.status_code == 200 and "Not a valid choice" in page_text(response)
    assert saved(db) is None


def test_the_service_refuses_an_owner_the_person_does_not_design_for(app, make, org, designer):
    elsewhere = make.organization()
    fields = dict(slug="business-permits", name_en="Permits", name_fr="", description_en="",
                  description_fr="", organization_id=elsewhere.id)
    with app.test_request_context():
        with pytest.raises(services.OrganizationsLocked):
            services.create_service(designer, codes={}, **fields)
        service = make.service(organization=org)
        with pytest.raises(services.OrganizationsLocked):
            services.update_service(service, designer, codes={}, **fields)


def test_an_edit_is_audited_in_the_owners_log(client, db, make, org, designer):
    service = make.service(organization=org)
    client.login_as(designer)
    data = form_data(org, slug=service.slug, name_en="Renamed")
    assert client.post(f"/manage/services/{service.slug}/edit", data).status_code == 303
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="service.edit")).all()
    assert (event.actor_id, event.target_id) == (designer.id, service.id)
    assert "name_en" in event.data["fields"]
    assert [link.organization_id for link in event.organization_links] == [org.id]
