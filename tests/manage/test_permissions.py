"""Who may open and use the manage pages: every role against every page and action."""

import pytest

from consult.models import Consultation, Service

from .roles import ROLES, assert_refused, person, signed_in

DESIGNERS = {"designer", "other_designer"}
#: Who describes the service `org` owns: its designers and site admins (issue 14, finding 6).
SERVICE_EDITORS = {"designer", "site_admin"}

#: page -> (url, roles allowed). The consultation is led by `org`; the service is owned by `org`.
PAGES = {
    "index": ("/manage/", DESIGNERS),
    "consultation_create": ("/manage/consultations/new", DESIGNERS),
    "consultation_edit": ("/manage/consultations/newborn-registration/edit", {"designer"}),
    "service_create": ("/manage/services/new", DESIGNERS),
    "service_edit": ("/manage/services/{service}/edit", SERVICE_EDITORS),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages(client, make, org, consultation, service, role, page):
    url, allowed = PAGES[page]
    user = person(make, role, org)
    response = signed_in(client, user).get(url.format(service=service.slug))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


def _lead_for(user, org):
    """The organisation the person may lead with: their own as a designer, else `org`."""
    ids = user.organizations_with_role("designer") if user else set()
    return min(ids) if ids else org.id


def _consultation_data(lead_id, service, slug):
    return {"lead_organization": str(lead_id), "service": str(service.id), "slug": slug,
            "title_en": "Registering a newborn", "title_fr": "Enregistrer un nouveau-né",
            "moderation_mode": "post", "accepts_ideas": "y"}


@pytest.mark.parametrize("role", ROLES)
def test_create_consultation(client, db, make, org, service, role):
    user = person(make, role, org)
    data = _consultation_data(_lead_for(user, org), service, "made-by-someone")
    response = signed_in(client, user).post("/manage/consultations/new", data)
    created = db.session.scalar(db.select(Consultation).filter_by(slug="made-by-someone"))
    if role in DESIGNERS:
        assert response.status_code == 303
        assert created is not None and created.status == "draft"
    else:
        assert_refused(response, role)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_edit_consultation(client, db, make, org, consultation, service, role):
    user = person(make, role, org)
    data = _consultation_data(org.id, service, "renamed")
    response = signed_in(client, user).post("/manage/consultations/newborn-registration/edit", data)
    db.session.refresh(consultation)
    if role == "designer":
        assert response.status_code == 303
        assert consultation.slug == "renamed"
    else:
        assert_refused(response, role)
        assert consultation.slug == "newborn-registration"


@pytest.mark.parametrize("role", ROLES)
def test_change_status(client, db, make, org, consultation, role):
    user = person(make, role, org)
    response = signed_in(client, user).post(
        "/manage/consultations/newborn-registration/status", {"status": "open"})
    db.session.refresh(consultation)
    if role == "designer":
        assert response.status_code == 303
        assert consultation.status == "open"
    else:
        assert_refused(response, role)
        assert consultation.status == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_create_service(client, db, make, org, role):
    user = person(make, role, org)
    data = {"slug": "business-permits", "name_en": "Business permits", "name_fr": "Permis",
            "organization_id": str(_lead_for(user, org))}
    response = signed_in(client, user).post("/manage/services/new", data)
    created = db.session.scalar(db.select(Service).filter_by(slug="business-permits"))
    if role in DESIGNERS:
        assert response.status_code == 303
        assert created is not None
    else:
        assert_refused(response, role)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_edit_service(client, db, make, org, service, role):
    user = person(make, role, org)
    data = {"slug": "renamed", "name_en": "Renamed service", "name_fr": "Service renommé",
            "description_en": "Rewritten.", "organization_id": str(org.id)}
    response = signed_in(client, user).post(f"/manage/services/{service.slug}/edit", data)
    db.session.refresh(service)
    if role in SERVICE_EDITORS:
        assert response.status_code == 303
        assert (service.slug, service.name_en) == ("renamed", "Renamed service")
    else:
        assert_refused(response, role)
        assert service.slug != "renamed" and service.description_en == "What it does."
        assert service.name_en != "Renamed service"
        assert client.get(f"/services/{service.slug}").status_code == 200
        assert "Renamed service" not in client.get(f"/services/{service.slug}").get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_a_service_without_an_owner_is_edited_by_site_admins_only(client, db, make, org, role):
    service = make.service()
    user = person(make, role, org)
    response = signed_in(client, user).get(f"/manage/services/{service.slug}/edit")
    if role == "site_admin":
        assert response.status_code == 200
    else:
        assert_refused(response, role)


def test_designers_of_another_organisation_consult_on_a_service_they_cannot_edit(
        client, db, make, org, service):
    other = make.user(role="designer")
    client.login_as(other)
    assert client.get(f"/manage/services/{service.slug}/edit").status_code == 403
    data = _consultation_data(_lead_for(other, org), service, "their-own-consultation")
    assert client.post("/manage/consultations/new", data).status_code == 303
    created = db.session.scalar(db.select(Consultation).filter_by(slug="their-own-consultation"))
    assert created.service_id == service.id


def test_partner_designer_may_edit_and_move(client, db, make, org, service):
    partner = make.organization()
    consultation = make.consultation(status="draft", lead=org, partners=[partner], service=service)
    client.login_as(make.user(role="designer", organization=partner))
    assert client.get(f"/manage/consultations/{consultation.slug}/edit").status_code == 200
    response = client.post(f"/manage/consultations/{consultation.slug}/status", {"status": "open"})
    assert response.status_code == 303
    db.session.refresh(consultation)
    assert consultation.status == "open"


def test_unknown_consultation_is_404(client, designer):
    client.login_as(designer)
    assert client.get("/manage/consultations/nothing-here/edit").status_code == 404
    assert client.post("/manage/consultations/nothing-here/status", {"status": "open"}).status_code == 404
