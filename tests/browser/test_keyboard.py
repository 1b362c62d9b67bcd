"""Keyboard only, JavaScript on: sign in, comment, reply, vote and flag with Tab, Shift+Tab, Enter
and Space; focus is visible at every stop, and the live region announces each result."""

import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.models import Comment, Flag, Vote
from tests.factories import PASSWORD

pytestmark = pytest.mark.backend("sqlite")

FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {matches: false, visible: false, what: "body"};
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {visible: outline || shadow, what: e.outerHTML.slice(0, 120),
          outline: s.outlineStyle + " " + s.outlineWidth, shadow: s.boxShadow};
}"""


def focus_is_visible(page):
    # After an htmx swap, app.js moves the focus once the swap settles: wait for it. (Not with
    # wait_for_function: when it has to poll it compiles its predicate with eval, which the
    # site's Content-Security-Policy rightly refuses.)
    deadline = time.monotonic() + 3
    while not page.evaluate("() => !!document.activeElement && document.activeElement !== document.body"):
        if time.monotonic() > deadline:
            break
        page.wait_for_timeout(50)
    state = page.evaluate(FOCUS)
    assert state["visible"], f"no visible focus indicator on {state}"
    return state


def focused_matches(page, selector):
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; focus must be
    visible at every stop on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        focus_is_visible(page)
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} is not reachable with {key} within {limit} presses")


def announced(page, text):
    expect(page.locator("#live-region")).to_have_text(text)


def clear_live_region(page):
    page.evaluate("document.getElementById('live-region').textContent = ''")


def fresh(db, statement):
    db.session.expire_all()
    return db.session.scalar(statement)


def test_keyboard_only_journey(new_page, db, make):
    consultation = make.consultation(status="open")
    me = make.user(name="Kim Keyboard")
    other = make.user(name="Another Person")
    their_idea = make.idea(consultation, author=other, title="Open the office on Saturdays")
    their_comment = make.comment(consultation, author=other, body="Buy more tickets, it is cheaper.")
    their_idea_id, their_comment_id, my_id, my_email = their_idea.id, their_comment.id, me.id, me.email

    page = new_page()
    # Sign in.
    page.goto("/auth/login")
    tab_to(page, "input[name=email]")
    page.keyboard.type(my_email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    tab_to(page, "main form button.button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()

    page.goto(f"/consultations/{consultation.slug}")
    page.evaluate("window.__sameDocument = true")

    # Comment.
    tab_to(page, "#comments-consultation > form textarea")
    page.keyboard.type("The queue is too slow at lunch time.")
    tab_to(page, "#comments-consultation > form button.button")
    page.keyboard.press("Enter")
    announced(page, "Thank you, it is published.")
    mine = fresh(db, sa.select(Comment).filter_by(author_id=my_id, parent_id=None))
    assert mine is not None and mine.body == "The queue is too slow at lunch time."
    expect(page.locator(f"#comment-{mine.id}")).to_be_focused()
    focus_is_visible(page)

    # Reply to it: open the details with Enter, then type and send.
    clear_live_region(page)
    tab_to(page, f"#comment-{mine.id} summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#comment-{mine.id} textarea")
    page.keyboard.type("And at five o'clock too.")
    tab_to(page, f"#comment-{mine.id} form button.button")
    page.keyboard.press("Enter")
    announced(page, "Thank you, it is published.")
    reply = fresh(db, sa.select(Comment).filter_by(author_id=my_id, parent_id=mine.id))
    assert reply is not None and reply.body == "And at five o'clock too."
    focus_is_visible(page)

    # Vote with Space; the pressed button keeps the focus.
    clear_live_region(page)
    page.goto(f"/consultations/{consultation.slug}")
    page.evaluate("window.__sameDocument = true")
    tab_to(page, f"#votes-{their_idea_id} button[aria-pressed=false]")
    page.keyboard.press("Space")
    announced(page, "You agree with this idea.")
    expect(page.locator(f"#votes-{their_idea_id} button[aria-pressed=true]")).to_be_focused()
    focus_is_visible(page)
    vote = fresh(db, sa.select(Vote).filter_by(user_id=my_id, idea_id=their_idea_id))
    assert vote is not None and vote.value == 1

    # Flag: the link opens the form in place, focus lands on its button; Shift+Tab back to the
    # reasons, Space to choose one, Tab forward to the button, Enter to send.
    clear_live_region(page)
    tab_to(page, f"#comment-{their_comment_id} a#flag-{their_comment_id}")
    page.keyboard.press("Enter")
    expect(page.locator(f"form#flag-{their_comment_id} button.button")).to_be_focused()
    focus_is_visible(page)
    tab_to(page, f"form#flag-{their_comment_id} input[type=radio]", backwards=True)
    reason = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    expect(page.locator(f"form#flag-{their_comment_id} input[value={reason}]")).to_be_checked()
    tab_to(page, f"form#flag-{their_comment_id} button.button")
    page.keyboard.press("Enter")
    announced(page, "Thank you. A moderator will look at it.")
    expect(page.locator(f"#flag-{their_comment_id}")).to_be_focused()
    focus_is_visible(page)
    flag = fresh(db, sa.select(Flag).filter_by(user_id=my_id, contribution_id=their_comment_id))
    assert flag is not None and flag.reason == reason

    assert page.evaluate("window.__sameDocument === true"), "every action stayed on the page"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(new_page, db, make):
    consultation = make.consultation(status="open")
    page = new_page()
    page.goto(f"/consultations/{consultation.slug}")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    focus_is_visible(page)
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    focus_is_visible(page)
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
