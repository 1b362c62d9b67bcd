"""Who may open and use the admin pages: every role against every page and action."""

import pytest

from consult.models import Membership, Organization
from tests.manage.roles import ROLES, assert_refused, person, signed_in

ADMINS = {"org_admin", "site_admin"}

#: page -> (url, roles allowed), for the organisation `org`.
PAGES = {
    "index": ("/admin/", {"org_admin", "other_admin", "site_admin"}),
    "organization_create": ("/admin/organizations/new", {"site_admin"}),
    "organization_edit": ("/admin/organizations/{org}/edit", ADMINS),
    "organization_view": ("/admin/organizations/{org}", ADMINS),
    "organization_activity": ("/admin/organizations/{org}/activity", ADMINS),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages(client, make, org, role, page):
    url, allowed = PAGES[page]
    user = person(make, role, org)
    response = signed_in(client, user).get(url.format(org=org.slug))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_create_organization(client, db, make, org, role):
    user = person(make, role, org)
    data = {"slug": "city-of-iqaluit", "name_en": "City of Iqaluit", "name_fr": "Ville d'Iqaluit",
            "level": "municipal"}
    response = signed_in(client, user).post("/admin/organizations/new", data)
    created = db.session.scalar(db.select(Organization).filter_by(slug="city-of-iqaluit"))
    if role == "site_admin":
        assert response.status_code == 303
        assert created is not None
    else:
        assert_refused(response, role)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_edit_organization(client, db, make, org, role):
    user = person(make, role, org)
    data = {"slug": org.slug, "name_en": "Renamed", "name_fr": "Renommé", "level": "provincial"}
    response = signed_in(client, user).post(f"/admin/organizations/{org.slug}/edit", data)
    db.session.refresh(org)
    if role in ADMINS:
        assert response.status_code == 303
        assert (org.name_en, org.level) == ("Renamed", "provincial")
    else:
        assert_refused(response, role)
        assert (org.name_en, org.level) == ("Health Department", "federal")


@pytest.mark.parametrize("role", ROLES)
def test_add_membership(client, db, make, org, role):
    user = person(make, role, org)
    newcomer = make.user(email="newcomer@example.org")
    response = signed_in(client, user).post(
        f"/admin/organizations/{org.slug}/memberships",
        {"email": "newcomer@example.org", "role": "moderator"})
    db.session.refresh(newcomer)
    if role in ADMINS:
        assert response.status_code == 303
        assert [(m.organization_id, m.role) for m in newcomer.memberships] == [(org.id, "moderator")]
    else:
        assert_refused(response, role)
        assert newcomer.memberships == []


@pytest.mark.parametrize("role", ROLES)
def test_remove_membership(client, db, make, org, role):
    user = person(make, role, org)
    moderator = make.user(role="moderator", organization=org)
    [membership_id] = [m.id for m in moderator.memberships]
    response = signed_in(client, user).post(
        f"/admin/organizations/{org.slug}/memberships/{membership_id}/delete")
    still_there = db.session.scalar(db.select(Membership.id).filter_by(id=membership_id))
    if role in ADMINS:
        assert response.status_code == 303
        assert still_there is None
    else:
        assert_refused(response, role)
        assert still_there is not None


def test_unknown_organisation_is_404(client, site_admin):
    client.login_as(site_admin)
    assert client.get("/admin/organizations/nowhere").status_code == 404
    assert client.get("/admin/organizations/nowhere/edit").status_code == 404
    assert client.post("/admin/organizations/nowhere/memberships",
                       {"email": "a@example.org", "role": "admin"}).status_code == 404
