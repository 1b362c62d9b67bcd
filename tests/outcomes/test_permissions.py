"""Who may respond to ideas, write, preview and publish the outcome: every role, every URL."""

import pytest
import sqlalchemy as sa

from consult.models import Consultation, Outcome, Response
from tests.manage.roles import assert_refused, signed_in

from .conftest import DESIGNERS, ROLES

EDIT = "/manage/consultations/newborn-registration/outcome"
PUBLIC = "/consultations/newborn-registration/outcome"
REPORT = {"heard_en": "Heard", "heard_fr": "Entendu", "changes_en": "Changes", "changes_fr": "Changements"}


@pytest.mark.parametrize("role", ROLES)
def test_respond_page(client, person, idea, role):
    response = signed_in(client, person(role)).get(
        f"/consultations/newborn-registration/ideas/{idea.id}/response")
    if role in DESIGNERS:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_respond(client, db, person, idea, role, htmx):
    response = signed_in(client, person(role)).post(
        f"/consultations/newborn-registration/ideas/{idea.id}/response",
        {"status": "accepted", "text_en": "Yes.", "text_fr": "Oui."}, htmx=htmx)
    saved = db.session.scalar(sa.select(Response))
    if role in DESIGNERS:
        assert response.status_code == (200 if htmx else 303)
        assert saved.status == "accepted"
    else:
        if htmx and role == "visitor":
            assert response.status_code in (302, 401)
        else:
            assert_refused(response, role)
        assert saved is None


@pytest.mark.parametrize("role", ROLES)
def test_outcome_editor(client, person, consultation, role):
    response = signed_in(client, person(role)).get(EDIT)
    if role in DESIGNERS:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("action", ["save", "publish"])
@pytest.mark.parametrize("role", ROLES)
def test_outcome_save_and_publish(client, db, person, consultation, role, action):
    response = signed_in(client, person(role)).post(EDIT, {**REPORT, action: "y"})
    outcome = db.session.scalar(sa.select(Outcome))
    status = db.session.get(Consultation, consultation.id).status
    if role in DESIGNERS:
        assert response.status_code == 303
        assert outcome is not None and outcome.is_published == (action == "publish")
        assert status == ("reported" if action == "publish" else "closed")
    else:
        assert_refused(response, role)
        assert outcome is None and status == "closed"


@pytest.mark.parametrize("role", ROLES)
def test_draft_preview_and_published_page(client, client_factory, db, person, designer, consultation, role):
    client_factory().login_as(designer).post(EDIT, {**REPORT, "save": "y"})
    viewer = signed_in(client, person(role))
    assert viewer.get(PUBLIC).status_code == (200 if role in DESIGNERS else 404)
    client_factory().login_as(designer).post(EDIT, {**REPORT, "publish": "y"})
    assert viewer.get(PUBLIC).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_draft_consultation_hides_everything_from_the_public(client, make, org, partner, person, role):
    draft = make.consultation(status="draft", lead=org, partners=[partner])
    idea = make.idea(draft)
    user = person(role)
    outcome = signed_in(client, user).get(f"/consultations/{draft.slug}/outcome")
    respond = client.get(f"/consultations/{draft.slug}/ideas/{idea.id}/response")
    staff = {"designer", "partner_designer", "intake", "moderator", "org_admin"}
    assert outcome.status_code == 404
    if role == "visitor":
        assert_refused(respond, role)
    elif role in staff:
        assert respond.status_code == (200 if role in DESIGNERS else 403)
    else:
        assert respond.status_code == 404
