"""Taking part: comment, reply, propose, vote, flag, edit, delete — with htmx and without JavaScript."""

import pytest

from consult.models import Comment, Flag, Idea, Vote
from tests.conftest import page_text


@pytest.fixture
def open_consultation(make):
    return make.consultation(status="open")


@pytest.fixture
def citizen(make):
    return make.user(name="Alex Citizen")


def test_comment_without_javascript_posts_and_redirects(client, db, open_consultation, citizen):
    client.login_as(citizen)
    response = client.post(f"/consultations/{open_consultation.slug}/comments",
                           {"body": "The form asks for the same thing twice.", "submission_key": "k1"})
    assert response.status_code == 303
    comment = db.session.scalar(db.select(Comment))
    assert response.headers["Location"].endswith(f"/consultations/{open_consultation.slug}#comment-{comment.id}")
    assert comment.author_id == citizen.id and comment.status == "published"
    page = page_text(client.get(response.headers["Location"]))
    assert "The form asks for the same thing twice." in page and "Thank you, it is published." in page
    assert db.session.get(type(open_consultation), open_consultation.id).comment_count == 1


def test_comment_with_htmx_returns_the_section_and_announces_it(client, db, open_consultation, citizen):
    client.login_as(citizen)
    response = client.post(f"/consultations/{open_consultation.slug}/comments",
                           {"body": "Posted in place.", "submission_key": "k2"}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments-consultation"')
    assert "Posted in place." in html and "<html" not in html
    assert 'hx-swap-oob="innerHTML:#live-region"' in html and "Thank you, it is published." in html
    assert "data-focus" in html
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]


def test_double_submit_stores_one_comment(client, db, open_consultation, citizen):
    client.login_as(citizen)
    data = {"body": "Clicked twice.", "submission_key": "same-key"}
    first = client.post(f"/consultations/{open_consultation.slug}/comments", data)
    second = client.post(f"/consultations/{open_consultation.slug}/comments", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1
    assert db.session.get(type(open_consultation), open_consultation.id).comment_count == 1


def test_failed_comment_keeps_the_text_and_says_why(client, db, open_consultation, citizen):
    client.login_as(citizen)
    long_text = "x" * 5001
    for htmx in (False, True):
        response = client.post(f"/consultations/{open_consultation.slug}/comments",
                               {"body": long_text, "submission_key": "k3"}, htmx=htmx)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert long_text in html and "Keep it under 5000 characters." in html
        assert 'href="#comments-consultation-body"' in html  # the error summary links to the field
    empty = client.post(f"/consultations/{open_consultation.slug}/comments", {"body": "  "})
    assert "Write your comment before sending it." in page_text(empty)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_replies_nest_two_levels_and_then_stay_at_the_deepest(client, db, make, open_consultation, citizen):
    top = make.comment(open_consultation)
    client.login_as(citizen)
    ids = [top.id]
    for n in range(3):
        response = client.post(f"/contributions/{ids[-1]}/replies", {"body": f"Reply {n}", "submission_key": f"r{n}"},
                               htmx=True)
        assert response.status_code == 200
        assert f'<article class="comment" id="comment-{top.id}"' in response.get_data(as_text=True)
        ids.append(db.session.scalar(db.select(Comment.id).order_by(Comment.id.desc()).limit(1)))
    replies = [db.session.get(Comment, i) for i in ids[1:]]
    assert [r.depth for r in replies] == [1, 2, 2]
    assert all(r.root_id == top.id for r in replies)
    assert replies[2].parent_id == replies[0].id
    page = page_text(client.get(f"/consultations/{open_consultation.slug}"))
    assert "Reply 0" in page and "Reply 2" in page


def test_propose_an_idea_then_read_it(client, db, open_consultation, citizen):
    client.login_as(citizen)
    response = client.post(f"/consultations/{open_consultation.slug}/ideas",
                           {"title": "Register at the hospital", "body": "Let parents do it before leaving.",
                            "submission_key": "i1"})
    idea = db.session.scalar(db.select(Idea))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}")
    text = page_text(client.get(response.headers["Location"]))
    assert "Register at the hospital" in text and "Let parents do it before leaving." in text
    htmx = client.post(f"/consultations/{open_consultation.slug}/ideas",
                       {"title": "Second", "body": "Another.", "submission_key": "i2"}, htmx=True)
    assert htmx.get_data(as_text=True).lstrip().startswith('<section id="ideas"')
    assert db.session.get(type(open_consultation), open_consultation.id).idea_count == 2


def _vote(client, idea, value, htmx=False):
    return client.post(f"/ideas/{idea.id}/vote", {"value": str(value)}, htmx=htmx)


def test_vote_change_and_withdraw_keep_counts_exact(client, db, make, open_consultation, citizen):
    idea = make.idea(open_consultation)
    client.login_as(citizen)
    for value, agree, disagree in ((1, 1, 0), (1, 1, 0), (-1, 0, 1), (0, 0, 0), (-1, 0, 1)):
        assert _vote(client, idea, value).status_code == 303
        fresh = db.session.get(Idea, idea.id)
        assert (fresh.agree_count, fresh.disagree_count) == (agree, disagree)
    assert db.session.scalar(db.select(db.func.count(Vote.id))) == 1


def test_vote_with_htmx_returns_the_vote_control(client, db, make, open_consultation, citizen):
    idea = make.idea(open_consultation)
    client.login_as(citizen)
    html = _vote(client, idea, 1, htmx=True).get_data(as_text=True)
    assert html.lstrip().startswith(f'<div class="votes" id="votes-{idea.id}">')
    assert 'aria-pressed="true"' in html and "You agree with this idea." in html
    assert "<strong>1</strong> agree" in html


def test_bad_vote_value_is_a_400_page(client, make, open_consultation, citizen):
    idea = make.idea(open_consultation)
    client.login_as(citizen)
    response = _vote(client, idea, 7)
    assert response.status_code == 400 and "Traceback" not in response.get_data(as_text=True)


def test_flag_once_with_a_reason(client, db, make, open_consultation, citizen):
    comment = make.comment(open_consultation)
    client.login_as(citizen)
    form = client.get(f"/contributions/{comment.id}/flag")
    assert "Spam or advertising" in page_text(form)
    missing = client.post(f"/contributions/{comment.id}/flag", {})
    assert "Choose a reason." in page_text(missing)
    first = client.post(f"/contributions/{comment.id}/flag", {"reason": "abusive"}, htmx=True)
    assert "You flagged this" in page_text(first)
    again = client.post(f"/contributions/{comment.id}/flag", {"reason": "spam"})
    assert again.status_code == 303
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1
    assert db.session.get(Comment, comment.id).flag_count == 1


def test_author_cannot_flag_own_contribution(client, make, open_consultation, citizen):
    comment = make.comment(open_consultation, author=citizen)
    client.login_as(citizen)
    assert client.post(f"/contributions/{comment.id}/flag", {"reason": "spam"}).status_code == 403


def test_edit_own_comment(client, db, make, open_consultation, citizen):
    comment = make.comment(open_consultation, author=citizen, body="Tpyo here.")
    client.login_as(citizen)
    assert "Tpyo here." in client.get(f"/contributions/{comment.id}/edit").get_data(as_text=True)
    response = client.post(f"/contributions/{comment.id}/edit", {"body": "Typo fixed."})
    assert response.status_code == 303
    fresh = db.session.get(Comment, comment.id)
    assert fresh.body == "Typo fixed." and fresh.edited_at is not None
    assert "edited" in page_text(client.get(f"/consultations/{open_consultation.slug}"))


def test_delete_keeps_the_thread_readable(client, db, make, open_consultation, citizen):
    comment = make.comment(open_consultation, author=citizen, body="Regrettable words.")
    make.comment(open_consultation, parent=comment, body="A reply that stays.")
    client.login_as(citizen)
    response = client.post(f"/contributions/{comment.id}/delete", htmx=True)
    html = response.get_data(as_text=True)
    assert "Deleted by its author." in html and "A reply that stays." in html
    assert "Regrettable words." not in html
    fresh = db.session.get(Comment, comment.id)
    assert fresh.deleted_at is not None and fresh.body == ""
    assert db.session.get(type(open_consultation), open_consultation.id).comment_count == 1
    assert client.post(f"/contributions/{comment.id}/delete").status_code == 403


def test_pre_moderated_contribution_is_seen_only_by_its_author(client_factory, db, make):
    consultation = make.consultation(moderation_mode="pre")
    author, other = make.user(), make.user()
    mine = client_factory().login_as(author)
    response = mine.post(f"/consultations/{consultation.slug}/comments", {"body": "Please review me."})
    assert "once a moderator has reviewed it" in page_text(mine.get(response.headers["Location"]))
    assert "Awaiting review" in page_text(mine.get(f"/consultations/{consultation.slug}"))
    assert "Please review me." not in page_text(client_factory().login_as(other).get(f"/consultations/{consultation.slug}"))
    assert "Please review me." not in page_text(client_factory().get(f"/consultations/{consultation.slug}"))
    assert db.session.get(type(consultation), consultation.id).comment_count == 0


def test_load_more_comments(client, make, open_consultation):
    for n in range(25):
        make.comment(open_consultation, body=f"Comment number {n:02d}")
    first = page_text(client.get(f"/consultations/{open_consultation.slug}"))
    assert "Comment number 24" in first and "Comment number 04" not in first
    more = client.get(f"/consultations/{open_consultation.slug}").get_data(as_text=True)
    url = more.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
    fragment = client.get(url, htmx=True)
    assert "Comment number 04" in page_text(fragment) and "<html" not in fragment.get_data(as_text=True)
    assert "Comment number 04" in page_text(client.get(url))


def test_edit_comment_in_place_with_htmx(client, db, make, open_consultation, citizen):
    comment = make.comment(open_consultation, author=citizen, body="First words.")
    client.login_as(citizen)
    form = client.get(f"/contributions/{comment.id}/edit", htmx=True).get_data(as_text=True)
    assert form.lstrip().startswith("<form") and f'hx-target="#comment-{comment.id}"' in form
    assert "First words." in form and "<html" not in form
    saved = client.post(f"/contributions/{comment.id}/edit", {"body": "Better words."}, htmx=True)
    html = saved.get_data(as_text=True)
    assert f'<article class="comment" id="comment-{comment.id}"' in html and "Better words." in html
    assert "live-region" in html
    empty = client.post(f"/contributions/{comment.id}/edit", {"body": ""}, htmx=True)
    assert empty.status_code == 422 and "The text cannot be empty" in empty.get_data(as_text=True)
