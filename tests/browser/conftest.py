"""Browser tests: the real app served on a local port, driven by Debian's Chromium through Playwright.

They run on the SQLite backend only. Without /usr/bin/chromium they are skipped on a developer's
machine and fail in CI (CI=true), where .ci/run installs it.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
HTMX = Path(__file__).resolve().parents[2] / "consult" / "static" / "vendor" / "htmx.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session", autouse=True)
def _browser_prerequisites(backend):
    """Runs before the app is built: no PostgreSQL database is made just to be skipped."""
    if backend != "sqlite":
        pytest.skip("browser tests run on the SQLite backend only")
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    if not HTMX.exists():
        # Without it every page still works, but as the no-JS path: the htmx journey would lie.
        message = f"{HTMX} is missing: run `make static`"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(app):
    """The app on 127.0.0.1 with a free port, in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser(_browser_prerequisites):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


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
