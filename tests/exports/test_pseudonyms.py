"""Pseudonyms: one per person within a consultation, unrelated across consultations."""

import json

from consult.models import Vote
from consult.pseudonyms import Pseudonyms

from .parsing import URL, person


def _json(client, consultation, dataset):
    response = client.get(URL.format(slug=consultation.slug, dataset=dataset, fmt="json"), buffered=True)
    assert response.status_code == 200
    return json.loads(response.data)


def test_one_person_one_pseudonym_within_a_consultation(client, designer, consultation, data):
    client.login_as(designer)
    authors = {row["id"]: row["author"] for row in _json(client, consultation, "contributions")}
    votes = _json(client, consultation, "votes")

    assert authors[data.idea.id] == authors[data.reply.id] == votes[0]["participant"]
    assert authors[data.held_idea.id] == authors[data.comment.id] == authors[data.deleted.id] \
        == votes[1]["participant"]
    assert len({authors[data.idea.id], authors[data.comment.id], authors[data.rejected.id]}) == 3
    accounts = [authors[data.idea.id], authors[data.comment.id], authors[data.rejected.id]]
    assert all(author.startswith("P-") and len(author) == 18 for author in accounts)


def test_one_caller_is_one_pseudonym_apart_from_accounts(client, designer, consultation, data):
    client.login_as(designer)
    authors = {row["id"]: row["author"] for row in _json(client, consultation, "contributions")}

    caller = authors[data.intake.id]
    assert caller.startswith("C-")
    assert caller == authors[data.intake_again.id]
    assert caller != Pseudonyms(consultation.id).person(data.staff.id)


def test_the_same_person_differs_across_consultations(client, db, make, org, designer, consultation,
                                                      data):
    other = make.consultation(lead=org, slug="licence-testing")
    make.idea(other, data.alice, title="Book online", body="Let us book online.")
    db.session.add(Vote(idea_id=data.idea.id, user_id=designer.id, value=1))
    db.session.commit()
    client.login_as(designer)

    here = {row["id"]: row["author"] for row in _json(client, consultation, "contributions")}
    there = _json(client, other, "contributions")

    assert there[0]["author"] == person(other.id, data.alice)
    assert here[data.idea.id] == person(consultation.id, data.alice)
    assert there[0]["author"] != here[data.idea.id]


def test_the_configured_key_replaces_the_derived_one(app, db):
    app.config["EXPORT_PSEUDONYM_KEY"] = "a-separate-export-key"
    try:
        configured = Pseudonyms(1).person(7)
    finally:
        app.config["EXPORT_PSEUDONYM_KEY"] = None
    derived = Pseudonyms(1).person(7)

    assert configured != derived
    assert derived == Pseudonyms(1).person(7)
    assert Pseudonyms(2).person(7) != derived


def test_no_one_no_pseudonym(db):
    pseudonyms = Pseudonyms(1)
    assert pseudonyms.person(None) == ""
    assert pseudonyms.contact(None) == pseudonyms.contact(" - ") == ""
    assert pseudonyms.contact("Marie@Example.org ") == pseudonyms.contact("marie@example.org")
