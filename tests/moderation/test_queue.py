"""The moderation queue: what each item shows, filters and their counts, paging, fixed queries."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from consult.models import Appeal, Flag, Hold, ModerationDecision
from consult.models.base import utcnow
from consult.moderation.queue import highlight, pseudonym, pseudonym_code
from tests.conftest import page_text


def build_world(make):
    """A pre-moderated consultation led by `lead` with `partner`, and a moderator of each and elsewhere."""
    lead, partner = make.organization(), make.organization()
    return SimpleNamespace(
        lead=lead, partner=partner,
        moderator=make.user(role="moderator", organization=lead, name="Morgan Lead"),
        second_moderator=make.user(role="moderator", organization=lead, name="Sasha Second"),
        partner_moderator=make.user(role="moderator", organization=partner, name="Pat Partner"),
        other_moderator=make.user(role="moderator", name="Olive Elsewhere"),
        consultation=make.consultation(lead=lead, partners=[partner], moderation_mode="pre"),
    )


def queued(make, contribution, waiting=timedelta(hours=1), holds=(), flags=(), appeal=None):
    """Put `contribution` in the queue as screening, flags or an author's appeal would."""
    db = make.db
    contribution.needs_review = True
    contribution.review_since = utcnow() - waiting
    for rule, spans in holds:
        db.session.add(Hold(contribution_id=contribution.id, rule=rule, spans=spans))
    for reason in flags:
        db.session.add(Flag(contribution_id=contribution.id, user_id=make.user().id, reason=reason))
    contribution.flag_count += len(flags)
    if appeal is not None:
        db.session.add(Appeal(contribution_id=contribution.id, text=appeal))
    db.session.commit()
    return contribution


@pytest.fixture
def world(make):
    return build_world(make)


def _queue(client, **args):
    response = client.get("/moderation/", query_string=args)
    assert response.status_code == 200
    return response


def _item_ids(response):
    return [int(i) for i in re.findall(r'<article class="card queue-item" id="item-(\d+)"', response.get_data(as_text=True))]


def test_each_item_shows_what_a_moderator_weighs(client, db, make, world):
    author = make.user(name="Rowan Private", email="rowan.private@example.org")
    earlier = make.comment(world.consultation, author=author, status="rejected")
    idea = make.idea(world.consultation, title="Register births at the hospital")
    body = "Call me at 613-555-0199 or write to rowan@example.org"
    comment = queued(make, make.comment(world.consultation, author=author, idea=idea, status="pending", body=body),
                     holds=[("phone", [[11, 23]]), ("email", [[36, 53]])], flags=["spam", "spam", "abusive"])
    reply = queued(make, make.comment(world.consultation, parent=make.comment(world.consultation, body="The parent comment."),
                                      status="rejected", body="Please reconsider."), appeal="I only asked a question.")
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    text = page_text(_queue(client))
    assert "<mark>613-555-0199</mark>" in html and "<mark>rowan@example.org</mark>" in html
    assert "Register births at the hospital" in text and "A reply to: The parent comment." in text
    with client.app.app_context():
        code = pseudonym_code(author.id, world.consultation.id)
    assert f"Participant {code}" in text and "1 earlier rejection" in text
    assert "Rowan Private" not in text and "rowan.private@example.org" not in html
    assert "Flagged 3 times" in text and "Spam or advertising: 2" in text and "Abusive or hateful: 1" in text
    assert "A phone number" in text and "An email address" in text
    assert "The author appeals the rejection I only asked a question." in text
    assert _item_ids(_queue(client)) == [comment.id, reply.id]
    assert earlier.id not in _item_ids(_queue(client))


def test_user_text_is_escaped_around_the_highlights(client, make, world):
    body = "<script>alert(1)</script> mail a@b.ca <b>now</b>"
    queued(make, make.comment(world.consultation, status="pending", body=body), holds=[("email", [[31, 37]])])
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>now" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; mail <mark>a@b.ca</mark> &lt;b&gt;now&lt;/b&gt;" in html


def test_highlight_merges_overlaps_and_ignores_spans_outside_the_text():
    assert highlight("abcdef", [[3, 5], [1, 2], [4, 6], [10, 12]]) == [
        ("a", False), ("b", True), ("c", False), ("def", True)]
    assert highlight("<x>", []) == [("&lt;x&gt;", False)]
    assert highlight("", []) == [("", False)]


def test_pseudonym_is_stable_within_a_consultation_only(app):
    with app.test_request_context():
        assert pseudonym(7, 1) == pseudonym(7, 1)
        assert pseudonym(7, 1) != pseudonym(7, 2) and pseudonym(7, 1) != pseudonym(8, 1)
        assert re.fullmatch(r"Participant [0-9a-f]{6}", pseudonym(7, 1))


@pytest.fixture
def mixed_queue(make, world):
    return build_mixed_queue(make, world)


def build_mixed_queue(make, world):
    """One item for each reason a contribution waits, and a second consultation's idea."""
    c = world.consultation
    items = SimpleNamespace(
        flagged=queued(make, make.comment(c, body="Flagged one."), flags=["spam"], waiting=timedelta(days=10)),
        pre=queued(make, make.comment(c, status="pending", body="Plain pending one."), waiting=timedelta(days=3)),
        personal=queued(make, make.idea(c, status="pending", body="Idea with a phone."), holds=[("phone", [])]),
        abuse=queued(make, make.comment(c, status="pending", body="Rude one."), holds=[("abusive_language", [])]),
        spam=queued(make, make.comment(c, status="pending", body="Linky one."), holds=[("too_many_links", [])]),
        appeal=queued(make, make.comment(c, status="rejected", body="Appealed one."), appeal="Please."),
    )
    other = make.consultation(lead=world.lead, title_en="Second consultation")
    items.elsewhere = queued(make, make.idea(other, status="pending", body="In the second consultation."))
    make.comment(c, body="Not in the queue.")
    return items


def test_each_reason_filters_the_queue(client, world, mixed_queue):
    client.login_as(world.moderator)
    expected = {"flagged": [mixed_queue.flagged], "pre_moderation": [mixed_queue.pre, mixed_queue.elsewhere],
                "personal_information": [mixed_queue.personal], "abuse": [mixed_queue.abuse],
                "spam": [mixed_queue.spam], "appeal": [mixed_queue.appeal]}
    for reason, items in expected.items():
        assert sorted(_item_ids(_queue(client, reason=reason))) == sorted(i.id for i in items), reason
    assert len(_item_ids(_queue(client))) == 7
    assert "Not in the queue." not in page_text(_queue(client))


def test_counts_show_each_reason_under_the_other_filters(client, world, mixed_queue):
    client.login_as(world.moderator)
    text = page_text(_queue(client))
    for words in ("Any reason (7)", "Flagged by participants (1)", "Awaiting pre-moderation (2)",
                  "Personal information (1)", "Abuse (1)", "Spam (1)", "Appealed by the author (1)"):
        assert words in text
    ideas = page_text(_queue(client, kind="idea", reason="spam"))
    assert "Any reason (2)" in ideas and "Awaiting pre-moderation (1)" in ideas and "Personal information (1)" in ideas
    assert "0 items need review." in ideas


def test_kind_consultation_and_age_filters(client, world, mixed_queue):
    client.login_as(world.moderator)
    assert sorted(_item_ids(_queue(client, kind="idea"))) == [mixed_queue.personal.id, mixed_queue.elsewhere.id]
    assert _item_ids(_queue(client, consultation=mixed_queue.elsewhere.consultation_id)) == [mixed_queue.elsewhere.id]
    assert _item_ids(_queue(client, age="1")) == [mixed_queue.flagged.id, mixed_queue.pre.id]
    assert _item_ids(_queue(client, age="7")) == [mixed_queue.flagged.id]
    assert len(_item_ids(_queue(client, kind="poem", age="99", reason="nope", consultation="x"))) == 7


def test_oldest_first_and_keyset_pages_of_25(client, db, make, world):
    since = utcnow() - timedelta(days=2)
    items = [make.comment(world.consultation, status="pending", body=f"Item {n}") for n in range(30)]
    for n, item in enumerate(items):
        item.needs_review = True
        item.review_since = since + timedelta(minutes=30 - n) if n >= 10 else since  # ten share one moment
    db.session.commit()
    expected = [i.id for i in sorted(items, key=lambda i: (i.review_since, i.id))]
    client.login_as(world.moderator)
    first = _queue(client)
    assert _item_ids(first) == expected[:25]
    next_url = re.search(r'rel="next" href="([^"]+)"', first.get_data(as_text=True)).group(1).replace("&amp;", "&")
    assert f"after={expected[24]}" in next_url
    second = client.get(next_url)
    assert _item_ids(second) == expected[25:] and 'rel="next"' not in second.get_data(as_text=True)
    assert "Back to the oldest items" in page_text(second)


def _fill(make, world, size):
    """`size` queued items of every shape: replies, comments on ideas, ideas, with holds, flags, appeals."""
    c = world.consultation
    idea = make.idea(c)
    parent = make.comment(c)
    for n in range(size):
        author = make.user()
        shape = n % 3
        item = (make.idea(c, author=author, status="pending") if shape == 0 else
                make.comment(c, author=author, idea=idea, status="rejected") if shape == 1 else
                make.comment(c, author=author, parent=parent, status="pending"))
        make.comment(c, author=author, status="rejected")
        queued(make, item, holds=[("email", [[0, 3]]), ("phone", [[4, 6]])], flags=["spam", "abusive"],
               appeal="Please." if shape == 1 else None)


def test_queue_runs_the_same_number_of_queries_for_3_and_60_items(client, make, world, count_queries):
    client.login_as(world.moderator)
    counts = {}
    for size, more in ((3, 3), (60, 57)):
        _fill(make, world, more)
        with count_queries() as queries:
            response = _queue(client)
        assert len(_item_ids(response)) == min(size, 25)
        counts[size] = len(queries)
    assert counts[3] == counts[60], counts
    assert counts[60] <= 13, counts  # user, roles, choices, counts, items, unread notifications + 7 batched loads


def test_page_has_one_h1_and_unique_ids(client, make, world, mixed_queue):
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    assert html.count("<h1") == 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert 'href="/moderation/"' in html and ">Moderation</a>" in html


def test_a_moderator_elsewhere_sees_an_empty_queue(client, make, world, mixed_queue):
    response = _queue(client.login_as(world.other_moderator))
    assert _item_ids(response) == [] and "Nothing to review here." in page_text(response)
    assert "Any reason (0)" in page_text(response)


def _record_decisions(make, world, count):
    item = make.comment(world.consultation, status="hidden")
    start = make.db.session.scalar(make.db.select(make.db.func.count(ModerationDecision.id)))
    make.db.session.add_all(
        ModerationDecision(contribution_id=item.id, moderator_id=world.moderator.id, action="hide",
                           reason_code="spam", note=f"Decision {start + n:02d}") for n in range(count))
    make.db.session.commit()
    return item


def test_audit_trail_is_newest_first_in_keyset_pages_with_fixed_queries(client, make, world, count_queries):
    client.login_as(world.second_moderator)
    counts = {}
    for size, more in ((3, 3), (30, 27)):
        item = _record_decisions(make, world, more)
        with count_queries() as queries:
            first = client.get("/moderation/audit")
        counts[size] = len(queries)
    assert counts[3] == counts[30], counts
    text = page_text(first)
    assert text.index("Decision 29") < text.index("Decision 28") and "Decision 04" not in text
    assert "Morgan Lead" in text and "Hidden" in text and "Spam or advertising" in text
    assert world.consultation.title_en in text and f"Comment number {item.id}" in text
    html = first.get_data(as_text=True)
    older = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    second = page_text(client.get(older))
    assert "Decision 04" in second and "Decision 00" in second and "Decision 05" not in second
    assert html.count("<h1") == 1


def test_every_decision_form_is_labelled_and_posts_the_csrf_token(client, world, mixed_queue):
    html = _queue(client.login_as(world.moderator)).get_data(as_text=True)
    forms = re.findall(r'<form method="post" action="/moderation/items/(\d+)/decide".*?</form>', html, re.S)
    assert len(forms) == 7
    page_token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    for item_id in forms:
        form = re.search(rf'<form method="post" action="/moderation/items/{item_id}/decide".*?</form>', html, re.S).group(0)
        controls = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', form)
        labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', form))
        hidden = {f"item-{item_id}-version"}
        assert controls and set(controls) - hidden <= labelled, (item_id, set(controls) - hidden - labelled)
        assert re.search(r'<fieldset class="field" id="item-\d+-action">\s*<legend>Decision</legend>', form)
        assert f'name="csrf_token" value="{page_token}"' in form
    assert f'<textarea aria-describedby="item-{mixed_queue.pre.id}-redacted_text-hint"' in html
    assert "Plain pending one.</textarea>" in html  # a redaction starts from the item's text


def test_a_refused_decision_comes_back_as_typed_with_its_errors_linked(client, world, mixed_queue):
    client.login_as(world.moderator)
    item = mixed_queue.pre
    response = client.post(f"/moderation/items/{item.id}/decide", {
        "version": "0", "action": "suspend", "reason_code": "other", "note": "", "suspend_days": "soon"})
    html = response.get_data(as_text=True)
    prefix = f"item-{item.id}-"
    assert response.status_code == 422
    assert 'value="suspend" checked>' in html and '<option selected value="other">' in html
    assert f'aria-describedby="{prefix}note-hint {prefix}note-error" aria-invalid="true" id="{prefix}note"' in html
    assert f'<p class="error-message" id="{prefix}note-error">Explain the reason in the note.</p>' in html
    assert f'id="{prefix}suspend_days" max="365" min="1" name="suspend_days" type="number" value="soon"' in html
    assert f'href="#{prefix}note"' in html and f'href="#{prefix}suspend_days"' in html
    assert f'<fieldset class="field" id="{prefix}action">' in html  # no error on the decision itself


def test_decision_forms_are_drawn_in_each_request_language(client, world, mixed_queue):
    client.login_as(world.moderator)
    french = page_text(client.get("/moderation/", headers={"Accept-Language": "fr"}))
    english = page_text(client.get("/moderation/", headers={"Accept-Language": "en"}))
    assert "Obligatoire pour rejeter, masquer ou suspendre. Cette raison" in french and "Needed to reject" not in french
    assert "Needed to reject, hide or suspend." in english and "Obligatoire" not in english

