"""Giving people roles in an organisation and taking them away."""

import pytest

from consult.models import AuditEvent, Membership
from tests.conftest import page_text


def url(org):
    return f"/admin/organizations/{org.slug}"


def memberships(db, org):
    return db.session.execute(
        db.select(Membership.user_id, Membership.role).filter_by(organization_id=org.id)
        .order_by(Membership.user_id, Membership.role)
    ).all()


def still_there(db, membership_id):
    """Asked of the database, not of the session's memory."""
    return db.session.scalar(db.select(Membership.id).filter_by(id=membership_id)) is not None


def events(db, action):
    return db.session.scalars(db.select(AuditEvent).filter_by(action=action)).all()


def test_page_lists_people_and_roles(client, make, org, org_admin):
    make.user(role="moderator", organization=org, name="Alex Martin", email="alex@example.org")
    make.user(role="designer", name="Elsewhere Person")
    client.login_as(org_admin)
    response = client.get(url(org))
    text = page_text(response)
    assert "Alex Martin alex@example.org Moderator" in text
    assert "Organisation administrator" in text
    assert "Elsewhere Person" not in text
    assert response.get_data(as_text=True).count("<h1") == 1


@pytest.mark.parametrize("role", ["designer", "moderator", "intake", "admin"])
def test_add_by_email_saves_and_audits(client, db, make, org, org_admin, role):
    person = make.user(email="sam@example.org")
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships", {"email": " SAM@example.org ", "role": role})
    assert response.status_code == 303
    assert (person.id, role) in memberships(db, org)
    [event] = events(db, "membership.create")
    assert event.actor_id == org_admin.id
    assert event.data == {"user_id": person.id, "organization_id": org.id, "role": role}


def test_a_second_role_is_a_new_membership(client, db, make, org, org_admin):
    person = make.user(role="moderator", organization=org, email="sam@example.org")
    client.login_as(org_admin)
    client.post(f"{url(org)}/memberships", {"email": "sam@example.org", "role": "intake"})
    assert [(r.user_id, r.role) for r in memberships(db, org) if r.user_id == person.id] == [
        (person.id, "intake"), (person.id, "moderator")]


def test_unknown_email_is_a_form_error(client, db, org, org_admin):
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships", {"email": "nobody@example.org", "role": "designer"})
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "No account uses this email address. Ask the person to register first." in text
    assert 'value="nobody@example.org"' in response.get_data(as_text=True)
    assert len(memberships(db, org)) == 1
    assert events(db, "membership.create") == []


def test_duplicate_is_a_form_error_not_a_server_error(client, db, make, org, org_admin):
    make.user(role="designer", organization=org, email="sam@example.org")
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships", {"email": "sam@example.org", "role": "designer"})
    assert response.status_code == 200
    assert "This person already has this role here." in page_text(response)
    assert len(memberships(db, org)) == 2
    assert events(db, "membership.create") == []


@pytest.mark.parametrize(("data", "message"), [
    ({"email": "", "role": "designer"}, "Enter the person's email address."),
    ({"email": "not-an-address", "role": "designer"}, "Enter an email address like name@example.ca."),
    ({"email": "sam@example.org", "role": "owner"}, "Not a valid choice."),
])
def test_bad_input_is_a_form_error(client, db, make, org, org_admin, data, message):
    make.user(email="sam@example.org")
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships", data)
    assert message in page_text(response)
    assert len(memberships(db, org)) == 1


def test_remove_deletes_and_audits(client, db, make, org, org_admin):
    person = make.user(role="designer", organization=org)
    [membership_id] = [m.id for m in person.memberships]
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships/{membership_id}/delete")
    assert response.status_code == 303
    assert not still_there(db, membership_id)
    [event] = events(db, "membership.delete")
    assert event.data == {"user_id": person.id, "organization_id": org.id, "role": "designer"}
    assert event.target_id == membership_id


def test_remove_of_another_organisations_membership_is_404(client, db, make, org, org_admin):
    elsewhere = make.user(role="designer")
    [membership] = elsewhere.memberships
    client.login_as(org_admin)
    response = client.post(f"{url(org)}/memberships/{membership.id}/delete")
    assert response.status_code == 404
    assert still_there(db, membership.id)


def test_an_org_admin_cannot_remove_their_own_admin_role(client, db, org, org_admin):
    [membership] = org_admin.memberships
    client.login_as(org_admin)
    delete_url = f"{url(org)}/memberships/{membership.id}/delete"
    assert delete_url not in client.get(url(org)).get_data(as_text=True)
    assert client.post(delete_url).status_code == 403
    assert still_there(db, membership.id)
    assert events(db, "membership.delete") == []


def test_a_site_admin_may_remove_any_role_even_their_own(client, db, make, org):
    site_admin = make.user(role="admin", organization=org, site_admin=True)
    [membership_id] = [m.id for m in site_admin.memberships]
    client.login_as(site_admin)
    delete_url = f"{url(org)}/memberships/{membership_id}/delete"
    assert delete_url in client.get(url(org)).get_data(as_text=True)
    assert client.post(delete_url).status_code == 303
    assert not still_there(db, membership_id)
