"""axe-core finds no WCAG 2.0/2.1 A or AA violation (nor any of its best practices) on any page type.

Every page type is checked in English and in French (switched with the language form in the
header), with JavaScript on and off. One context per role, language and JS setting; several pages
per test; the violations of all the pages of a test are gathered and reported together."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from consult.auth.services import confirmation_token
from consult.models import Hold, Notification, Outcome, Response
from consult.models.base import utcnow

from .conftest import format_violations, sign_in, switch_language

pytestmark = pytest.mark.backend("sqlite")

SETTINGS = [
    pytest.param(lang, js, id=f"{lang}-{'js' if js else 'nojs'}")
    for lang in ("en", "fr") for js in (True, False)
]


def build_world(make):
    """A consultation with ideas, comments and replies, a held item, and one person per role."""
    db = make.db
    lead = make.organization(name="Department of Transit")
    consultation = make.consultation(status="open", lead=lead)
    citizen = make.user(name="Casey Citizen")
    author = make.user(name="Ada Author")
    idea = make.idea(consultation, author=author, title="Open the office on Saturdays",
                     body="Many people work during the week.")
    make.idea(consultation, author=citizen, title="Print the forms in large type")
    make.comment(consultation, author=author, idea=idea, body="Saturday mornings would do.")
    comment = make.comment(consultation, author=author, body="The queue is too slow at lunch time.")
    make.comment(consultation, author=citizen, parent=comment, body="And at five o'clock too.")
    held = make.comment(consultation, author=author, body="Call me at 613-555-0100 about it.",
                        status="pending")
    held.needs_review = True
    held.review_since = utcnow() - timedelta(hours=2)
    db.session.add(Hold(contribution_id=held.id, rule="phone", spans=[[11, 23]]))
    reported = make.consultation(status="reported", lead=lead)
    answered = make.idea(reported, author=author, title="Text me when my card is ready")
    db.session.add_all([
        Response(idea_id=answered.id, status="accepted", text_en="We will send a text message.",
                 text_fr="Nous vous enverrons un texto."),
        Outcome(consultation_id=reported.id, heard_en="People want **shorter** queues.",
                heard_fr="Les gens veulent des files **plus courtes**.",
                changes_en="Text messages from spring.", changes_fr="Des textos dès le printemps.",
                published_at=utcnow()),
        Notification(user_id=author.id, kind="outcome_published", consultation_id=reported.id),
    ])
    db.session.commit()
    return SimpleNamespace(
        lead=lead, consultation=consultation, idea=idea, comment=comment, reported=reported,
        author=author,
        citizen=citizen,
        moderator=make.user(role="moderator", organization=lead, name="Morgan Moderator"),
        designer=make.user(role="designer", organization=lead, name="Dana Designer"),
        intake=make.user(role="intake", organization=lead, name="Ira Intake"),
        admin=make.user(site_admin=True, name="Alex Admin"),
    )


class Audit:
    """Visits pages in one context and gathers axe's violations, page by page."""

    def __init__(self, a11y_page, lang, js, who, email=None):
        self.a11y = a11y_page(java_script_enabled=js)
        self.page = self.a11y.page
        self.label = f"[{lang} {'js' if js else 'no-js'} {who}]"
        self.found = {}
        if email:
            sign_in(self.page, email)
        switch_language(self.page, lang)
        self.lang = lang

    def check(self, name):
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        violations = self.a11y.axe()
        if violations:
            self.found[f"{self.label} {name} ({self.page.url})"] = violations

    def visit(self, path, name=None):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        self.check(name or path)


def assert_clean(*audits):
    found = {}
    for audit in audits:
        found.update(audit.found)
    assert not found, "axe found violations:\n" + format_violations(found)


@pytest.mark.parametrize("lang, js", SETTINGS)
def test_public_pages(a11y_page, app, make, lang, js):
    w = build_world(make)
    newcomer = make.user(name="Nora Newcomer")
    newcomer.confirmed_at = None
    make.db.session.commit()
    with app.test_request_context():
        confirmation = confirmation_token(newcomer)
    slug = w.consultation.slug
    audit = Audit(a11y_page, lang, js, "visitor")
    page = audit.page
    audit.visit("/", "home")
    audit.visit("/consultations/?q=Consultation&status=open&level=federal", "list, filtered")
    audit.visit(f"/consultations/{slug}", "consultation")
    audit.visit(f"/consultations/{slug}/ideas/{w.idea.id}", "idea")
    audit.visit(f"/consultations/{slug}/moderation", "moderation report")
    audit.visit(f"/consultations/{w.reported.slug}/outcome", "outcome report")
    audit.visit("/auth/login", "sign-in")
    page.goto("/auth/register")
    page.locator("main form button.button").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check("register, empty fields")
    page.goto(f"/auth/confirm/{confirmation}")
    page.locator("main form button.button").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check("confirm address, empty password")
    assert_clean(audit)


@pytest.mark.parametrize("lang, js", SETTINGS)
def test_participant_pages(a11y_page, make, lang, js):
    w = build_world(make)
    slug = w.consultation.slug
    audit = Audit(a11y_page, lang, js, "participant", w.citizen.email)
    page = audit.page
    audit.visit(f"/consultations/{slug}", "consultation, signed in")
    # A comment with an error: posted empty (in place with htmx, by a page load without).
    page.locator("#comments-consultation > form button.button").click()
    expect(page.locator("#comments-consultation .error-message")).to_be_visible()
    audit.check("comment form with an error")
    audit.visit(f"/consultations/{slug}/ideas/{w.idea.id}", "idea, signed in")
    audit.visit(f"/contributions/{w.comment.id}/flag", "flag form")
    audit.visit("/account/", "account")
    assert_clean(audit)
    author = Audit(a11y_page, lang, js, "author", w.author.email)
    author.visit("/account/notifications/", "notifications")
    assert_clean(author)


@pytest.mark.parametrize("lang, js", SETTINGS)
def test_staff_pages(a11y_page, make, lang, js):
    w = build_world(make)
    moderator = Audit(a11y_page, lang, js, "moderator", w.moderator.email)
    moderator.visit("/moderation/", "moderation queue")
    expect(moderator.page.locator(".queue-item")).not_to_have_count(0)
    designer = Audit(a11y_page, lang, js, "designer", w.designer.email)
    designer.visit("/manage/", "manage index")
    designer.visit(f"/manage/consultations/{w.consultation.slug}/edit", "consultation form")
    designer.visit(f"/manage/consultations/{w.consultation.slug}/participation", "who took part")
    designer.visit(f"/manage/consultations/{w.consultation.slug}/summary", "summary dashboard")
    designer.visit(f"/manage/consultations/{w.reported.slug}/outcome", "outcome editor")
    designer.visit(f"/consultations/{w.consultation.slug}/ideas/{w.idea.id}/response", "response form")
    intake = Audit(a11y_page, lang, js, "intake", w.intake.email)
    intake.visit("/intake/", "intake index")
    intake.visit(f"/intake/consultations/{w.consultation.slug}/new", "intake form")
    intake.page.get_by_role("button", name=re.compile("Record|Consigner")).click()
    intake.check("intake form with errors")
    admin = Audit(a11y_page, lang, js, "admin", w.admin.email)
    admin.visit(f"/admin/organizations/{w.lead.slug}", "organisation")
    assert_clean(moderator, designer, intake, admin)
