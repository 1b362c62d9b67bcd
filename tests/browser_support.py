"""The browser fixtures every browser test shares, defined once (tests/conftest.py imports them):
Playwright may run only one session per process, whichever directory its tests sit in.

Browser tests run on the SQLite backend only. Without /usr/bin/chromium they are skipped on a
developer's machine and fail in CI (CI=true), where .ci/run installs it.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
HTMX = Path(__file__).resolve().parents[1] / "consult" / "static" / "vendor" / "htmx.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_prerequisites(backend):
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
def browser(browser_prerequisites):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
