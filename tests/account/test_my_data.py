"""The person's own data: downloading a copy of it, and deleting the account."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.audit import record
from consult.contributions.services import cast_vote, flag_contribution
from consult.models import (
    Appeal,
    AuditEvent,
    Contribution,
    Flag,
    Membership,
    ModerationDecision,
    User,
    Vote,
)
from consult.models.base import utcnow
from consult.models.notifications import EmailOptOut, Notification
from tests.auth.helpers import is_signed_in, register, sign_in
from tests.conftest import page_text
from tests.factories import PASSWORD


@pytest.fixture
def world(db, make):
    """A person with something of every kind, and someone else with the same kinds of things."""
    organization = make.organization()
    person = make.user(role="designer", organization=organization, name="Ana Tremblay",
                       email="ana@example.ca")
    other = make.user(name="Bo Other", email="bo@example.ca")
    moderator = make.user(role="moderator", name="Mona Moderator", email="mona@example.ca")
    person.segments, person.region = ["parent", "senior"], "NS"
    person.last_sign_in_at = utcnow() - timedelta(days=1)
    consultation = make.consultation()
    idea = make.idea(consultation, author=person, title="Ana idea", body="Ana idea body")
    others_idea = make.idea(consultation, author=other, title="Bo idea", body="Bo idea body")
    comment = make.comment(consultation, author=person, idea=others_idea, body="Ana comment")
    reply = make.comment(consultation, author=other, parent=comment, body="Bo reply to Ana")
    rejected = make.comment(consultation, author=person, body="Ana rejected comment", status="rejected")
    gone = make.comment(consultation, author=person, body="", deleted_at=utcnow())
    others_comment = make.comment(consultation, author=other, body="Bo general comment")
    decision = ModerationDecision(contribution_id=rejected.id, moderator_id=moderator.id, action="reject",
                                  reason_code="off_topic", note="Stay on the topic, please.")
    db.session.add(decision)
    db.session.flush()
    db.session.add(Appeal(contribution_id=rejected.id, text="Ana appeal text"))
    db.session.add(ModerationDecision(contribution_id=others_comment.id, moderator_id=moderator.id,
                                      action="hide", reason_code="spam", note="Not about Ana"))
    cast_vote(others_idea, person, 1)
    cast_vote(idea, person, -1)
    cast_vote(others_idea, other, 1)
    cast_vote(idea, other, 1)
    flag_contribution(others_comment, person, "off_topic", note="Ana flag note")
    flag_contribution(reply, other, "spam", note="Bo flag note")
    flag_contribution(others_comment, other, "spam")
    record(person, "user.rename", person)
    record(other, "user.rename", other)
    db.session.add_all([
        Notification(user_id=person.id, kind="idea_response", consultation_id=consultation.id, idea_id=idea.id),
        Notification(user_id=other.id, kind="outcome_published", consultation_id=consultation.id),
        EmailOptOut(user_id=person.id),
    ])
    db.session.commit()
    return dict(person=person, other=other, moderator=moderator, consultation=consultation, idea=idea,
                others_idea=others_idea, comment=comment, reply=reply, rejected=rejected, gone=gone,
                others_comment=others_comment, organization=organization)


def download(client):
    response = client.get("/account/data")
    assert response.status_code == 200
    return response, json.loads(response.get_data(as_text=True))


# Downloading a copy of one's data


def test_a_visitor_is_sent_to_sign_in(client):
    for url in ("/account/data", "/account/delete"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.location.startswith("/auth/login?next=")
    assert client.post("/account/delete", {"password": PASSWORD}).status_code == 302


def test_the_copy_is_a_json_attachment_never_cached(client, make):
    client.login_as(make.user())

    response, _data = download(client)

    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == "attachment; filename=consult-my-data.json"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_copy_holds_every_row_about_the_person_and_nothing_else(client, db, world):
    person = world["person"]
    person.locale = "fr"
    db.session.commit()
    client.login_as(person)

    _response, data = download(client)

    account = data["account"]
    assert account["email"] == "ana@example.ca"
    assert account["display_name"] == "Ana Tremblay"
    assert account["locale"] == "fr"
    assert account["segments"] == ["parent", "senior"]
    assert account["region"] == "NS"
    assert account["created_at"] and account["last_sign_in_at"]
    assert [(m["organization"], m["role"]) for m in data["memberships"]] == [
        (world["organization"].slug, "designer")]

    def ids(model, column, value):
        return set(db.session.scalars(sa.select(model.id).where(column == value)))

    contributions = db.session.scalars(sa.select(Contribution).filter_by(author_id=person.id)).all()
    assert len(contributions) == 4
    exported = {c["id"]: c for c in data["contributions"]}
    assert set(exported) == {c.id for c in contributions}
    for contribution in contributions:
        row = exported[contribution.id]
        assert (row["kind"], row["title"], row["body"], row["status"], row["channel"]) == (
            contribution.kind, contribution.title, contribution.body, contribution.status, contribution.channel)
        assert row["consultation"] == world["consultation"].slug
        assert row["created_at"] and ("deleted_at" in row and "edited_at" in row)
    assert exported[world["gone"].id]["deleted_at"]

    votes = db.session.scalars(sa.select(Vote).filter_by(user_id=person.id)).all()
    assert len(votes) == 2
    assert sorted((v["idea_id"], v["value"]) for v in data["votes"]) == sorted((v.idea_id, v.value) for v in votes)
    assert all(v["created_at"] for v in data["votes"])
    assert len(ids(Flag, Flag.user_id, person.id)) == len(data["flags"]) == 1
    assert data["flags"][0] | {"created_at": None} == {
        "contribution_id": world["others_comment"].id, "reason": "off_topic", "note": "Ana flag note",
        "created_at": None}
    assert [(a["contribution_id"], a["text"]) for a in data["appeals"]] == [
        (world["rejected"].id, "Ana appeal text")]
    # The moderators' internal note stays theirs: the person gets the decision, its reason, and
    # what a moderator answered them (nothing, for a rejection).
    assert [(d["contribution_id"], d["action"], d["reason"], d["answer"]) for d in data["moderation_decisions"]] == [
        (world["rejected"].id, "reject", "off_topic", "")]
    assert "Stay on the topic, please." not in json.dumps(data)
    events = db.session.scalars(sa.select(AuditEvent.action).filter_by(actor_id=person.id)).all()
    assert len(events) >= 1
    assert [e["action"] for e in data["activity"]] == events
    assert [(n["kind"], n["consultation"], n["idea_id"]) for n in data["notifications"]] == [
        ("idea_response", world["consultation"].slug, world["idea"].id)]
    assert data["email_opt_out"] is True


def test_the_copy_has_no_secret_and_no_one_else(client, world):
    person = world["person"]
    client.login_as(person)

    response, data = download(client)

    text = response.get_data(as_text=True)
    assert person.password_hash not in text and "argon2" not in text
    assert person.session_token not in text
    assert "password_hash" not in text and "session_token" not in text
    for foreign in ("bo@example.ca", "Bo Other", "Bo ", "Mona", "mona@example.ca", "Not about Ana"):
        assert foreign not in text
    assert data["moderation_decisions"]
    assert all("moderator" not in key for decision in data["moderation_decisions"] for key in decision)


def test_the_copy_takes_the_same_queries_however_much_there_is(client, db, make, count_queries):
    person = make.user()
    client.login_as(person)
    counts = []
    for size in (1, 10):
        consultation = make.consultation()
        for _ in range(size):
            idea = make.idea(consultation, author=person)
            cast_vote(idea, person, 1)
        db.session.commit()
        with count_queries() as queries:
            download(client)
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Deleting the account


def delete(client, password=PASSWORD, contributions=None):
    data = {"password": password}
    if contributions:
        data["contributions"] = contributions
    return client.post("/account/delete", data)


def test_the_page_explains_what_happens_and_offers_the_choice(client, make):
    client.login_as(make.user())

    response = client.get("/account/delete")

    text = page_text(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "erased at once" in text
    assert "Former participant" in text
    assert 'checked id="contributions-1"' in html and 'value="keep"' in html
    assert 'name="csrf_token"' in html
    assert 'href="/account/data"' in html


def test_deleting_erases_the_person_at_once(client, client_factory, db, world):
    person = world["person"]
    elsewhere = client_factory()
    sign_in(client, person)
    sign_in(elsewhere, person)

    response = delete(client)

    assert response.status_code == 303
    assert response.location == "/"
    assert "Your account is deleted." in page_text(client.get("/"))
    assert not is_signed_in(client) and not is_signed_in(elsewhere)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)
                             .where(User.email.ilike("%ana@example.ca%"))) == 0
    db.session.refresh(person)
    assert person.email == f"deleted-{person.id}@invalid"
    assert person.display_name == "Former participant"
    assert person.segments == [] and person.region is None and person.locale is None
    assert not person.password_hash.startswith("$argon2")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .filter_by(user_id=person.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote).filter_by(user_id=person.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Flag).filter_by(user_id=person.id)) == 0
    for kept_about_the_person in (Notification, EmailOptOut):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(kept_about_the_person)
                                 .filter_by(user_id=person.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .filter_by(user_id=world["other"].id)) == 1
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="user.delete"))
    assert event.actor_id == person.id and event.data == {"removed_text": False}
    assert sign_in(client_factory(), person, email="ana@example.ca").status_code == 200


def test_the_old_address_can_register_again(client, client_factory, db, world):
    client.login_as(world["person"])
    delete(client)

    newcomer = client_factory()
    response = register(newcomer, {"email": "ana@example.ca", "display_name": "Ana again",
                                   "password": PASSWORD, "confirm": PASSWORD})

    assert response.status_code == 302
    assert db.session.scalar(sa.select(User).filter_by(email="ana@example.ca")).display_name == "Ana again"


def test_kept_contributions_show_former_participant(client, db, world):
    client.login_as(world["person"])

    delete(client)

    consultation_page = page_text(client.get(f"/consultations/{world['consultation'].slug}"))
    idea_page = page_text(client.get(f"/consultations/{world['consultation'].slug}/ideas/{world['others_idea'].id}"))
    assert "Ana idea" in consultation_page
    assert "Ana comment" in idea_page
    assert "Former participant" in idea_page
    assert "Ana Tremblay" not in consultation_page + idea_page
    assert db.session.get(Contribution, world["idea"].id).author_id == world["person"].id


def test_removing_the_text_keeps_the_replies_readable(client, db, world):
    client.login_as(world["person"])

    delete(client, contributions="remove")

    idea_page = page_text(client.get(f"/consultations/{world['consultation'].slug}/ideas/{world['others_idea'].id}"))
    assert "Ana comment" not in idea_page
    assert "Bo reply to Ana" in idea_page
    for key in ("idea", "comment", "rejected"):
        contribution = db.session.get(Contribution, world[key].id)
        assert contribution.body == "" and contribution.deleted_at is not None
    assert db.session.get(Contribution, world["idea"].id).title is None
    assert db.session.scalar(sa.select(Appeal.text).filter_by(contribution_id=world["rejected"].id)) == ""
    consultation = world["consultation"]
    db.session.refresh(consultation)
    assert consultation.idea_count == 1  # Bo idea
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="user.delete"))
    assert event.data == {"removed_text": True}


def test_vote_and_flag_counts_are_exact_afterwards(client, db, world):
    client.login_as(world["person"])

    delete(client)

    idea = db.session.get(Contribution, world["idea"].id)
    others_idea = db.session.get(Contribution, world["others_idea"].id)
    assert (idea.agree_count, idea.disagree_count) == (1, 0)
    assert (others_idea.agree_count, others_idea.disagree_count) == (1, 0)
    assert db.session.get(Contribution, world["others_comment"].id).flag_count == 1
    assert db.session.get(Contribution, world["reply"].id).flag_count == 1


def test_other_people_are_untouched(client, db, world):
    other = world["other"]
    before = (other.email, other.display_name, other.password_hash, other.session_token)
    client.login_as(world["person"])

    delete(client, contributions="remove")

    db.session.refresh(other)
    assert (other.email, other.display_name, other.password_hash, other.session_token) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote).filter_by(user_id=other.id)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Flag).filter_by(user_id=other.id)) == 2
    assert db.session.get(Contribution, world["reply"].id).body == "Bo reply to Ana"
    assert db.session.get(Contribution, world["others_comment"].id).body == "Bo general comment"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .filter_by(user_id=world["moderator"].id)) == 1


def test_a_wrong_password_changes_nothing(client, db, world):
    person = world["person"]
    client.login_as(person)

    response = delete(client, password="not my password", contributions="remove")

    assert response.status_code == 200
    assert "Your password is not right." in page_text(response)
    db.session.refresh(person)
    assert person.email == "ana@example.ca"
    assert db.session.get(Contribution, world["idea"].id).body == "Ana idea body"
    assert is_signed_in(client)


@pytest.mark.parametrize("data, message", [
    ({"password": ""}, "Enter your password."),
    ({"password": PASSWORD, "contributions": "everything"}, "Not a valid choice"),
])
def test_the_form_is_checked(client, db, world, data, message):
    client.login_as(world["person"])

    response = client.post("/account/delete", data)

    assert response.status_code == 200
    assert message in page_text(response)
    db.session.refresh(world["person"])
    assert world["person"].email == "ana@example.ca"


def test_deleting_needs_a_csrf_token(client, db, world):
    client.login_as(world["person"])

    response = client.post("/account/delete", {"password": PASSWORD}, csrf=False)

    assert response.status_code == 400
    db.session.refresh(world["person"])
    assert world["person"].email == "ana@example.ca"
