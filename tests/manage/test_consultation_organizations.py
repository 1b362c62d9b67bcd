"""Who changes a consultation's lead and partners: its lead's designers and site admins, nobody else.

A partner's designer may edit the consultation's settings, but posting a new lead or new partners
changes nothing at all and says why: they cannot take the consultation over (issue 14, finding 5).
"""

import pytest

from consult.manage import services
from consult.models import AuditEvent, Consultation
from tests.conftest import page_text

from .markup import options

#: Who the lead's designers and moderators are, and who is asking.
ROLES = (
    "visitor", "citizen", "lead_designer", "lead_moderator", "lead_admin", "partner_designer",
    "other_designer", "site_admin_partner_designer",
)
#: Reach the settings form at all (consultation.edit): designers of the lead or of a partner.
EDITORS = {"lead_designer", "partner_designer", "site_admin_partner_designer"}
LOCKED_OUT = "Only designers of the lead organisation can change the lead and the partners."

#: attempt -> (lead, partners) as world names, and who may make it.
ATTEMPTS = {
    "take_the_lead": ("partner", [], {"site_admin_partner_designer"}),
    "swap_the_lead_with_its_partner": ("partner", ["lead"], {"site_admin_partner_designer"}),
    "replace_the_partners": ("lead", ["other"], {"lead_designer", "site_admin_partner_designer"}),
    "add_a_partner": ("lead", ["partner", "other"], {"lead_designer", "site_admin_partner_designer"}),
    "remove_the_partners": ("lead", [], {"lead_designer", "site_admin_partner_designer"}),
}


@pytest.fixture
def world(make, org, service):
    partner = make.organization(name="Transport Department")
    other = make.organization(name="Other Department")
    consultation = make.consultation(status="open", lead=org, partners=[partner], service=service,
                                     slug="driving-tests")
    return {"lead": org, "partner": partner, "other": other, "consultation": consultation,
            "service": service}


def _person(make, role, world):
    if role == "visitor":
        return None
    if role == "citizen":
        return make.user()
    if role == "site_admin_partner_designer":
        return make.user(role="designer", organization=world["partner"], site_admin=True)
    place, held = role.split("_")
    organization = world["other"] if place == "other" else world[place]
    return make.user(role=held, organization=organization)


def _data(world, lead, partners):
    data = {"lead_organization": str(world[lead].id), "service": str(world["service"].id),
            "slug": "driving-tests", "title_en": "Taken over", "title_fr": "Pris en main",
            "moderation_mode": "post", "accepts_ideas": "y"}
    if partners:
        data["partners"] = [str(world[name].id) for name in partners]
    return data


@pytest.mark.parametrize("attempt", ATTEMPTS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_leads_designers_change_the_organisations(client, db, make, world, role, attempt):
    lead, partners, allowed = ATTEMPTS[attempt]
    user = _person(make, role, world)
    if user is not None:
        client.login_as(user)
    response = client.post("/manage/consultations/driving-tests/edit", _data(world, lead, partners))
    consultation = db.session.scalar(db.select(Consultation).filter_by(slug="driving-tests"))
    db.session.refresh(consultation)
    organizations = (consultation.lead_organization_id, {p.id for p in consultation.partners})
    if role in allowed:
        assert response.status_code == 303
        assert organizations == (world[lead].id, {world[name].id for name in partners})
        return
    assert organizations == (world["lead"].id, {world["partner"].id})
    if role == "partner_designer" and attempt == "remove_the_partners":
        # No partner checked is no partners field at all: to them, the partners are not asked.
        assert response.status_code == 303 and consultation.title_en == "Taken over"
        return
    assert consultation.title_en != "Taken over"
    assert not db.session.scalar(db.select(AuditEvent).filter_by(action="consultation.edit"))
    if role not in EDITORS:
        assert response.status_code in (302, 403)
    elif role == "partner_designer":
        assert response.status_code == 200
        assert LOCKED_OUT in page_text(response) and "Nothing was changed." in page_text(response)
    else:
        # The lead's designer cannot hand the lead to an organisation they do not design for.
        assert response.status_code == 200
        assert "There is a problem" in page_text(response)


@pytest.mark.parametrize(("role", "shown"), [
    ("lead_designer", True), ("partner_designer", False), ("site_admin_partner_designer", True)])
def test_the_form_shows_the_organisation_fields_only_to_who_may_change_them(
        client, make, world, role, shown):
    client.login_as(_person(make, role, world))
    response = client.get("/manage/consultations/driving-tests/edit")
    html = response.get_data(as_text=True)
    assert ('name="lead_organization"' in html) is shown
    assert ('name="partners"' in html) is shown
    assert (LOCKED_OUT in page_text(response)) is not shown
    if shown:
        assert str(world["lead"].id) in options(html, "lead_organization")


def test_the_service_refuses_a_partner_designer_whatever_the_route(app, make, world):
    partner_designer = _person(make, "partner_designer", world)
    consultation = world["consultation"]
    fields = dict(slug="driving-tests", service_id=world["service"].id, title_en="x", title_fr="",
                  summary_en="", summary_fr="", background_en="", background_fr="", opens_on=None,
                  closes_on=None, moderation_mode="post", flag_threshold=3, accepts_ideas=True,
                  accepts_comments=True)
    with app.test_request_context():
        with pytest.raises(services.OrganizationsLocked):
            services.update_consultation(consultation, partner_designer,
                                         lead_organization_id=world["partner"].id, **fields)
        with pytest.raises(services.OrganizationsLocked):
            services.update_consultation(consultation, partner_designer, partner_ids=[], **fields)
    assert consultation.lead_organization_id == world["lead"].id
    assert [p.id for p in consultation.partners] == [world["partner"].id]


def test_a_lead_change_is_in_the_log_of_the_old_and_the_new_lead(client, db, make, world):
    both = make.user(role="designer", organization=world["lead"])
    both.memberships[0].organization  # noqa: B018 (loaded)
    make.user(role="designer", organization=world["partner"])
    from consult.models import Membership
    db.session.add(Membership(user=both, organization=world["other"], role="designer"))
    db.session.commit()
    client.login_as(both)
    response = client.post("/manage/consultations/driving-tests/edit", _data(world, "other", []))
    assert response.status_code == 303
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="consultation.edit"))
    assert {link.organization_id for link in event.organization_links} == {
        world["lead"].id, world["partner"].id, world["other"].id}
