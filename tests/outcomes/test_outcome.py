"""The outcome report: draft, preview, publish; the consultation becomes reported; who is told."""

from datetime import timedelta

import sqlalchemy as sa

from consult.account.privacy import erase_account
from consult.models import AuditEvent, Consultation, Idea, Notification, Outcome, Response
from consult.models.base import utcnow

from ..conftest import page_text

EDIT = "/manage/consultations/newborn-registration/outcome"
PUBLIC = "/consultations/newborn-registration/outcome"
REPORT = {
    "heard_en": "Parents want **fewer trips**. <script>alert(1)</script>",
    "heard_fr": "Les parents veulent **moins de déplacements**.",
    "changes_en": "Births can be registered online.", "changes_fr": "Inscription en ligne.",
    "not_changing_en": "", "not_changing_fr": "",
}


def _save(client, **changes):
    return client.post(EDIT, {**REPORT, **changes, "save": "y"})


def _publish(client, **changes):
    return client.post(EDIT, {**REPORT, **changes, "publish": "y"})


def test_a_draft_is_saved_and_previewed_by_designers_only(client, client_factory, db, make, designer,
                                                           consultation, partner):
    response = _save(client.login_as(designer))
    assert response.status_code == 303 and response.headers["Location"].endswith(EDIT)
    outcome = db.session.scalar(sa.select(Outcome))
    assert outcome.heard_fr == REPORT["heard_fr"] and outcome.published_at is None
    assert db.session.get(Consultation, consultation.id).status == "closed"
    preview = client.get(PUBLIC)
    assert preview.status_code == 200
    assert "Preview: this outcome report is a draft" in page_text(preview)
    partner_designer = make.user(role="designer", organization=partner)
    assert client_factory().login_as(partner_designer).get(PUBLIC).status_code == 200
    for someone in (None, make.user(), make.user(role="designer"), make.user(role="moderator", organization=consultation.lead_organization)):
        other = client_factory()
        if someone is not None:
            other.login_as(someone)
        assert other.get(PUBLIC).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_no_outcome_yet_is_404_for_everyone(client, designer, consultation):
    assert client.get(PUBLIC).status_code == 404
    assert client.login_as(designer).get(PUBLIC).status_code == 404


def test_publishing_makes_it_public_reported_and_audited(client, client_factory, db, designer, consultation):
    _save(client.login_as(designer))
    response = _publish(client)
    assert response.status_code == 303 and response.headers["Location"].endswith(PUBLIC)
    consultation = db.session.get(Consultation, consultation.id)
    assert consultation.status == "reported"
    outcome = db.session.scalar(sa.select(Outcome))
    assert outcome.published_at is not None and outcome.published_by_id == designer.id
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"outcome.edit", "outcome.publish", "consultation.status"} <= actions
    public = client_factory().get(PUBLIC)
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert "<strong>fewer trips</strong>" in html and "<script>alert(1)" not in html
    assert "Preview" not in page_text(public)
    french = client_factory()
    french.post("/account/language", {"locale": "fr", "next": "/"})
    assert "moins de déplacements" in french.get(PUBLIC).get_data(as_text=True)


def test_publishing_needs_what_was_heard_and_what_will_change(client, db, designer, consultation):
    response = _publish(client.login_as(designer), changes_en="", changes_fr="")
    assert response.status_code == 422
    text = page_text(response)
    assert "Write what will change in English." in text and "Write what will change in French." in text
    assert 'href="#changes_en"' in response.get_data(as_text=True)
    assert REPORT["heard_fr"] in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 0
    assert db.session.get(Consultation, consultation.id).status == "closed"
    assert _save(client, changes_en="", changes_fr="").status_code == 303


def test_too_long_a_section_is_a_message_on_the_form(client, db, designer, consultation):
    response = _save(client.login_as(designer), heard_en="x" * 20001)
    assert response.status_code == 422
    assert "Keep it under 20000 characters." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 0


def test_refused_before_the_consultation_closes(client, db, make, designer, org):
    for status in ("draft", "open"):
        consultation = make.consultation(status=status, lead=org)
        url = f"/manage/consultations/{consultation.slug}/outcome"
        assert client.login_as(designer).get(url).status_code == 403
        assert client.post(url, {**REPORT, "publish": "y"}).status_code == 403
        assert db.session.get(Consultation, consultation.id).status == status
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 0


def test_notifications_go_to_exactly_the_participants(client, db, make, designer, consultation, idea, vote):
    commenter, voter, erased = make.user(), make.user(), make.user()
    make.comment(consultation, author=commenter)
    vote(idea, voter)
    make.idea(consultation, author=erased)
    erase_account(erased, remove_text=False)
    db.session.commit()
    rejected_author, bystander = make.user(), make.user()
    make.idea(consultation, author=rejected_author, status="rejected")
    elsewhere = make.consultation(status="closed")
    make.idea(elsewhere, author=bystander)
    both = make.user()
    make.comment(consultation, author=both)
    vote(idea, both)
    _publish(client.login_as(designer))
    told = db.session.execute(sa.select(Notification.user_id, Notification.kind, Notification.consultation_id)).all()
    assert sorted(told) == sorted((person.id, "outcome_published", consultation.id)
                                  for person in (idea.author, commenter, voter, both))
    assert db.session.scalar(sa.select(AuditEvent.data).filter_by(action="outcome.publish"))["notified"] == 4


def test_publishing_twice_tells_people_once(client, db, designer, consultation, idea):
    _publish(client.login_as(designer))
    again = _publish(client, changes_en="Also by phone.")
    assert again.status_code == 303 and again.headers["Location"].endswith(EDIT)
    assert db.session.scalar(sa.select(Outcome.changes_en)) == "Also by phone."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1


def test_outcome_lists_ideas_by_response_status(client, client_factory, db, make, designer, consultation):
    ideas = {name: make.idea(consultation, title=name) for name in ("Online form", "Home visits", "Kiosk", "Fax")}
    make.idea(consultation, title="Removed idea", status="hidden")
    for name, status in (("Online form", "implemented"), ("Home visits", "not_feasible"), ("Kiosk", "implemented")):
        db.session.add(Response(idea_id=ideas[name].id, status=status, text_en=f"Because {name}.",
                                text_fr=f"Parce que {name}."))
    db.session.commit()
    _publish(client.login_as(designer))
    text = page_text(client_factory().get(PUBLIC))
    implemented, not_feasible = text.index("Implemented (2)"), text.index("Not feasible (1)")
    assert implemented < text.index("Because Kiosk.") < not_feasible < text.index("Because Home visits.")
    assert "Accepted (" not in text and "Removed idea" not in text
    assert "1 other idea has no individual response." in text


def test_consultation_page_and_card_link_to_the_published_outcome(client, client_factory, designer, consultation):
    visitor = client_factory()
    assert PUBLIC not in visitor.get("/consultations/newborn-registration").get_data(as_text=True)
    _publish(client.login_as(designer))
    assert PUBLIC in visitor.get("/consultations/newborn-registration").get_data(as_text=True)
    assert PUBLIC in visitor.get("/consultations/?status=reported").get_data(as_text=True)


def test_outcome_page_query_count_does_not_grow(client, db, make, designer, org, count_queries):
    counts = {}
    for size in (3, 60):
        consultation = make.consultation(status="reported", lead=org)
        author = make.user()
        ideas = [Idea(consultation=consultation, author=author, title=f"Idea {n}", body="Body")
                 for n in range(size)]
        db.session.add_all(ideas)
        db.session.flush()
        db.session.add_all(Response(idea_id=i.id, status=("accepted", "not_feasible")[n % 2], text_en="Why", text_fr="Pourquoi")
                           for n, i in enumerate(ideas))
        db.session.add(Outcome(consultation_id=consultation.id, heard_en="Heard", changes_en="Changes",
                               published_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        with count_queries() as queries:
            assert client.get(f"/consultations/{consultation.slug}/outcome").status_code == 200
        counts[size] = len(queries)
    assert counts[3] == counts[60], counts
