"""Describing organisations: the list, the form, its errors, and the audit trail."""

import pytest

from consult.models import AuditEvent, Organization
from tests.conftest import page_text
from tests.manage.markup import selected

NEW = "/admin/organizations/new"


def form_data(**changes):
    data = {"slug": "city-of-iqaluit", "name_en": "City of Iqaluit", "name_fr": "Ville d'Iqaluit",
            "level": "municipal"}
    data.update(changes)
    return data


def test_site_admin_sees_every_organisation(client, make, site_admin):
    make.organization(name="Health Department")
    make.organization(name="Transport Department")
    client.login_as(site_admin)
    text = page_text(client.get("/admin/"))
    assert "Health Department" in text and "Transport Department" in text
    assert "New organisation" in text


def test_org_admin_sees_only_their_organisations(client, make, org, org_admin):
    make.organization(name="Transport Department")
    client.login_as(org_admin)
    response = client.get("/admin/")
    text = page_text(response)
    assert "Health Department" in text
    assert "Transport Department" not in text
    assert "New organisation" not in text
    assert f'href="/admin/organizations/{org.slug}"' in response.get_data(as_text=True)


def test_create_saves_and_audits(client, db, site_admin):
    client.login_as(site_admin)
    response = client.post(NEW, form_data(slug="  city-of-iqaluit "))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/organizations/city-of-iqaluit")
    organization = db.session.scalar(db.select(Organization).filter_by(slug="city-of-iqaluit"))
    assert (organization.name_en, organization.name_fr, organization.level) == (
        "City of Iqaluit", "Ville d'Iqaluit", "municipal")
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="organization.create")).all()
    assert (event.actor_id, event.target_id) == (site_admin.id, organization.id)


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "City_of_Iqaluit"}, "Use only lowercase letters, digits and single hyphens"),
    ({"slug": "health"}, "This web address is already used. Choose another."),
    ({"name_fr": ""}, "Enter the name in French."),
    ({"level": "galactic"}, "Not a valid choice."),
])
def test_create_refuses_bad_input(client, db, make, site_admin, changes, message):
    health = make.organization()
    health.slug = "health"
    db.session.commit()
    client.login_as(site_admin)
    response = client.post(NEW, form_data(**changes))
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert message in page_text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 1


def test_edit_form_shows_current_values_and_saves(client, db, org, org_admin):
    client.login_as(org_admin)
    html = client.get(f"/admin/organizations/{org.slug}/edit").get_data(as_text=True)
    assert 'value="Health Department"' in html
    assert selected(html, "level") == {"federal"}
    data = form_data(slug=org.slug, name_en="Health Canada", name_fr="Santé Canada", level="federal")
    assert client.post(f"/admin/organizations/{org.slug}/edit", data).status_code == 303
    db.session.refresh(org)
    assert (org.name_en, org.name_fr) == ("Health Canada", "Santé Canada")
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="organization.edit")).all()
    assert event.data == {"fields": ["name_en", "name_fr"]}


def test_edit_refuses_a_slug_taken_by_another(client, db, make, org, site_admin):
    other = make.organization()
    client.login_as(site_admin)
    response = client.post(f"/admin/organizations/{org.slug}/edit", form_data(slug=other.slug))
    assert "This web address is already used. Choose another." in page_text(response)
    db.session.refresh(org)
    assert org.name_en == "Health Department"
