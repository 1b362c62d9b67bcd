"""Browser tests: the real app served on a local port, driven by Debian's Chromium through Playwright.

They run on the SQLite backend only. Without /usr/bin/chromium they are skipped on a developer's
machine and fail in CI (CI=true), where .ci/run installs it.
"""

import json

import pytest


@pytest.fixture(scope="session", autouse=True)
def _browser_prerequisites(browser_prerequisites):
    """Every test here needs Chromium and the SQLite backend (tests/browser_support.py)."""



@pytest.fixture
def new_page(browser, live_server, db):
    """new_page(java_script_enabled=True): a fresh browser context (no cookies) and its page."""
    contexts = []

    def open_page(java_script_enabled=True):
        context = browser.new_context(base_url=live_server, java_script_enabled=java_script_enabled)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# --- Accessibility helpers: axe-core (shipped by axe-playwright-python), sign-in, language. ---

#: WCAG 2.0 and 2.1, levels A and AA; and axe's best practices (heading order, landmarks...),
#: which all pass too, so that they stay that way.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


class A11yPage:
    """A page in a context of its own (one per role, language and JS setting).

    With JavaScript off the context is made with java_script_enabled=False, so the page's own
    scripts (htmx, app.js) never run. axe itself is then run through a CDP session's
    Runtime.evaluate (Playwright's evaluate has no main world to run in on such a page), and as
    timers do not fire while page script is disabled, axe's setTimeout is replaced by a
    microtask for that run."""

    TIMER_SHIM = ("window.setTimeout = function (fn) { var args = [].slice.call(arguments, 2);"
                  " Promise.resolve().then(function () { fn.apply(null, args); }); return 0; };"
                  " window.clearTimeout = function () {};\n")

    def __init__(self, context, java_script_enabled):
        self.context = context
        self.js = java_script_enabled
        self.page = context.new_page()
        self._cdp = None if java_script_enabled else context.new_cdp_session(self.page)

    def axe(self):
        """axe's violations (see AXE_TAGS) on the page as it is now, as plain dicts."""
        from axe_playwright_python.base import AXE_SCRIPT

        options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS},
                              "resultTypes": ["violations"]})
        run = f"axe.run(document, {options}).then(r => r.violations)"
        if self._cdp is None:
            self.page.evaluate(AXE_SCRIPT)
            return self.page.evaluate(run)
        reply = self._cdp.send("Runtime.evaluate", {
            "expression": f"{self.TIMER_SHIM}{AXE_SCRIPT}\n;{run}",
            "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise RuntimeError(f"axe failed: {reply['exceptionDetails']}")
        return reply["result"]["value"]


def format_violations(violations_by_page):
    """{label: [violation, ...]} as readable lines: id, help and each target."""
    lines = []
    for label, violations in violations_by_page.items():
        for v in violations:
            targets = "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
            lines.append(f"{label}: {v['id']} ({v.get('impact')}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture
def a11y_page(browser, live_server, db):
    """a11y_page(java_script_enabled=True) -> A11yPage, in a fresh context closed after the test."""
    opened = []

    def open_page(java_script_enabled=True):
        context = browser.new_context(base_url=live_server, java_script_enabled=java_script_enabled)
        context.set_default_timeout(10_000)
        opened.append(context)
        return A11yPage(context, java_script_enabled)

    yield open_page
    for context in opened:
        context.close()


def sign_in(page, email):
    """Through the real sign-in form, with the shared test password."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.goto("/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button").click()
    expect(page.locator("nav.site-nav button", has_text="Sign out")).to_be_attached()


def switch_language(page, locale):
    """With the language form in the header; the page reloads in that language."""
    from playwright.sync_api import expect

    if page.url == "about:blank":
        page.goto("/")
    if page.locator("html").get_attribute("lang") != locale:
        page.locator(f".language-switch button[value={locale}]").click()
    expect(page.locator("html")).to_have_attribute("lang", locale)
