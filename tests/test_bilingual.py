"""Both official languages: every public text × each missing language × each way of making it
public is refused, the field named on the form, nothing published and nobody notified."""

import pytest
import sqlalchemy as sa

from consult import bilingual
from consult.manage import services as manage
from consult.models import AuditEvent, Consultation, Notification, Outcome, Response
from consult.models.base import utcnow
from consult.outcomes import services as outcomes

from .conftest import page_text

CONSULTATION_TEXTS = {
    "title_en": "Registering a newborn", "title_fr": "Enregistrer un nouveau-né",
    "summary_en": "Fewer trips for parents.", "summary_fr": "Moins de déplacements pour les parents.",
    "background_en": "Some **background**.", "background_fr": "Un peu de **contexte**.",
}
REPORT = {
    "heard_en": "Parents want fewer trips.", "heard_fr": "Les parents veulent moins de déplacements.",
    "changes_en": "Register online.", "changes_fr": "Inscription en ligne.",
    "not_changing_en": "Paper forms stay.", "not_changing_fr": "Les formulaires papier restent.",
}
RESPONSE = {"text_en": "We will build it.", "text_fr": "Nous la réaliserons."}

#: How each kind of public text is made public, and the complete texts each starts from.
ACTIONS = {
    "consultation": ("open", "reopen", "edit_open"),
    "outcome": ("publish", "edit_published"),
    "response": ("publish_response", "change_response"),
}
COMPLETE = {"consultation": CONSULTATION_TEXTS, "outcome": REPORT, "response": RESPONSE}
CASES = [(kind, action, f"{field}_{lang}")
         for kind, fields in bilingual.PUBLIC_TEXTS.items() for field in fields
         for lang in bilingual.LANGUAGES for action in ACTIONS[kind]]


def _count(db, model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.fixture
def world(make, org):
    designer = make.user(role="designer", organization=org)
    voter = make.user()

    def consultation(status, **texts):
        consultation = make.consultation(status=status, lead=org, slug="newborn-registration",
                                         **{**CONSULTATION_TEXTS, **texts})
        idea = make.idea(consultation, title="Register births online")
        make.comment(consultation, author=voter)
        return consultation, idea

    return designer, consultation


def _edit_form(consultation, **changes):
    data = {"lead_organization": str(consultation.lead_organization_id),
            "service": str(consultation.service_id), "slug": consultation.slug,
            "opens_on": consultation.opens_on.isoformat(), "closes_on": consultation.closes_on.isoformat(),
            "moderation_mode": "post", "flag_threshold": "3", "accepts_ideas": "y",
            "accepts_comments": "y", **CONSULTATION_TEXTS}
    return {**data, **changes}


def _attempt(client, db, world, action, name):
    """Try to make the text public with `name` left empty; returns (response, check) where
    check() says the stored state did not move."""
    designer, consultation_in = world
    client.login_as(designer)
    if action in ("open", "reopen"):
        consultation, _ = consultation_in("draft" if action == "open" else "closed", **{name: ""})
        before = consultation.status
        response = client.post(f"/manage/consultations/{consultation.slug}/status", {"status": "open"})
        return response, lambda: (db.session.get(Consultation, consultation.id).status == before
                                  and _count(db, AuditEvent, AuditEvent.action == "consultation.status") == 0)
    if action == "edit_open":
        consultation, _ = consultation_in("open")
        response = client.post(f"/manage/consultations/{consultation.slug}/edit",
                               _edit_form(consultation, **{name: "  "}))
        return response, lambda: getattr(db.session.get(Consultation, consultation.id), name) == CONSULTATION_TEXTS[name]
    if action in ("publish", "edit_published"):
        consultation, _ = consultation_in("closed")
        url = f"/manage/consultations/{consultation.slug}/outcome"
        if action == "edit_published":
            assert client.post(url, {**REPORT, "publish": "y"}).status_code == 303
            db.session.execute(sa.delete(Notification))
            db.session.commit()
        response = client.post(url, {**REPORT, name: "", "publish" if action == "publish" else "save": "y"})
        outcome = db.session.scalar(sa.select(Outcome))
        if action == "publish":
            return response, lambda: ((outcome is None or outcome.published_at is None)
                                      and db.session.get(Consultation, consultation.id).status == "closed")
        return response, lambda: getattr(outcome, name) == REPORT[name]
    consultation, idea = consultation_in("closed")
    url = f"/consultations/{consultation.slug}/ideas/{idea.id}/response"
    if action == "change_response":
        assert client.post(url, {"status": "accepted", **RESPONSE}).status_code == 303
        db.session.execute(sa.delete(Notification))
        db.session.commit()
    response = client.post(url, {"status": "implemented", **RESPONSE, name: ""})
    saved = db.session.scalar(sa.select(Response))
    if action == "publish_response":
        return response, lambda: saved is None
    return response, lambda: (saved.status, getattr(saved, name)) == ("accepted", RESPONSE[name])


@pytest.mark.parametrize(("kind", "action", "name"), CASES)
def test_public_text_missing_a_language_is_refused(client, db, world, kind, action, name):
    response, unchanged = _attempt(client, db, world, action, name)
    # The consultation form answers a failed save with 200, as it does for every other error.
    assert response.status_code == (200 if action == "edit_open" else 422)
    assert "There is a problem" in page_text(response)
    html = response.get_data(as_text=True)
    prefix = "response-" if kind == "response" else ""
    assert f'href="#{prefix}{name}"' in html, "the error summary links to the field"
    with client.app.test_request_context():
        message = str(bilingual.MESSAGES[name])
    assert message in page_text(response)
    db.session.expire_all()
    assert unchanged()
    assert _count(db, Notification) == 0


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_complete_texts_go_public(client, db, world, kind):
    """The control of the table above: the same actions with nothing missing succeed."""
    designer, consultation_in = world
    client.login_as(designer)
    if kind == "consultation":
        consultation, _ = consultation_in("draft")
        client.post(f"/manage/consultations/{consultation.slug}/status", {"status": "open"})
        assert db.session.get(Consultation, consultation.id).status == "open"
        response = client.post(f"/manage/consultations/{consultation.slug}/edit",
                               _edit_form(consultation, title_fr="Inscrire un nouveau-né"))
        assert response.status_code == 303
    elif kind == "outcome":
        consultation, _ = consultation_in("closed")
        response = client.post(f"/manage/consultations/{consultation.slug}/outcome", {**REPORT, "publish": "y"})
        assert response.status_code == 303 and db.session.scalar(sa.select(Outcome.published_at))
        assert _count(db, Notification) > 0
    else:
        consultation, idea = consultation_in("closed")
        response = client.post(f"/consultations/{consultation.slug}/ideas/{idea.id}/response",
                               {"status": "accepted", **RESPONSE})
        assert response.status_code == 303 and _count(db, Notification) == 1


def test_an_optional_section_may_be_empty_in_both_languages(client, db, world):
    designer, consultation_in = world
    consultation, _ = consultation_in("closed")
    response = client.login_as(designer).post(f"/manage/consultations/{consultation.slug}/outcome", {
        **REPORT, "not_changing_en": "", "not_changing_fr": "", "publish": "y"})
    assert response.status_code == 303


def test_a_draft_may_be_saved_in_one_language(client, db, world):
    designer, consultation_in = world
    consultation, _ = consultation_in("draft")
    response = client.login_as(designer).post(f"/manage/consultations/{consultation.slug}/edit",
                                              _edit_form(consultation, title_fr="", summary_fr=""))
    assert response.status_code == 303
    assert db.session.get(Consultation, consultation.id).title_fr == ""


@pytest.mark.parametrize(("kind", "action", "field"), CASES)
def test_the_services_refuse_too(db, world, kind, action, field):
    """The rule holds below the forms: each service raises Incomplete and changes nothing."""
    designer, consultation_in = world
    if kind == "consultation":
        status = {"open": "draft", "reopen": "closed", "edit_open": "open"}[action]
        consultation, _ = consultation_in(status, **({} if action == "edit_open" else {field: ""}))
        with pytest.raises(bilingual.Incomplete) as refused:
            if action == "edit_open":
                data = manage.consultation_form_data(consultation)
                data.pop("lead_organization"), data.pop("service")
                manage.update_consultation(consultation, designer, partner_ids=data.pop("partners"),
                                           **{**data, field: ""})
            else:
                manage.change_status(consultation, designer, "open")
        assert consultation.status == status
        assert getattr(consultation, field) == ("" if action != "edit_open" else CONSULTATION_TEXTS[field])
    elif kind == "outcome":
        consultation, _ = consultation_in("closed")
        outcome = outcomes.save_outcome(consultation, designer, {**REPORT, field: ""})
        if action == "edit_published":
            outcome.published_at = utcnow()
        with pytest.raises(bilingual.Incomplete) as refused:
            if action == "publish":
                outcomes.publish_outcome(outcome, designer)
            else:
                outcomes.save_outcome(consultation, designer, {**REPORT, field: ""})
        assert consultation.status == "closed"
    else:
        consultation, idea = consultation_in("closed")
        with pytest.raises(bilingual.Incomplete) as refused:
            outcomes.respond(idea, designer, "accepted", {**RESPONSE, field: ""})
        assert idea.response is None
    assert refused.value.missing == [field]
    db.session.flush()
    assert _count(db, Notification) == 0


def _revision_before(revision):
    """The migration that `revision` follows, read from the chain (others may come between)."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_revision(revision).down_revision


@pytest.mark.commits
def test_the_migration_moves_each_response_into_its_language_and_back(db, make):
    """Down to one text and up again: French when its designer reads the site in French,
    English otherwise; the other language left empty."""
    from flask_migrate import downgrade, upgrade

    french, english = make.user(), make.user()
    french.locale = "fr"
    consultation = make.consultation(status="closed")
    ideas = [make.idea(consultation) for _ in range(3)]
    db.session.add_all([
        Response(idea_id=ideas[0].id, status="accepted", text_fr="Nous le ferons.", responded_by_id=french.id),
        Response(idea_id=ideas[1].id, status="accepted", text_en="We will.", responded_by_id=english.id),
        Response(idea_id=ideas[2].id, status="accepted", text_en="Nobody's.", responded_by_id=None),
    ])
    db.session.commit()
    ids = [idea.id for idea in ideas]
    db.session.remove()
    try:
        downgrade(revision=_revision_before("510c465a1687"))
        with db.engine.connect() as conn:
            assert dict(conn.execute(sa.text("SELECT idea_id, text FROM responses")).all()) == {
                ids[0]: "Nous le ferons.", ids[1]: "We will.", ids[2]: "Nobody's."}
        upgrade(revision="510c465a1687")
    finally:
        upgrade()
    texts = dict((row.idea_id, (row.text_en, row.text_fr)) for row in db.session.execute(
        sa.select(Response.idea_id, Response.text_en, Response.text_fr)))
    assert texts == {ids[0]: ("", "Nous le ferons."), ids[1]: ("We will.", ""),
                     ids[2]: ("Nobody's.", "")}
