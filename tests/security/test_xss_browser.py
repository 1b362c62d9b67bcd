"""Hostile text typed into every field a person can fill reaches no page as script: submitted
through the real forms, then every page that shows it opened in headless Chromium, where no dialog
may fire and no script, event handler or javascript: URL from user text may reach the DOM."""

import json
import time
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from consult.extensions import db
from consult.models import Comment, Contribution, Idea
from consult.models.base import utcnow
from tests.auth.helpers import register

from .world import build_world

HOSTILE = Path(__file__).with_name("hostile.txt")
pytestmark = pytest.mark.backend("sqlite")

#: The Big List of Naughty Strings, beside the project in CI; skipped quietly when absent.
BLNS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "blns.json"
#: What a template engine would make of {{7*7191}} and its cousins: must never show.
EVALUATED = "50337"
GROUP = 8

#: Everything a page may hold that runs script, named by a selector or an attribute test.
DOM_CHECK = """() => {
  const found = [];
  const cut = (el) => el.outerHTML.slice(0, 160);
  for (const s of document.querySelectorAll('script')) {
    if (!(s.getAttribute('src') || '').startsWith('/static/')) found.push('script: ' + cut(s));
  }
  // Charts are SVG drawn by the app; what user text could add to one is caught here or below.
  const dangerous = 'iframe, frame, object, embed, applet, base, math, svg set, svg animate, '
    + 'svg foreignObject, meta[http-equiv], [srcdoc]';
  for (const el of document.querySelectorAll(dangerous)) found.push('element: ' + cut(el));
  const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on') || name.startsWith('hx-on') || name.startsWith('data-hx-on')) {
        found.push('handler: ' + cut(el));
      }
      if (urls.includes(name) && /^(javascript|vbscript|data):/.test(value)) found.push('url: ' + cut(el));
    }
  }
  return found;
}"""


def hostile_strings():
    """Our own corpus, then a fixed subset of the naughty strings (those with markup, one in four)."""
    own = [line.replace("\\n", "\n") for line in HOSTILE.read_text("utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
    if not BLNS.exists():
        return own
    marks = ("<", ">", '"', "'", "javascript", "{{", "%", "\\")
    naughty = [s for s in json.loads(BLNS.read_text("utf-8")) if any(m in s.lower() for m in marks)]
    return own + naughty[::4]


def _groups(strings):
    return [strings[i:i + GROUP] for i in range(0, len(strings), GROUP)]


def _as(client_factory, user):
    return client_factory().login_as(user)


def submit_everything(client_factory, world, strings, make):
    """Every field a person can fill, through its form; returns the idea ids to visit."""
    designer, moderator, author = world.person("designer"), world.person("moderator"), world.person("author")
    w = world
    slug = w.consultation.slug
    picks = iter(strings * 3)
    one = lambda limit=None: next(picks)[:limit]  # noqa: E731
    authors = [make.user() for _ in range(4)]
    for person in authors:
        _as(client_factory, person).post("/account/profile", {"display_name": one(80) or "x"})
    register(client_factory(), {"email": "hostile@example.org", "display_name": one(80) or "x",
                                "password": "long enough passphrase", "confirm": "long enough passphrase"})
    markdown = "\n\n".join(s for s in strings if "](" in s or s.startswith(("`", ">", "|", "!")))
    _as(client_factory, designer).post(f"/manage/consultations/{slug}/edit", {
        "lead_organization": str(w.this_org.id), "partners": str(w.partner_org.id), "service": str(w.service.id),
        "slug": slug, "title_en": one(200), "title_fr": one(200), "summary_en": one(), "summary_fr": one(),
        "background_en": markdown, "background_fr": "\n\n".join(strings[:40]), "moderation_mode": "post",
        "accepts_ideas": "y", "accepts_comments": "y"})
    _as(client_factory, designer).post(f"/manage/services/{w.service.slug}/edit", {
        "organization_id": str(w.this_org.id), "slug": w.service.slug, "name_en": one(200), "name_fr": one(200), "description_en": one(),
        "description_fr": one(), "life_event": "having_a_child"})
    _as(client_factory, w.person("admin")).post(f"/admin/organizations/{w.this_org.slug}/edit", {
        "slug": w.this_org.slug, "name_en": one(200), "name_fr": one(200), "level": "federal"})
    # Written over a minute, as a person would: screening holds only for what the text holds.
    started = URLSafeTimedSerializer(client_factory().app.secret_key, salt="form-started").dumps(
        [time.time() - 90, ""])
    ideas = []
    for index, group in enumerate(_groups(strings)):
        writer = _as(client_factory, authors[index % len(authors)])
        writer.post(f"/consultations/{slug}/ideas", {"title": " ".join(group)[:200], "body": "\n\n".join(group),
                                                     "started": started})
        idea = _latest(Idea)
        ideas.append(idea)
        writer.post(f"/consultations/{slug}/ideas/{idea}/comments", {"body": "\n".join(group), "started": started})
        comment = _latest(Comment)
        _as(client_factory, world.person("citizen")).post(f"/contributions/{comment}/replies",
                                                          {"body": "\n".join(reversed(group)), "started": started})
        _as(client_factory, designer).post(f"/consultations/{slug}/ideas/{idea}/response",
                                           {"status": "accepted", "text_en": one(), "text_fr": one()})
    _as(client_factory, world.person("citizen")).post(f"/contributions/{w.comment.id}/flag",
                                                      {"reason": "abusive", "note": one(500)})
    _as(client_factory, author).post(f"/account/contributions/{w.rejected.id}/appeal", {"text": one()})
    _as(client_factory, moderator).post(f"/moderation/items/{w.held.id}/decide", {
        "action": "reject", "reason_code": "other", "note": one(1000), "version": "0"})
    _as(client_factory, w.person("intake")).post(f"/intake/consultations/{slug}/new", {
        "channel": "phone", "received_on": utcnow().date().isoformat(), "kind": "comment", "idea": "0",
        "body": one(), "consent": "y", "contact_name": one(120), "contact": one(300)})
    _as(client_factory, designer).post(f"/manage/consultations/{w.closed_consultation.slug}/outcome", {
        "heard_en": markdown, "heard_fr": one(), "changes_en": one(), "changes_fr": one(),
        "not_changing_en": one(), "not_changing_fr": one(), "publish": "Publish"})
    approve_half(client_factory, world)
    return ideas


def approve_half(client_factory, world):
    """What screening held, half of it approved by a moderator through the bulk form: the rest stays
    in the queue, so that hostile text is seen both by the public and by moderators."""
    held = db.session.execute(db.select(Contribution.id, Contribution.moderation_version).where(
        Contribution.consultation_id == world.consultation.id, Contribution.status == "pending",
        Contribution.id > world.appealed.id).order_by(Contribution.id)).all()
    chosen = held[::2]
    data = {"ids": [str(i) for i, _v in chosen], "action": "approve",
            **{f"version-{i}": str(v) for i, v in chosen}}
    _as(client_factory, world.person("moderator")).post("/moderation/bulk", data)


def _latest(model):
    return db.session.scalar(db.select(model.id).order_by(model.id.desc()).limit(1))


def _published(ideas):
    """An idea that screening did not hold: only those can be answered."""
    return db.session.scalar(db.select(Idea.id).where(Idea.id.in_(ideas), Idea.status == "published")
                             .order_by(Idea.id).limit(1))


def pages_to_visit(world, ideas):
    """role -> every page that shows what was submitted, as that role sees it."""
    slug, closed = world.consultation.slug, world.closed_consultation.slug
    return {
        "visitor": ["/", "/consultations/", f"/consultations/{slug}", f"/consultations/{slug}?order=newest",
                    f"/consultations/{slug}/comments", f"/services/{world.service.slug}",
                    f"/consultations/{slug}/moderation", f"/consultations/{closed}/outcome",
                    *(f"/consultations/{slug}/ideas/{idea}" for idea in ideas)],
        "author": ["/account/", "/account/notifications/", f"/account/contributions/{world.rejected.id}/appeal"],
        "moderator": ["/moderation/", "/moderation/audit"],
        "admin": ["/admin/", f"/admin/organizations/{world.this_org.slug}",
                  f"/admin/organizations/{world.this_org.slug}/edit",
                  f"/admin/organizations/{world.this_org.slug}/activity"],
        "designer": ["/manage/", f"/manage/consultations/{slug}/edit", f"/manage/consultations/{slug}/summary",
                     f"/manage/consultations/{slug}/participation", f"/manage/services/{world.service.slug}/edit",
                     f"/manage/consultations/{closed}/outcome", f"/consultations/{slug}/ideas/{_published(ideas)}/response"],
        "intake": ["/intake/", f"/intake/consultations/{slug}/new"],
    }


def _context_for(browser, live_server, app, client_factory, user):  # noqa: F811
    """A browser context carrying the session cookie the test client made for `user`."""
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(10_000)
    if user is not None:
        client = _as(client_factory, user)
        name = app.config["SESSION_COOKIE_NAME"]
        context.add_cookies([{"name": name, "value": client.http.get_cookie(name).value, "url": live_server}])
    return context


def _visit(page, path, dialogs):
    """Open `path`; (HTTP status, DOM findings, HTML, visible text)."""
    dialogs.clear()
    response = page.goto(path, wait_until="load")
    page.wait_for_timeout(30)  # autofocus and onload handlers, had they got in, fire by now
    return response.status, page.evaluate(DOM_CHECK), page.content(), page.inner_text("body")


def test_the_checks_see_an_injection(browser):
    """The detectors themselves: a page that does let script in is caught by both."""
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content("<p>ok</p><img src=x onerror=alert('caught')><a href=' javascript:void(0)'>a</a>")
    page.wait_for_timeout(100)
    found = page.evaluate(DOM_CHECK)
    context.close()
    assert dialogs == ["caught"]
    assert any(f.startswith("handler:") for f in found) and any(f.startswith("url:") for f in found)


def test_hostile_text_never_runs(app, db, make, client_factory, browser, live_server):
    world = build_world(make, db)
    strings = hostile_strings()
    ideas = submit_everything(client_factory, world, strings, make)
    problems, shown = [], []
    for role, paths in pages_to_visit(world, ideas).items():
        context = _context_for(browser, live_server, app, client_factory, world.person(role))
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
        queue = list(paths)
        while queue:
            path = queue.pop(0)
            status, found, html, text = _visit(page, path, dialogs)
            if status != 200:
                problems.append(f"{role} {path}: HTTP {status}")
            problems += [f"{role} {path}: dialog {message!r}" for message in dialogs]
            problems += [f"{role} {path}: {finding}" for finding in found]
            if EVALUATED in html:
                problems.append(f"{role} {path}: a template expression was evaluated ({EVALUATED})")
            shown.append(text)
            if path.startswith("/moderation/") and len(queue) < 8:
                queue += [href for href in page.eval_on_selector_all(
                    "a[href*='after=']", "els => els.map(a => a.getAttribute('href'))") if href not in paths]
                paths = paths + queue
        context.close()
    assert not problems, "\n".join(problems)
    everything = "\n".join(shown)
    # The payloads were stored and shown, as text: the test saw them, it did not miss them.
    for proof in ("<script>alert('xss-script')</script>", "{{7*7191}}", "<svg onload=alert('xss-svg')>"):
        assert proof in everything, f"{proof!r} is on no page: was it refused or lost?"
