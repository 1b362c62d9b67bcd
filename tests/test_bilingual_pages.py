"""With French chosen, no page a citizen reads and no mail they get shows English written by
staff; a text in one language only (a response from before both were required) is marked."""

import pytest
import sqlalchemy as sa

from consult.mail import notifications as mailing
from consult.models import Notification, Outcome, Response
from consult.models.base import utcnow

from .conftest import page_text

#: In every English text staff wrote, and in none of the French ones.
MARK = "Zenglish"
#: Where the public and a signed-in citizen read: every GET endpoint outside these is swept.
STAFF_AREAS = ("/manage", "/moderation", "/intake", "/admin", "/static", "/auth")
#: Endpoints outside the staff areas that are not pages a citizen reads, and why.
NOT_PAGES = {
    "consultations.healthz": "a health check for load balancers",
    "outcomes.idea_respond": "the designers' response form",
    "account.data_download": "the person's data file: it names consultations by web address only",
    "account.delete": "a confirmation with no consultation text",
    "account.password": "a form with no consultation text",
    "account.profile": "a form with no consultation text",
    "account.about_you": "a form with no consultation text",
}


def _english(name):
    return f"{name} {MARK}"


def _bilingual(name, french):
    return {f"{name}_en": _english(name), f"{name}_fr": french}


@pytest.fixture
def world(db, make):
    lead = make.organization()
    lead.name_en, lead.name_fr = _english("Health Department"), "Ministère de la Santé"
    partner = make.organization()
    partner.name_en, partner.name_fr = _english("City"), "Ville"
    service = make.service()
    service.name_en, service.name_fr = _english("Newborn registration"), "Inscription des naissances"
    service.description_en, service.description_fr = _english("Registering a birth"), "Inscrire une naissance"
    db.session.commit()
    texts = {**_bilingual("title", "Titre"), **_bilingual("summary", "Résumé"),
             **_bilingual("background", "Contexte")}
    citizen = make.user()
    citizen.locale = "fr"
    other = make.user()
    opened = make.consultation(status="open", lead=lead, partners=[partner], service=service,
                               slug="ouverte", **texts)
    reported = make.consultation(status="reported", lead=lead, partners=[partner], service=service,
                                 slug="terminee", **texts)
    mine = make.idea(opened, author=citizen, title="Mon idée")
    theirs = make.comment(opened, author=other, body="Un commentaire")
    make.comment(opened, author=other, body="Sous l'idée", idea=mine)
    rejected = make.idea(opened, author=citizen, title="Refusée", status="rejected")
    answered = make.idea(reported, author=citizen, title="Idée avec réponse")
    make.comment(reported, author=other, body="Un autre commentaire", idea=answered)
    db.session.add_all([
        Response(idea_id=answered.id, status="accepted", **_bilingual("text", "Nous la réaliserons.")),
        Outcome(consultation_id=reported.id, published_at=utcnow(), **_bilingual("heard", "Entendu"),
                **_bilingual("changes", "Changements"), **_bilingual("not_changing", "Inchangé")),
        Notification(user_id=citizen.id, kind="outcome_published", consultation_id=reported.id),
        Notification(user_id=citizen.id, kind="idea_response", consultation_id=reported.id,
                     idea_id=answered.id),
    ])
    db.session.commit()
    return dict(citizen=citizen, opened=opened, reported=reported, mine=mine, theirs=theirs,
                rejected=rejected, answered=answered, service=service)


def _pages(w):
    """endpoint -> the URLs of it to read."""
    opened, reported = w["opened"].slug, w["reported"].slug
    return {
        "consultations.home": ["/"],
        "consultations.consultation_list": ["/consultations/", "/consultations/?status=reported"],
        "contributions.consultation_detail": [f"/consultations/{opened}", f"/consultations/{reported}"],
        "consultations.service_detail": [f"/services/{w['service'].slug}"],
        "contributions.comments_more": [f"/consultations/{opened}/comments",
                                        f"/consultations/{opened}/ideas/{w['mine'].id}/comments"],
        "contributions.idea_detail": [f"/consultations/{opened}/ideas/{w['mine'].id}",
                                      f"/consultations/{reported}/ideas/{w['answered'].id}"],
        "contributions.contribution_edit": [f"/contributions/{w['mine'].id}/edit"],
        "contributions.contribution_flag": [f"/contributions/{w['theirs'].id}/flag"],
        "transparency.consultation_report": [f"/consultations/{opened}/moderation",
                                             f"/consultations/{reported}/moderation"],
        "outcomes.outcome_detail": [f"/consultations/{reported}/outcome"],
        "account.index": ["/account/"],
        "account.contribution_appeal": [f"/account/contributions/{w['rejected'].id}/appeal"],
        "notifications.notification_list": ["/account/notifications/"],
    }


def test_every_page_a_citizen_reads_is_swept(app, world):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and not rule.rule.startswith(STAFF_AREAS)}
    assert endpoints == set(_pages(world)) | set(NOT_PAGES), (
        "a new page: add it to _pages (or NOT_PAGES, saying why)")


def test_french_pages_show_no_english_staff_text(client, world):
    client.login_as(world["citizen"])
    for endpoint, urls in _pages(world).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (endpoint, url, response.status_code)
            html = response.get_data(as_text=True)
            assert 'lang="fr"' in html, url
            assert MARK not in html, (endpoint, url, [line for line in html.splitlines() if MARK in line])


def test_french_visitor_reads_the_french_texts(client, world):
    client.post("/account/language", {"locale": "fr", "next": "/"})
    outcome = page_text(client.get(f"/consultations/{world['reported'].slug}/outcome"))
    assert "Entendu" in outcome and "Changements" in outcome and "Nous la réaliserons." in outcome
    detail = page_text(client.get(f"/consultations/{world['opened'].slug}"))
    assert "Titre" in detail and "Résumé" in detail and "Contexte" in detail
    assert MARK not in outcome + detail


def test_french_mails_carry_no_english_staff_text(client, db, make, monkeypatch, org):
    sent = []
    monkeypatch.setattr(mailing, "send_messages", lambda messages: sent.extend(messages) or len(messages))
    designer = make.user(role="designer", organization=org)
    consultation = make.consultation(status="closed", lead=org, slug="fermee", **_bilingual("title", "Titre"))
    citizen = make.user()
    citizen.locale = "fr"
    idea = make.idea(consultation, author=citizen, title="Mon idée")
    client.login_as(designer)
    client.post(f"/consultations/fermee/ideas/{idea.id}/response",
                {"status": "accepted", **_bilingual("text", "Nous la réaliserons.")})
    client.post("/manage/consultations/fermee/outcome", {
        **_bilingual("heard", "Entendu"), **_bilingual("changes", "Changements"), "publish": "y"})
    assert len(sent) == 2
    for message in sent:
        assert MARK not in message.subject + message.body, message.body
    assert "Nous la réaliserons." in sent[0].body and "Titre" in sent[1].body


def test_a_response_in_one_language_is_marked_on_the_french_page(client, client_factory, db, make, org):
    consultation = make.consultation(status="closed", lead=org, slug="ancienne")
    idea = make.idea(consultation, title="Une idée")
    db.session.add(Response(idea_id=idea.id, status="accepted", text_en="Written before the rule.", text_fr=""))
    db.session.commit()
    client.post("/account/language", {"locale": "fr", "next": "/"})
    html = client.get(f"/consultations/ancienne/ideas/{idea.id}").get_data(as_text=True)
    assert '<div class="body" lang="en"><p>Written before the rule.</p></div>' in html
    assert "en anglais seulement" in html
    english = client_factory().get(f"/consultations/ancienne/ideas/{idea.id}").get_data(as_text=True)
    assert "English only" not in english and 'lang="en"><p>Written' not in english
    designer = make.user(role="designer", organization=org)
    designer_page = client_factory().login_as(designer)
    assert "published in one language only" in page_text(designer_page.get(f"/consultations/ancienne/ideas/{idea.id}"))
    refused = designer_page.post(f"/consultations/ancienne/ideas/{idea.id}/response",
                                 {"status": "implemented", "text_en": "Done.", "text_fr": ""})
    assert refused.status_code == 422 and "Explain the decision in French." in page_text(refused)
    assert db.session.scalar(sa.select(Response.status)) == "accepted"


def test_the_sign_in_request_is_said_in_french(client):
    client.post("/account/language", {"locale": "fr", "next": "/"})
    response = client.get("/account/")
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Connectez-vous pour voir cette page." in page and "Please log in" not in page
