"""A designer answers an idea, with htmx and without; the idea page and the idea list show it."""

import sqlalchemy as sa

from consult.models import AuditEvent, Idea, Notification, Response

from ..conftest import page_text
from ..manage.markup import checked


def _response_url(idea):
    return f"/consultations/{idea.consultation.slug}/ideas/{idea.id}/response"


def _idea_url(idea):
    return f"/consultations/{idea.consultation.slug}/ideas/{idea.id}"


ACCEPTED = {"status": "accepted", "text_en": "We will build it <next> spring.",
            "text_fr": "Nous la réaliserons au <prochain> printemps."}


def test_plain_form_sets_the_response_and_tells_the_author(client, db, designer, idea):
    response = client.login_as(designer).post(_response_url(idea), ACCEPTED)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_idea_url(idea) + "#response")
    saved = db.session.scalar(sa.select(Response).filter_by(idea_id=idea.id))
    assert (saved.status, saved.text_en, saved.text_fr, saved.responded_by_id) == (
        "accepted", ACCEPTED["text_en"], ACCEPTED["text_fr"], designer.id)
    told = db.session.scalars(sa.select(Notification)).all()
    assert [(n.user_id, n.kind, n.idea_id) for n in told] == [(idea.author_id, "idea_response", idea.id)]
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="idea.respond"))
    assert (event.actor_id, event.target_id, event.data["status"]) == (designer.id, idea.id, "accepted")


def test_htmx_answers_with_the_response_partial(client, db, designer, idea):
    response = client.login_as(designer).post(_response_url(idea), ACCEPTED, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="response"' in html
    assert "<html" not in html
    assert "Accepted" in page_text(response)
    assert "We will build it &lt;next&gt; spring." in html
    assert "The response is published." in html
    assert "HX-Request" in response.headers["Vary"]


def test_changing_the_status_is_audited_and_tells_the_author_again(client, db, designer, idea):
    client.login_as(designer).post(_response_url(idea), ACCEPTED)
    client.post(_response_url(idea), {"status": "implemented", "text_en": "Done: it is online.",
                                         "text_fr": "Fait : c'est en ligne."})
    saved = db.session.scalar(sa.select(Response).filter_by(idea_id=idea.id))
    assert (saved.status, saved.text_en) == ("implemented", "Done: it is online.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
    events = db.session.scalars(sa.select(AuditEvent).filter_by(action="idea.respond")
                                .order_by(AuditEvent.id)).all()
    assert [(e.data["old_status"], e.data["status"]) for e in events] == [
        (None, "accepted"), ("accepted", "implemented")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 2


def test_a_new_explanation_alone_does_not_tell_the_author_again(client, db, designer, idea):
    client.login_as(designer).post(_response_url(idea), ACCEPTED)
    client.post(_response_url(idea), {"status": "accepted", "text_en": "A clearer explanation.",
                                         "text_fr": "Une explication plus claire."})
    client.post(_response_url(idea), {"status": "accepted", "text_en": "A clearer explanation.",
                                         "text_fr": "Une explication plus claire."})
    assert db.session.scalar(sa.select(Response.text_en)) == "A clearer explanation."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "idea.respond")) == 2


def test_designer_answering_own_idea_is_not_notified(client, db, make, designer, consultation):
    own = make.idea(consultation, author=designer)
    client.login_as(designer).post(_response_url(own), ACCEPTED)
    assert db.session.scalar(sa.select(Response.status)) == "accepted"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_missing_explanation_is_a_message_on_the_form(client, db, designer, idea):
    plain = client.login_as(designer).post(_response_url(idea), {"status": "accepted", "text_en": "  ", "text_fr": ""})
    assert plain.status_code == 422
    assert "Explain the decision in English." in page_text(plain)
    assert 'href="#response-text_en"' in plain.get_data(as_text=True)
    partial = client.post(_response_url(idea), {"status": "maybe", "text_en": "Kept as typed",
                                                "text_fr": "Gardé tel quel"}, htmx=True)
    assert partial.status_code == 422
    assert "<html" not in partial.get_data(as_text=True)
    assert "Kept as typed" in partial.get_data(as_text=True)
    assert "Not a valid choice" in page_text(partial)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_the_form_page_shows_the_current_response(client, db, designer, idea):
    client.login_as(designer).post(_response_url(idea), ACCEPTED)
    page = client.get(_response_url(idea))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert checked(html, "status") == {"accepted"}
    assert "We will build it &lt;next&gt; spring.</textarea>" in html


def test_no_response_to_a_hidden_or_deleted_idea(client, db, make, designer, consultation):
    hidden = make.idea(consultation, status="hidden")
    response = client.login_as(designer).post(_response_url(hidden), ACCEPTED)
    assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_idea_page_and_list_show_the_response(client, db, designer, idea, make):
    client.login_as(designer).post(_response_url(idea), {"status": "not_feasible", "text_en": "The law forbids it.",
                                                              "text_fr": "La loi l'interdit."})
    visitor = type(client)(client.app)
    idea_page = page_text(visitor.get(_idea_url(idea)))
    assert "Response from the consultation team" in idea_page
    assert "Not feasible" in idea_page and "The law forbids it." in idea_page
    assert "Respond to this idea" not in idea_page and "Change the response" not in idea_page
    listing = page_text(visitor.get(f"/consultations/{idea.consultation.slug}"))
    assert "Response: Not feasible" in listing
    designer_page = page_text(client.get(_idea_url(idea)))
    assert "Change the response" in designer_page


def test_idea_without_response_shows_no_response_section_to_the_public(client, idea):
    assert "Response from the consultation team" not in page_text(client.get(_idea_url(idea)))


def test_idea_list_query_count_does_not_grow_with_responses(client, db, make, count_queries):
    counts = {}
    for size in (3, 40):
        consultation = make.consultation(status="closed")
        author = make.user()
        ideas = [Idea(consultation=consultation, author=author, title=f"Idea {n}", body="Body")
                 for n in range(size)]
        db.session.add_all(ideas)
        db.session.flush()
        db.session.add_all(Response(idea_id=i.id, status="accepted", text_en="Yes", text_fr="Oui") for i in ideas)
        db.session.commit()
        with count_queries() as queries:
            page = client.get(f"/consultations/{consultation.slug}")
        assert page.status_code == 200
        assert page_text(page).count("Response: Accepted") == min(size, client.app.config["PAGE_SIZE"])
        counts[size] = len(queries)
    assert counts[3] == counts[40], counts
