"""A citizen's journey in a real browser: register, comment, reply, propose, vote, flag.

With JavaScript, every action swaps its part of the page in place (htmx) and the live region
announces it; without JavaScript, the same forms post and redirect back."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.models import Comment, Flag, Idea, User, Vote
from tests.auth.helpers import account_mail, confirmation_path

PASSWORD = "a long enough passphrase"

pytestmark = pytest.mark.backend("sqlite")


def register(page, email, name):
    """The form, then the link from the mail, then the password again, as a person would."""
    page.goto("/auth/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Name shown with your contributions").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    with account_mail() as sent:
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(confirmation_path(sent[0]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_text("Your address is confirmed. Welcome, your account is ready.")).to_be_visible()


def comment_box(form_scope):
    """The comment textarea inside `form_scope`.

    Not get_by_label("Your comment"): every comment and reply form renders its textarea as
    id="body" (and the idea form too), so each <label for="body"> names only the first one on
    the page, the idea's. See test_each_comment_box_is_named_by_its_own_label."""
    return form_scope.locator("textarea[name=body]").first


def fresh(db, statement):
    db.session.expire_all()
    return db.session.scalar(statement)


def test_journey_with_javascript(new_page, db, make):
    consultation = make.consultation(status="open")
    other = make.user(name="Another Person")
    their_idea = make.idea(consultation, author=other, title="Open the office on Saturdays")
    their_comment = make.comment(consultation, author=other, body="Buy more tickets, it is cheaper.")
    their_idea_id, their_comment_id = their_idea.id, their_comment.id

    page = new_page()
    register(page, "journey@example.org", "Journey Citizen")
    me = fresh(db, sa.select(User).filter_by(email="journey@example.org"))
    assert me is not None and me.display_name == "Journey Citizen"

    page.goto(f"/consultations/{consultation.slug}")
    expect(page.get_by_role("heading", name="Comments")).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    url = page.url
    live = page.locator("#live-region")

    # Comment: swapped in place, announced, no page load.
    comments = page.locator("#comments-consultation")
    comment_box(comments).fill("The queue is too slow at lunch time.")
    comments.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("The queue is too slow at lunch time.")).to_be_visible()
    expect(live).to_have_text("Thank you, it is published.")
    assert page.url == url and page.evaluate("window.__sameDocument === true")
    mine = fresh(db, sa.select(Comment).filter_by(author_id=me.id, parent_id=None))
    assert mine is not None and mine.body == "The queue is too slow at lunch time."

    # Reply to it, in place.
    page.evaluate("document.getElementById('live-region').textContent = ''")
    thread = page.locator(f"#comment-{mine.id}")
    thread.locator("summary", has_text="Reply").first.click()
    comment_box(thread).fill("And at five o'clock too.")
    thread.get_by_role("button", name="Send reply").first.click()
    expect(page.get_by_text("And at five o'clock too.")).to_be_visible()
    expect(live).to_have_text("Thank you, it is published.")
    reply = fresh(db, sa.select(Comment).filter_by(author_id=me.id, parent_id=mine.id))
    assert reply is not None and reply.body == "And at five o'clock too."

    # Propose an idea.
    page.evaluate("document.getElementById('live-region').textContent = ''")
    ideas = page.locator("#ideas")
    ideas.locator("summary", has_text="Propose an idea").click()
    ideas.get_by_label("Your idea in a sentence").fill("Open a second counter at lunch")
    ideas.get_by_label("Explain your idea").fill("Most people come between noon and two.")
    ideas.get_by_role("button", name="Propose this idea").click()
    expect(page.get_by_role("link", name="Open a second counter at lunch")).to_be_visible()
    expect(live).to_have_text("Thank you, it is published.")
    idea = fresh(db, sa.select(Idea).filter_by(author_id=me.id))
    assert idea is not None and idea.title == "Open a second counter at lunch"

    # Agree with the other person's idea.
    votes = page.locator(f"#votes-{their_idea_id}")
    votes.get_by_role("button", name=re.compile(r"^Agree")).click()
    expect(votes.get_by_role("button", name=re.compile(r"^You agree"))).to_have_attribute("aria-pressed", "true")
    expect(live).to_have_text("You agree with this idea.")
    vote = fresh(db, sa.select(Vote).filter_by(user_id=me.id, idea_id=their_idea_id))
    assert vote is not None and vote.value == 1
    assert fresh(db, sa.select(Idea.agree_count).filter_by(id=their_idea_id)) == 1

    # Flag the other person's comment.
    their_thread = page.locator(f"#comment-{their_comment_id}")
    their_thread.get_by_role("link", name="Flag this contribution").click()
    their_thread.get_by_label("Spam or advertising").check()
    their_thread.get_by_role("button", name="Send to the moderators").click()
    expect(their_thread.get_by_text("You flagged this. Thank you.")).to_be_visible()
    expect(live).to_have_text("Thank you. A moderator will look at it.")
    flag = fresh(db, sa.select(Flag).filter_by(user_id=me.id, contribution_id=their_comment_id))
    assert flag is not None and flag.reason == "spam"

    assert page.url == url and page.evaluate("window.__sameDocument === true")


def test_main_journey_without_javascript(new_page, db, make):
    consultation = make.consultation(status="open")
    their_idea = make.idea(consultation, title="Print the form in large type")
    their_idea_id = their_idea.id

    page = new_page(java_script_enabled=False)
    register(page, "nojs@example.org", "No Script")
    me = fresh(db, sa.select(User).filter_by(email="nojs@example.org"))

    page.goto(f"/consultations/{consultation.slug}")
    comments = page.locator("#comments-consultation")
    comment_box(comments).fill("Plain forms work for me.")
    comments.get_by_role("button", name="Post comment").click()
    # A real page load: POST, 303, the page again with the message and the comment.
    page.wait_for_url(re.compile(rf"/consultations/{consultation.slug}#comment-\d+$"))
    expect(page.get_by_text("Thank you, it is published.")).to_be_visible()
    expect(page.get_by_text("Plain forms work for me.")).to_be_visible()
    comment = fresh(db, sa.select(Comment).filter_by(author_id=me.id))
    assert comment is not None and comment.body == "Plain forms work for me."

    votes = page.locator(f"#votes-{their_idea_id}")
    votes.get_by_role("button", name=re.compile(r"^Agree")).click()
    expect(page.get_by_text("You agree with this idea.")).to_be_visible()
    expect(page.locator(f"#votes-{their_idea_id}").get_by_role("button", name=re.compile(r"^You agree"))) \
        .to_have_attribute("aria-pressed", "true")
    vote = fresh(db, sa.select(Vote).filter_by(user_id=me.id, idea_id=their_idea_id))
    assert vote is not None and vote.value == 1

    # Reply: the <details> disclosure opens without script; the form posts and redirects.
    thread = page.locator(f"#comment-{comment.id}")
    thread.locator("summary", has_text="Reply").click()
    comment_box(thread).fill("Replying without script.")
    thread.get_by_role("button", name="Send reply").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    expect(page.get_by_text("Replying without script.")).to_be_visible()
    reply = fresh(db, sa.select(Comment).filter_by(author_id=me.id, parent_id=comment.id))
    assert reply is not None and reply.body == "Replying without script."

    # Flag the other person's idea: the flag link leads to a page with the form.
    page.goto(f"/consultations/{consultation.slug}/ideas/{their_idea_id}")
    page.get_by_role("link", name="Flag this contribution").click()
    page.get_by_label("Off topic").check()
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("Thank you. A moderator will look at it.")).to_be_visible()
    flag = fresh(db, sa.select(Flag).filter_by(user_id=me.id, contribution_id=their_idea_id))
    assert flag is not None and flag.reason == "off_topic"


def test_each_comment_box_is_named_by_its_own_label(new_page, db, make):
    consultation = make.consultation(status="open")
    make.idea(consultation)
    make.comment(consultation)
    page = new_page()
    register(page, "labels@example.org", "Label Reader")
    page.goto(f"/consultations/{consultation.slug}")
    comments = page.locator("#comments-consultation")
    expect(comments.get_by_role("textbox", name="Your comment").first).to_be_attached(timeout=2_000)
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), "every id on the page is unique"
