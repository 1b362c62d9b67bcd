"""Creating and editing consultations: what the form refuses and what the database holds."""

from datetime import date

import pytest

from consult.manage import services
from consult.models import AuditEvent, Consultation
from tests.conftest import page_text

from .markup import checked, options, selected, unchecked

NEW = "/manage/consultations/new"


def form_data(lead, service, **changes):
    data = {
        "lead_organization": str(lead.id), "service": str(service.id), "slug": "driving-tests",
        "title_en": "Driving tests up north", "title_fr": "Examens de conduite dans le Nord",
        "summary_en": "Road tests in remote communities.", "summary_fr": "Examens sur route.",
        "background_en": "Some **background**.", "background_fr": "Un peu de **contexte**.",
        "opens_on": "2030-03-01", "closes_on": "2030-04-30", "moderation_mode": "pre",
        "accepts_ideas": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def saved(db, slug="driving-tests"):
    return db.session.scalar(db.select(Consultation).filter_by(slug=slug))


def audit_events(db, action):
    return db.session.scalars(db.select(AuditEvent).filter_by(action=action)).all()


def test_new_form_offers_own_organisations_as_lead(client, make, org, designer, service):
    other = make.organization(name="Transport Department")
    client.login_as(designer)
    response = client.get(NEW)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert options(html, "lead_organization") == {str(org.id)}
    assert "Health Department" in page_text(response)
    assert unchecked(html, "partners") == {str(org.id), str(other.id)}
    assert checked(html, "moderation_mode") == {"post"}
    assert html.count("<h1") == 1


def test_create_saves_a_draft_with_partners(client, db, make, org, designer, service):
    partner = make.organization(name="Transport Department")
    client.login_as(designer)
    response = client.post(NEW, form_data(org, service, partners=[str(partner.id)]))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/manage/consultations/driving-tests/edit")
    consultation = saved(db)
    assert consultation.status == "draft"
    assert consultation.lead_organization_id == org.id
    assert [p.id for p in consultation.partners] == [partner.id]
    assert consultation.service_id == service.id
    assert consultation.title_fr == "Examens de conduite dans le Nord"
    assert consultation.background_en == "Some **background**."
    assert (consultation.opens_on, consultation.closes_on) == (date(2030, 3, 1), date(2030, 4, 30))
    assert consultation.moderation_mode == "pre"
    assert consultation.accepts_ideas is True
    assert consultation.accepts_comments is False
    [event] = audit_events(db, "consultation.create")
    assert (event.actor_id, event.target_type, event.target_id) == (designer.id, "Consultation", consultation.id)


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "Driving Tests!"}, "Use only lowercase letters, digits and single hyphens"),
    ({"slug": "-driving"}, "Use only lowercase letters, digits and single hyphens"),
    ({"slug": ""}, "Enter a short web address."),
    ({"slug": "newborn-registration"}, "This web address is already used. Choose another."),
    ({"closes_on": "2030-02-01"}, "The closing date must be after the opening date."),
    ({"closes_on": "2030-03-01"}, "The closing date must be after the opening date."),
    ({"opens_on": "31/02/2030"}, "Not a valid date value."),
    ({"title_en": "", "title_fr": ""}, "Enter a title in English or in French."),
    ({"moderation_mode": "never"}, "Not a valid choice."),
])
def test_create_refuses_bad_input(client, db, org, designer, service, consultation, changes, message):
    client.login_as(designer)
    response = client.post(NEW, form_data(org, service, **changes))
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert db.session.scalar(db.select(db.func.count()).select_from(Consultation)) == 1
    assert audit_events(db, "consultation.create") == []


def test_error_summary_comes_before_the_heading_and_keeps_the_typing(client, org, designer, service):
    client.login_as(designer)
    response = client.post(NEW, form_data(org, service, slug="Bad Slug", summary_en="Kept as typed"))
    html = response.get_data(as_text=True)
    assert html.index('class="error-summary"') < html.index("<h1")
    assert 'href="#slug"' in html
    assert "Kept as typed" in html


def test_partner_cannot_also_lead(client, db, org, designer, service):
    client.login_as(designer)
    response = client.post(NEW, form_data(org, service, partners=[str(org.id)]))
    assert "The lead organisation cannot also be a partner." in page_text(response)
    assert saved(db) is None


def test_cannot_lead_for_an_organisation_one_does_not_design_for(client, db, make, designer, service):
    other = make.organization()
    client.login_as(designer)
    response = client.post(NEW, form_data(other, service))
    assert "Not a valid choice" in page_text(response)
    assert saved(db) is None


def test_edit_form_shows_current_values(client, make, org, designer, service):
    partner = make.organization(name="Transport Department")
    consultation = make.consultation(status="open", lead=org, partners=[partner], service=service,
                                     title_en="Newborn registration")
    client.login_as(designer)
    html = client.get(f"/manage/consultations/{consultation.slug}/edit").get_data(as_text=True)
    assert 'value="Newborn registration"' in html
    assert checked(html, "partners") == {str(partner.id)}
    assert unchecked(html, "partners") == {str(org.id)}
    assert selected(html, "lead_organization") == {str(org.id)}
    assert selected(html, "service") == {str(service.id)}


def test_edit_saves_changes_and_audits_them(client, db, make, org, designer, service, consultation):
    partner = make.organization()
    client.login_as(designer)
    data = form_data(org, service, slug=consultation.slug, partners=[str(partner.id)],
                     accepts_comments="y")
    response = client.post(f"/manage/consultations/{consultation.slug}/edit", data)
    assert response.status_code == 303
    db.session.refresh(consultation)
    assert consultation.title_en == "Driving tests up north"
    assert [p.id for p in consultation.partners] == [partner.id]
    assert consultation.status == "draft"
    [event] = audit_events(db, "consultation.edit")
    assert "partners" in event.data["fields"] and "title_en" in event.data["fields"]


def test_partner_designer_edits_the_settings_but_not_the_organisations(client, db, make, org, service):
    partner = make.organization(name="Transport Department")
    consultation = make.consultation(status="draft", lead=org, partners=[partner], service=service)
    client.login_as(make.user(role="designer", organization=partner))
    response = client.get(f"/manage/consultations/{consultation.slug}/edit")
    html = response.get_data(as_text=True)
    assert 'name="lead_organization"' not in html and 'name="partners"' not in html
    assert "Health Department" in page_text(response) and "Transport Department" in page_text(response)
    data = form_data(org, service, slug=consultation.slug, title_en="Changed", lead_organization=None)
    assert client.post(f"/manage/consultations/{consultation.slug}/edit", data).status_code == 303
    db.session.refresh(consultation)
    assert consultation.title_en == "Changed"
    assert consultation.lead_organization_id == org.id
    assert [p.id for p in consultation.partners] == [partner.id]


def test_a_slug_race_is_a_form_error_not_a_server_error(app, db, make, org, designer, service, consultation):
    fields = dict(
        slug="newborn-registration", title_en="Race", title_fr="", summary_en="", summary_fr="",
        background_en="", background_fr="", opens_on=None, closes_on=None, moderation_mode="post", flag_threshold=3,
        accepts_ideas=True, accepts_comments=True, lead_organization_id=org.id,
        service_id=service.id,
    )
    with app.test_request_context():
        with pytest.raises(services.SlugTaken):
            services.create_consultation(designer, partner_ids=[], **fields)
        services.create_consultation(designer, partner_ids=[], **{**fields, "slug": "after-the-race"})
        db.session.commit()
    assert saved(db, "after-the-race") is not None
    assert len(audit_events(db, "consultation.create")) == 1


STATUSES = ("draft", "open", "closed", "reported")
ALLOWED_MOVES = {("draft", "open"), ("open", "closed"), ("closed", "open")}


@pytest.mark.parametrize("target", STATUSES)
@pytest.mark.parametrize("current", STATUSES)
def test_status_moves(client, db, make, org, designer, service, current, target):
    consultation = make.consultation(status=current, lead=org, service=service)
    client.login_as(designer)
    url = f"/manage/consultations/{consultation.slug}/status"
    response = client.post(url, {"status": target})
    assert response.status_code == 303
    db.session.refresh(consultation)
    events = audit_events(db, "consultation.status")
    page = page_text(client.get(response.headers["Location"]))
    if (current, target) in ALLOWED_MOVES:
        assert consultation.status == target
        [event] = events
        assert event.data == {"old": current, "new": target}
        assert event.actor_id == designer.id and event.target_id == consultation.id
    else:
        assert consultation.status == current
        assert events == []
        assert "A consultation cannot move from this status to that one." in page


def test_unknown_status_is_refused(client, db, org, designer, consultation):
    client.login_as(designer)
    client.post(f"/manage/consultations/{consultation.slug}/status", {"status": "archived"})
    db.session.refresh(consultation)
    assert consultation.status == "draft"


def test_edit_page_offers_only_allowed_moves(client, make, org, designer, service):
    consultation = make.consultation(status="closed", lead=org, service=service)
    client.login_as(designer)
    html = client.get(f"/manage/consultations/{consultation.slug}/edit").get_data(as_text=True)
    assert 'name="status" value="open"' in html
    assert 'name="status" value="reported"' not in html
    assert 'name="status" value="draft"' not in html
    assert 'name="status" value="closed"' not in html


def test_flag_threshold_is_a_setting_of_the_consultation(client, db, designer, consultation):
    from consult.models import Consultation

    client.login_as(designer)
    page = client.get(f"/manage/consultations/{consultation.slug}/edit").get_data(as_text=True)
    assert 'name="flag_threshold"' in page and 'value="3"' in page
    form = {
        "lead_organization": str(consultation.lead_organization_id), "service": str(consultation.service_id),
        "slug": consultation.slug, "title_en": "Title", "moderation_mode": "post", "flag_threshold": "0",
    }
    refused = client.post(f"/manage/consultations/{consultation.slug}/edit", form)
    assert "Enter a number from 1 to 100." in refused.get_data(as_text=True)
    form["flag_threshold"] = "5"
    assert client.post(f"/manage/consultations/{consultation.slug}/edit", form).status_code == 303
    assert db.session.get(Consultation, consultation.id).flag_threshold == 5
