"""Fifty people at once on a running gunicorn (PostgreSQL): votes, flags and double submits leave
exact counts and one row per submission; the access log keeps no token; text renders the same
in threads that render at once."""

import threading
import time

import pytest
import sqlalchemy as sa

from consult.models import Comment, Consultation, Contribution, Flag, User, Vote

from .people import Person, burst, statuses, wait_until

PEOPLE = 50
#: production's FORM_MIN_SECONDS, and a little more: forms sent sooner are refused as robots'.
FORM_MIN_SECONDS = 2.2


def _count(site, *where):
    return site.scalar(sa.select(sa.func.count()).select_from(where[0]).where(*where[1:]))


@pytest.mark.backend("postgresql")
def test_fifty_people_vote_flag_and_double_submit_at_once(backend, site, server, people, place):
    started = time.monotonic()
    persons = people(PEOPLE)
    signed_in = time.monotonic() - started
    idea_page = f"/consultations/{place.slug}/ideas/{place.idea_id}"
    vote_url = f"/ideas/{place.idea_id}/vote"
    flag_url = f"/contributions/{place.comment_id}/flag"
    comment_url = f"/consultations/{place.slug}/ideas/{place.idea_id}/comments"

    # Everyone opens the idea page and the flag form, as a browser without JavaScript would.
    pages = burst([lambda p=p: (p.forms(idea_page), p.form(flag_url, flag_url)) for p in persons])
    drawn = time.monotonic()
    assert all(isinstance(page, tuple) for page in pages), statuses(pages)
    vote_forms = [forms[vote_url] for forms, _flag in pages]
    flag_forms = [dict(flag, reason="spam") for _forms, flag in pages]
    comment_forms = [dict(forms[comment_url], body=f"Person {i} thinks the opening hours should be longer.")
                     for i, (forms, _flag) in enumerate(pages)]
    keys = {form["submission_key"] for form in comment_forms}
    assert len(keys) == PEOPLE  # each page drew its own key
    time.sleep(max(0.0, FORM_MIN_SECONDS - (time.monotonic() - drawn)))

    # All at once: each person agrees, flags the comment twice and sends their comment twice
    # (a double click: the same form, so the same submission key).
    calls = []
    for person, vote, flag, comment in zip(persons, vote_forms, flag_forms, comment_forms, strict=True):
        calls += [lambda p=person, f=dict(vote, value="1"): p.post(vote_url, f)]
        calls += [lambda p=person, f=flag: p.post(flag_url, f)] * 2
        calls += [lambda p=person, f=comment: p.post(comment_url, f)] * 2
    first = burst(calls)
    assert statuses(first) == {303: len(calls)}
    for n in range(PEOPLE):  # both sends of one comment lead to the same stored comment
        one, two = first[5 * n + 3], first[5 * n + 4]
        assert one.location == two.location and f"{idea_page}#comment-" in one.location

    # Then, at once and each twice: a third disagree, a third agree again, a third withdraw.
    wanted = {0: "-1", 1: "1", 2: "0"}
    calls = [lambda p=person, f=dict(vote, value=wanted[n % 3]): p.post(vote_url, f)
             for n, (person, vote) in enumerate(zip(persons, vote_forms, strict=True)) for _ in range(2)]
    second = burst(calls)
    assert statuses(second) == {303: len(calls)}
    elapsed = time.monotonic() - started

    ids = dict(site.rows(sa.select(User.email, User.id).where(User.email.in_([p.email for p in persons]))))
    person_ids = [ids[p.email] for p in persons]
    votes = dict(site.rows(sa.select(Vote.user_id, sa.func.count()).where(Vote.idea_id == place.idea_id)
                           .group_by(Vote.user_id)))
    assert votes == {uid: 1 for n, uid in enumerate(person_ids) if n % 3 != 2}
    agree = _count(site, Vote, Vote.idea_id == place.idea_id, Vote.value == 1)
    disagree = _count(site, Vote, Vote.idea_id == place.idea_id, Vote.value == -1)
    assert (agree, disagree) == (len(range(1, PEOPLE, 3)), len(range(0, PEOPLE, 3)))
    idea_counts = site.rows(sa.select(Contribution.agree_count, Contribution.disagree_count,
                                      Contribution.comment_count).where(Contribution.id == place.idea_id))[0]
    assert (idea_counts.agree_count, idea_counts.disagree_count) == (agree, disagree)

    flags = dict(site.rows(sa.select(Flag.user_id, sa.func.count())
                           .where(Flag.contribution_id == place.comment_id).group_by(Flag.user_id)))
    assert flags == {uid: 1 for uid in person_ids}
    assert site.scalar(sa.select(Contribution.flag_count).where(Contribution.id == place.comment_id)) == PEOPLE

    per_key = dict(site.rows(sa.select(Comment.submission_key, sa.func.count())
                             .where(Comment.submission_key.in_(keys)).group_by(Comment.submission_key)))
    assert per_key == {key: 1 for key in keys}
    shown = (Comment.status == "published", Comment.deleted_at.is_(None))
    assert idea_counts.comment_count == _count(site, Comment, Comment.idea_id == place.idea_id, *shown)
    assert site.scalar(sa.select(Consultation.comment_count).where(Consultation.id == place.consultation_id)) \
        == _count(site, Comment, Comment.consultation_id == place.consultation_id, *shown)

    print(f"\n{PEOPLE} people: signed in in {signed_in:.1f} s; {len(first) + len(second)} posts "
          f"all acknowledged (303); {len(keys)} comments for {2 * len(keys)} sends; "
          f"{agree} agree, {disagree} disagree, {len(flags)} flags; {elapsed:.1f} s in all")


@pytest.mark.backend("postgresql")
def test_the_access_log_keeps_no_query_string_and_no_link_token(backend, server, addresses):
    person = Person(server.port, addresses.next())
    person.get("/consultations/?q=my+private+search+words")
    person.get("/auth/reset/a-secret-reset-token-from-a-mail")
    person.get("/auth/confirm/a-secret-confirmation-token-from-a-mail")
    signed = "eyJ1c2VyIjo3LCJmcCI6IjAxMjM0NTY3ODlhYmNkZWYifQ.aTBmXw.S1gNedPart0fTheL1nkIsSecret"
    person.get(f"//auth/reset/{signed}")

    assert wait_until(lambda: "/auth/confirm/[hidden]" in server.log_text(), timeout=10) is not None
    log = server.log_text()
    assert '"GET /consultations/ HTTP/1.1" 200' in log
    assert "/auth/reset/[hidden]" in log
    assert "private" not in log
    assert "a-secret-reset-token" not in log and "a-secret-confirmation-token" not in log
    assert signed not in log and "S1gNed" not in log


def test_user_text_renders_the_same_in_threads_rendering_at_once():
    """gthread workers render pages in several threads at once: the text filters share no parser
    (a shared bleach Linker once turned a page into a 500 under this file's load)."""
    from consult.text import paragraphs

    body = "\n\n".join(f"Point {n}: see https://example.org/{n} for the opening hours. " * 3 for n in range(6))
    expected = paragraphs(body)
    outcomes = []

    def render_many():
        for _ in range(60):
            try:
                outcomes.append(paragraphs(body) == expected)
            except Exception as error:  # noqa: BLE001 - a parser broken by another thread
                outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=render_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [True] * 480
