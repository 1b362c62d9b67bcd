"""The moderation queue at volume, in a real browser: compact items (at least 4 fit a 1280x900
screen), nothing wider than a 375 px phone, the decision form opened on demand, "select all" with
and without JavaScript, and axe finding nothing on a full page."""

import os
from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from consult.models import Appeal, Flag, Hold
from consult.models.base import utcnow
from consult.moderation.queue import PAGE_SIZE

from .conftest import format_violations, sign_in, switch_language

pytestmark = pytest.mark.backend("sqlite")

#: Set to a folder to keep a screenshot of each viewport there, for a person to look at.
SCREENSHOTS = os.environ.get("CONSULT_SCREENSHOTS")
LONG = ("The office closes at four, which is when most of us leave work, and the line is already "
        "out the door by three. Please open later on Thursdays, and let people book a time online "
        "or by phone so that nobody waits outside in January. ") * 3


def full_queue(make):
    """A page and a half of queued items of every shape: ideas, comments, replies, holds, flags, appeals."""
    db = make.db
    lead = make.organization(name="Department of Transit")
    consultation = make.consultation(lead=lead, title_en="Driver's licence testing in remote communities")
    idea = make.idea(consultation, title="Book road tests online")
    parent = make.comment(consultation, body="The nearest test centre is 300 km away.")
    flagger = make.user()
    items = []
    for n in range(PAGE_SIZE + 10):
        shape = n % 4
        body = f"Item {n}. Write to me at person{n}@example.org or https://example.org/{'x' * 60}. {LONG}"
        if shape == 0:
            item = make.idea(consultation, status="pending", title=f"Idea {n}: test in the community hall", body=body)
            db.session.add(Hold(contribution_id=item.id, rule="email", spans=[[len(f"Item {n}. Write to me at "), 0]]))
        elif shape == 1:
            item = make.comment(consultation, idea=idea, body=body)
            db.session.add(Flag(contribution_id=item.id, user_id=flagger.id, reason="spam"))
            item.flag_count = 1
        elif shape == 2:
            item = make.comment(consultation, parent=parent, status="rejected", body=body)
            db.session.add(Appeal(contribution_id=item.id, text="It was about the service."))
        else:
            item = make.comment(consultation, status="pending", body=body)
        item.needs_review = True
        item.review_since = utcnow() - timedelta(days=3, minutes=n)
        items.append(item)
    db.session.commit()
    return SimpleNamespace(consultation=consultation, items=items,
                           moderator=make.user(role="moderator", organization=lead, name="Morgan Moderator"))


def _items(page):
    return page.locator("article.queue-item")


def _fully_visible(page):
    """How many items lie wholly inside the viewport."""
    return page.evaluate("""() => [...document.querySelectorAll('article.queue-item')].filter(item => {
        const box = item.getBoundingClientRect();
        return box.top >= -1 && box.bottom <= window.innerHeight + 1;  // sub-pixel rounding
    }).length""")


def _overflow(page):
    """How far the page is wider than the viewport, in CSS pixels (0: no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=False)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_at_least_four_items_fit_a_laptop_screen_and_nothing_overflows_a_phone(new_page, make, js):
    world = full_queue(make)
    page = new_page(java_script_enabled=js)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, world.moderator.email)
    page.goto("/moderation/")
    expect(_items(page)).to_have_count(PAGE_SIZE)
    _shoot(page, f"queue-top-{'js' if js else 'nojs'}")
    _items(page).first.evaluate("item => item.scrollIntoView({block: 'start'})")
    _shoot(page, f"queue-1280-{'js' if js else 'nojs'}")
    assert _fully_visible(page) >= 4
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < PAGE_SIZE * 300, height  # far taller when every item's form was drawn open
    # The decision form is there on demand, and opening one item leaves the others compact.
    first = _items(page).first
    expect(first.locator("form[action*='/decide']")).to_be_hidden()
    first.locator("summary").click()
    expect(first.get_by_role("button", name="Record the decision")).to_be_visible()
    _shoot(page, f"queue-open-{'js' if js else 'nojs'}")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/moderation/")
    _items(page).nth(1).locator("summary").click()
    _shoot(page, f"queue-375-{'js' if js else 'nojs'}")
    assert _overflow(page) <= 0


def test_select_all_with_javascript_ticks_every_item_of_the_page(new_page, make):
    world = full_queue(make)
    page = new_page()
    sign_in(page, world.moderator.email)
    page.goto("/moderation/")
    boxes = page.locator("input[name=ids][form=bulk-form]")
    expect(boxes).to_have_count(PAGE_SIZE)
    expect(page.locator("[data-select-all-link]")).to_be_hidden()
    page.get_by_label("Select all on this page").check()
    assert all(boxes.nth(n).is_checked() for n in range(PAGE_SIZE))
    boxes.first.uncheck()
    assert page.locator("#bulk-select-all").evaluate("box => box.indeterminate")
    page.get_by_label("Select all on this page").check()
    page.locator("#bulk-action").select_option("approve")
    page.get_by_role("button", name="Apply to the selected items").click()
    # Approving applies to the pending and the flagged; the appealed are answered one by one.
    expect(page.locator("main")).to_contain_text("decided")
    expect(page.locator("main")).to_contain_text("skipped")


def test_select_all_without_javascript_is_a_link_that_ticks_every_item(new_page, make):
    world = full_queue(make)
    page = new_page(java_script_enabled=False)
    sign_in(page, world.moderator.email)
    page.goto("/moderation/")
    expect(page.locator("#bulk-select-all")).to_be_hidden()
    boxes = page.locator("input[name=ids][form=bulk-form]")
    assert not any(boxes.nth(n).is_checked() for n in range(PAGE_SIZE))
    page.get_by_role("link", name="Select all on this page").click()
    expect(boxes).to_have_count(PAGE_SIZE)
    assert all(boxes.nth(n).is_checked() for n in range(PAGE_SIZE))
    expect(page.get_by_role("link", name="Clear the selection")).to_be_visible()


@pytest.mark.parametrize(("lang", "js"), [("en", True), ("fr", False)], ids=["en-js", "fr-nojs"])
def test_a_full_queue_passes_axe_with_an_item_open(a11y_page, make, lang, js):
    world = full_queue(make)
    audit = a11y_page(java_script_enabled=js)
    sign_in(audit.page, world.moderator.email)
    switch_language(audit.page, lang)
    audit.page.goto("/moderation/")
    found = {"queue": audit.axe()}
    audit.page.locator("article.queue-item summary").first.click()
    found["queue, one item open"] = audit.axe()
    found = {label: violations for label, violations in found.items() if violations}
    assert not found, "axe found violations:\n" + format_violations(found)
