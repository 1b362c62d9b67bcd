"""An author's edit and moderation: under pre-moderation an edited contribution waits for a
moderator again; in the queue the moderator sees what the edit changed, old and new."""

import pytest

from consult.models import Comment, Contribution, Idea
from consult.moderation.changes import word_changes
from tests.conftest import page_text
from tests.moderation.test_queue import build_world
from tests.moderation.test_transitions import assert_counters_match_rows


@pytest.fixture
def world(make):
    return build_world(make)


def _edit(client, contribution, **data):
    return client.post(f"/contributions/{contribution.id}/edit", data)


def _decide(client, db, contribution_id, **data):
    version = db.session.get(Contribution, contribution_id).moderation_version
    return client.post(f"/moderation/items/{contribution_id}/decide", {**data, "version": str(version)})


@pytest.mark.parametrize("kind", ["comment", "idea"])
def test_an_approved_contribution_edited_under_pre_moderation_waits_for_review_again(
        client_factory, db, make, world, kind):
    author = make.user()
    on = world.consultation
    if kind == "idea":
        target = make.idea(on, author=author, title="Hospital registration", body="Register babies at the hospital.")
        edit = {"title": "Hospital registration now", "body": "Register babies online."}
    else:
        target = make.comment(on, author=author, body="Register babies at the hospital.")
        edit = {"body": "Register babies online."}
    assert target.status == "published"
    writer, moderator, visitor = (client_factory().login_as(author), client_factory().login_as(world.moderator),
                                  client_factory())

    assert _edit(writer, target, **edit).status_code == 303

    fresh = db.session.get(Contribution, target.id)
    assert (fresh.status, fresh.needs_review) == ("pending", True)
    assert "online" not in page_text(visitor.get(f"/consultations/{on.slug}"))
    assert_counters_match_rows(on.id)
    queue = moderator.get("/moderation/").get_data(as_text=True)
    assert f'id="item-{target.id}"' in queue
    assert "what changed" in queue
    assert '<del><span class="visually-hidden">removed: </span>at the hospital</del>' in queue
    assert '<ins><span class="visually-hidden">added: </span>online</ins>' in queue

    assert _decide(moderator, db, target.id, action="approve").status_code == 303

    fresh = db.session.get(Contribution, target.id)
    assert (fresh.status, fresh.before_edit_body, fresh.before_edit_title) == ("published", None, None)
    assert "online" in page_text(visitor.get(f"/consultations/{on.slug}" if kind == "comment"
                                             else f"/consultations/{on.slug}/ideas/{target.id}"))
    assert_counters_match_rows(on.id)


def test_edits_while_waiting_are_compared_with_the_text_as_first_sent(client, db, make, world):
    author = make.user()
    comment = make.comment(world.consultation, author=author, status="pending", needs_review=True,
                           body="First words.")
    client.login_as(author)

    _edit(client, comment, body="Second words.")
    _edit(client, comment, body="Third words.")

    fresh = db.session.get(Comment, comment.id)
    assert (fresh.body, fresh.before_edit_body, fresh.status) == ("Third words.", "First words.", "pending")


def test_a_decision_form_opened_before_the_edit_is_out_of_date(client_factory, db, make, world):
    author = make.user()
    comment = make.comment(world.consultation, author=author, status="pending", needs_review=True,
                           body="Harmless words.")
    seen = db.session.get(Comment, comment.id).moderation_version
    client_factory().login_as(author).post(f"/contributions/{comment.id}/edit", {"body": "Words nobody read."})

    late = client_factory().login_as(world.moderator).post(
        f"/moderation/items/{comment.id}/decide", {"action": "approve", "version": str(seen)})

    assert late.status_code == 303
    assert db.session.get(Comment, comment.id).status == "pending"


def test_post_moderation_edit_without_findings_stays_published_and_keeps_no_old_text(client, db, make):
    consultation = make.consultation(moderation_mode="post")
    author = make.user()
    comment = make.comment(consultation, author=author, body="Fine words.")
    client.login_as(author)

    _edit(client, comment, body="Finer words.")

    fresh = db.session.get(Comment, comment.id)
    assert (fresh.status, fresh.needs_review, fresh.before_edit_body) == ("published", False, None)
    assert_counters_match_rows(consultation.id)


def test_post_moderation_edit_adding_a_phone_number_is_held_and_shows_the_change(client_factory, db, make):
    lead = make.organization()
    consultation = make.consultation(lead=lead, moderation_mode="post")
    author = make.user()
    comment = make.comment(consultation, author=author, body="Call the office.")
    client_factory().login_as(author).post(f"/contributions/{comment.id}/edit",
                                           {"body": "Call the office at 613-555-0199."})

    fresh = db.session.get(Comment, comment.id)
    assert (fresh.status, fresh.needs_review, fresh.before_edit_body) == ("pending", True, "Call the office.")
    assert_counters_match_rows(consultation.id)
    moderator = client_factory().login_as(make.user(role="moderator", organization=lead))
    text = page_text(moderator.get("/moderation/"))
    assert "Edited by its author on" in text and "Call the office added: at 613-555-0199 ." in text


def test_the_authors_delete_erases_the_text_before_the_edit_too(client, db, make, world):
    author = make.user()
    comment = make.comment(world.consultation, author=author, status="pending", needs_review=True,
                           body="My number is 613-555-0199.")
    client.login_as(author)
    _edit(client, comment, body="No number now.")

    client.post(f"/contributions/{comment.id}/delete")

    fresh = db.session.get(Comment, comment.id)
    assert (fresh.body, fresh.before_edit_body) == ("", None)


def test_an_idea_title_change_alone_is_shown(client, db, make, world):
    author = make.user()
    idea = make.idea(world.consultation, author=author, title="Old title", body="Same body.",
                     status="pending", needs_review=True)
    client.login_as(author)
    _edit(client, idea, title="New title", body="Same body.")

    text = page_text(client.login_as(world.moderator).get("/moderation/"))

    assert "removed: Old" in text and "added: New" in text
    assert db.session.get(Idea, idea.id).before_edit_title == "Old title"


def test_word_changes_keep_every_word_in_order():
    pieces = word_changes("Call me at home today", "Call the office today please")

    assert "".join(text for kind, text in pieces if kind != "added") == "Call me at home today"
    assert "".join(text for kind, text in pieces if kind != "removed") == "Call the office today please"
    assert ("same", "Call ") in pieces and ("added", " please") in pieces
