"""The author's view of moderation on the account page, and appealing a rejection once."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from consult.models import Appeal, AuditEvent, Contribution, Hold, ModerationDecision
from consult.models.base import utcnow
from tests.conftest import page_text


@pytest.fixture
def author(make):
    return make.user()


@pytest.fixture
def consultation(make):
    return make.consultation(status="open")


@pytest.fixture
def rejected(db, make, author, consultation):
    """A comment a moderator rejected for personal information, with a note."""
    comment = make.comment(consultation, author=author, body="Call me at 613 555 0100",
                           status="rejected")
    moderator = make.user(role="moderator", organization=consultation.lead_organization)
    db.session.add(ModerationDecision(contribution_id=comment.id, moderator_id=moderator.id,
                                      action="reject", reason_code="personal_information",
                                      note="Please leave out your phone number."))
    db.session.commit()
    return comment


def appeal_url(contribution):
    return f"/account/contributions/{contribution.id}/appeal"


def test_a_held_comment_explains_personal_information_and_offers_an_edit(client, db, make, author,
                                                                          consultation):
    comment = make.comment(consultation, author=author, body="My number is 613 555 0100",
                           status="pending", needs_review=True)
    db.session.add(Hold(contribution_id=comment.id, rule="phone", spans=[[13, 25]]))
    db.session.commit()
    client.login_as(author)

    response = client.get("/account/")

    text = page_text(response)
    assert "Awaiting review" in text
    assert "because it may contain personal information" in text
    assert "phone number" in text and "social insurance number (SIN)" in text
    assert f'href="/contributions/{comment.id}/edit"' in response.get_data(as_text=True)


def test_a_pending_comment_without_a_personal_information_hold_has_no_such_notice(
        client, db, make, author, consultation):
    comment = make.comment(consultation, author=author, status="pending", needs_review=True)
    db.session.add(Hold(contribution_id=comment.id, rule="too_many_links"))
    db.session.commit()
    client.login_as(author)

    text = page_text(client.get("/account/"))

    assert "A moderator will read it before anyone else sees it." in text
    assert "personal information" not in text


@pytest.mark.parametrize("language, reason", [
    ("en", "It contained personal information"),
    ("fr", "Elle contenait des renseignements personnels"),
])
def test_a_rejected_comment_shows_the_reason_in_the_authors_language_not_the_note(client, author, rejected,
                                                                                 language, reason):
    client.login_as(author)

    response = client.get("/account/", headers={"Accept-Language": language})

    text = page_text(response)
    assert reason in text
    assert "Please leave out your phone number." not in text
    assert f'href="{appeal_url(rejected)}"' in response.get_data(as_text=True)


def test_the_latest_removal_gives_the_reason(client, db, make, author, consultation):
    hidden = make.comment(consultation, author=author, status="hidden")
    now = utcnow()
    db.session.add_all([
        ModerationDecision(contribution_id=hidden.id, action="hide", reason_code="spam",
                           created_at=now - timedelta(hours=2)),
        ModerationDecision(contribution_id=hidden.id, action="hide", reason_code="off_topic",
                           created_at=now - timedelta(hours=1)),
    ])
    db.session.commit()
    client.login_as(author)

    text = page_text(client.get("/account/"))

    assert "Hidden by a moderator" in text
    assert "It was off topic" in text
    assert "spam" not in text


def test_the_author_appeals_once(client, db, author, rejected):
    client.login_as(author)

    form = page_text(client.get(appeal_url(rejected)))
    first = client.post(appeal_url(rejected), {"text": "It was my office number, not my home."})
    second = client.post(appeal_url(rejected), {"text": "Please, again."})

    assert "Appeal a rejection" in form
    assert first.status_code == 303 and first.location == "/account/"
    assert second.status_code == 409
    assert "You already appealed this decision" in page_text(second)
    appeals = db.session.scalars(db.select(Appeal)).all()
    assert [a.text for a in appeals] == ["It was my office number, not my home."]
    assert "Appeal sent on" in page_text(client.get("/account/"))


def test_an_appeal_goes_back_in_the_review_queue_and_is_audited(client, db, author, rejected):
    client.login_as(author)

    client.post(appeal_url(rejected), {"text": "Please look again."})

    db.session.refresh(rejected)
    assert rejected.needs_review is True
    assert rejected.review_since is not None
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="contribution.appeal")).one()
    assert (event.actor_id, event.target_id) == (author.id, rejected.id)


def test_an_appeal_needs_a_short_text(client, db, author, rejected):
    client.login_as(author)

    empty = client.post(appeal_url(rejected), {"text": "  "})
    long = client.post(appeal_url(rejected), {"text": "x" * 1001})

    assert "Tell the moderators why you are appealing." in page_text(empty)
    assert "There is a problem" in page_text(empty)
    assert "Keep it under 1000 characters." in page_text(long)
    assert db.session.scalars(db.select(Appeal)).all() == []


def test_an_appeal_needs_the_csrf_token(client, db, author, rejected):
    client.login_as(author)

    client.post(appeal_url(rejected), {"text": "Please look again."}, csrf=False)

    assert db.session.scalars(db.select(Appeal)).all() == []


def test_a_lost_race_is_refused_by_the_database(client, db, author, rejected):
    """An appeal stored after the check but before the insert: the insert is ignored."""
    from consult.account import services

    client.login_as(author)
    db.session.add(Appeal(contribution_id=rejected.id, text="First"))
    db.session.flush()

    assert services.appeal_rejection(rejected, author, "Second") is None
    db.session.commit()
    assert [a.text for a in db.session.scalars(db.select(Appeal))] == ["First"]


def test_another_citizen_may_not_appeal(client, db, make, rejected):
    client.login_as(make.user())

    assert client.get(appeal_url(rejected)).status_code == 403
    assert client.post(appeal_url(rejected), {"text": "Mine now"}).status_code == 403
    assert db.session.scalars(db.select(Appeal)).all() == []


def test_a_visitor_is_sent_to_sign_in(client, rejected):
    response = client.get(appeal_url(rejected))

    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


@pytest.mark.parametrize("status", ["published", "pending", "hidden"])
def test_only_a_rejection_can_be_appealed(client, make, author, consultation, status):
    comment = make.comment(consultation, author=author, status=status)
    client.login_as(author)

    assert client.get(appeal_url(comment)).status_code == 403
    assert client.post(appeal_url(comment), {"text": "Why?"}).status_code == 403


@pytest.mark.parametrize("action, words", [
    ("appeal_overturned", "Your appeal was accepted: the decision was reversed."),
    ("appeal_upheld", "Your appeal was reviewed by another moderator: the decision stands."),
])
def test_the_account_shows_the_outcome_of_the_appeal(client, db, author, rejected, action, words):
    decision = ModerationDecision(contribution_id=rejected.id, action=action)
    db.session.add(decision)
    db.session.flush()
    db.session.add(Appeal(contribution_id=rejected.id, text="Look again", decided_at=utcnow(),
                          decision_id=decision.id))
    db.session.commit()
    client.login_as(author)

    text = page_text(client.get("/account/"))

    assert words in text
    assert "Appeal sent on" not in text
    assert "Appeal this decision" not in text


def _add_moderated_comments(db, make, consultation, author, count):
    """`count` comments: pending and held, rejected and appealed, hidden; each with two holds."""
    for n in range(count):
        status = ("pending", "rejected", "hidden")[n % 3]
        comment = make.comment(consultation, author=author, status=status, body=f"Comment {n}")
        db.session.add_all([Hold(contribution_id=comment.id, rule="email"),
                            Hold(contribution_id=comment.id, rule="phone")])
        if status == "pending":
            continue
        decision = ModerationDecision(contribution_id=comment.id, reason_code="spam", note="Note",
                                      action="reject" if status == "rejected" else "hide")
        db.session.add(decision)
        db.session.flush()
        if status == "rejected":
            db.session.add(Appeal(contribution_id=comment.id, text="Again", decided_at=utcnow(),
                                  decision_id=decision.id))
    db.session.commit()


def test_the_account_page_does_not_grow_with_holds_and_decisions(client, db, make, count_queries):
    counts = []
    for size in (3, 30):
        author = make.user()
        _add_moderated_comments(db, make, make.consultation(), author, size)
        client.login_as(author)
        with count_queries() as queries:
            response = client.get("/account/")
        assert response.status_code == 200
        assert "It was spam or advertising" in page_text(response)
        counts.append(len(queries))

    assert counts[0] == counts[1]


# -- What the author is told, and what stays with the moderators ------------------------------

INTERNAL = "INTERNAL-ONLY the author seems to be the same person as account 12"
APPEAL_INTERNAL = "INTERNAL-ONLY second look, checked with the lead"
ANSWER = "We read your appeal again: the phone number is still there, so the rejection stands."


def _decide(client, db, contribution_id, **data):
    version = db.session.get(Contribution, contribution_id).moderation_version
    return client.post(f"/moderation/items/{contribution_id}/decide", {**data, "version": str(version)})


@pytest.fixture
def decided_appeal(db, make, client_factory, author):
    """The author's comment, rejected with an internal note, appealed, and the appeal refused by
    another moderator with an internal note and an answer to the author; and a hidden one."""
    lead = make.organization()
    consultation = make.consultation(lead=lead, moderation_mode="pre")
    first = client_factory().login_as(make.user(role="moderator", organization=lead, name="Morgan Lead"))
    second = client_factory().login_as(make.user(role="moderator", organization=lead, name="Sasha Second"))
    comment = make.comment(consultation, author=author, status="pending", needs_review=True,
                           body="Phone me at the office.")
    hidden = make.comment(consultation, author=author, body="A published comment, then hidden.", needs_review=True)
    assert _decide(first, db, comment.id, action="reject", reason_code="personal_information",
                   note=INTERNAL).status_code == 303
    assert _decide(first, db, hidden.id, action="hide", reason_code="other", note=INTERNAL).status_code == 303
    writer = client_factory().login_as(author)
    assert writer.post(appeal_url(comment), {"text": "It is my office, not my home."}).status_code == 303
    return SimpleNamespace(comment=comment, hidden=hidden, first=first, second=second, writer=writer,
                           consultation=consultation)


def _author_pages(app, writer, decided):
    """Every page the author can open without arguments, and those about their contributions."""
    urls = {rule.rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static")}
    urls |= {appeal_url(decided.comment), appeal_url(decided.hidden), "/account/data",
             f"/consultations/{decided.consultation.slug}", f"/contributions/{decided.comment.id}/edit"}
    pages = {}
    for url in sorted(urls):
        for language in ("en", "fr"):
            response = writer.get(url, headers={"Accept-Language": language})
            pages[url, language] = (response.status_code, response.get_data(as_text=True))
    return pages


def test_the_internal_note_never_reaches_the_author(app, db, decided_appeal):
    for stage in ("appealed", "answered"):
        if stage == "answered":
            assert _decide(decided_appeal.second, db, decided_appeal.comment.id, action="reject",
                           reason_code="personal_information", note=APPEAL_INTERNAL,
                           author_note=ANSWER).status_code == 303
        pages = _author_pages(app, decided_appeal.writer, decided_appeal)
        assert pages["/account/", "en"][0] == 200 and pages["/account/data", "en"][0] == 200
        leaked = [url for url, (_status, body) in pages.items() if "INTERNAL-ONLY" in body]
        assert leaked == [], stage
    assert ANSWER in pages["/account/data", "en"][1]


def test_the_author_reads_the_reason_and_the_appeal_answer(db, decided_appeal):
    _decide(decided_appeal.second, db, decided_appeal.comment.id, action="reject",
            reason_code="personal_information", note=APPEAL_INTERNAL, author_note=ANSWER)
    writer = decided_appeal.writer

    account = page_text(writer.get("/account/"))
    appeal_page = page_text(writer.get(appeal_url(decided_appeal.comment)))
    french = page_text(writer.get("/account/", headers={"Accept-Language": "fr"}))

    assert "It contained personal information" in account and "Another reason" in account
    assert "Your appeal was reviewed by another moderator: the decision stands." in account
    assert f"The moderator's answer to your appeal: {ANSWER}" in account
    assert "A moderator rejected it on" in appeal_page and "It contained personal information" in appeal_page
    assert ANSWER in appeal_page
    assert "Elle contenait des renseignements personnels" in french
    assert "Morgan Lead" not in account + appeal_page and "Sasha Second" not in account + appeal_page


def test_the_appeal_view_shows_the_moderators_the_decision_its_reason_and_who_made_it(db, decided_appeal):
    html = decided_appeal.second.get("/moderation/").get_data(as_text=True)
    item = page_text_of(html.split(f'id="item-{decided_appeal.comment.id}"')[1].split("</article>")[0])

    assert "Decision appealed Rejected on" in item and "by Morgan Lead" in item
    assert "Reason given Personal information" in item and INTERNAL in item
    assert "Answer to the author" in item and "It is my office, not my home." in item


def test_the_labels_say_who_reads_what(db, decided_appeal):
    item = page_text(decided_appeal.second.get("/moderation/"))

    assert "Internal note for the audit trail Seen by moderators and administrators only, never by the author" in item
    assert "The author is told this reason, in their language." in item
    assert "The author reads this on their account page" in item


def test_a_moderator_may_redact_as_the_outcome_of_an_appeal(db, decided_appeal):
    response = _decide(decided_appeal.second, db, decided_appeal.comment.id, action="redact",
                       redacted_text="Phone me.", author_note="We published it without the office details.")

    assert response.status_code == 303
    fresh = db.session.get(Contribution, decided_appeal.comment.id)
    assert (fresh.status, fresh.body, fresh.needs_review) == ("published", "Phone me.", False)
    appeal = db.session.scalar(sa.select(Appeal))
    assert appeal.decided_at is not None
    assert db.session.get(ModerationDecision, appeal.decision_id).action == "redact"
    account = page_text(decided_appeal.writer.get("/account/"))
    assert "Your appeal was accepted in part" in account
    assert "We published it without the office details." in account


def page_text_of(html):
    """The words of an HTML fragment, as page_text gives them for a response."""
    return page_text(SimpleNamespace(get_data=lambda as_text=True: html))
