"""Security headers on every kind of response, a Content-Security-Policy that pages live with, and
no cache keeping what a signed-in person is sent."""

import json
import re
from pathlib import Path

import pytest
from flask import url_for

from consult.web.headers import CONTENT_SECURITY_POLICY, MATPLOTLIB_SVG_STYLE, PRIVATE, _style_hash

from .world import ROLES, build_world, rules_by_endpoint, urls_for_rule

TEMPLATES = Path(__file__).resolve().parents[2] / "consult" / "templates"
#: Rendered to PDF by WeasyPrint only, never served to a browser: its <style> is not under the CSP.
PDF_ONLY = {"summaries/report.html"}


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


@pytest.fixture
def responses(client, make):
    """A normal page, an error page, a static file and an htmx partial."""
    consultation = make.consultation(status="open")
    comment = make.comment(consultation)
    client.login_as(make.user())
    with client.app.test_request_context():
        flag_url = url_for("contributions.contribution_flag", contribution_id=comment.id)
    return {
        "page": client.get(f"/consultations/{consultation.slug}"),
        "error": client.get("/no-such-page"),
        "static": client.get("/static/css/site.css"),
        "partial": client.get(flag_url, htmx=True),
    }


def test_every_kind_of_response_carries_the_headers(responses):
    assert [r.status_code for r in responses.values()] == [200, 404, 200, 200]
    assert "<html" not in responses["partial"].get_data(as_text=True)  # really the fragment
    for kind, response in responses.items():
        headers = response.headers
        assert policy(response)["frame-ancestors"] == ["'none'"], kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["X-Frame-Options"] == "DENY", kind
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert "camera=()" in headers["Permissions-Policy"], kind
        assert re.fullmatch(r"[0-9a-f]{12}", headers["X-Request-ID"]), kind
        assert "Strict-Transport-Security" not in headers, kind  # plain HTTP: HSTS means nothing


def test_the_policy_allows_no_inline_script_and_no_eval(responses):
    csp = policy(responses["page"])
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    header = responses["page"].headers["Content-Security-Policy"]
    assert "unsafe-eval" not in header
    assert "unsafe-hashes" not in header and "data:" not in " ".join(csp["script-src"])
    inline = [name for name, sources in csp.items() if "'unsafe-inline'" in sources]
    assert inline == ["style-src-attr"]  # the charts' style attributes; never for script


def test_hsts_is_sent_over_https(client):
    response = client.get("/", base_url="https://localhost")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_htmx_runs_without_eval_script_tags_or_injected_styles(client):
    html = client.get("/").get_data(as_text=True)

    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1))
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert config.get("selfRequestsOnly", True) is True  # htmx 2's default: no cross-site requests


def test_templates_carry_no_inline_script_style_or_event_handler():
    offences = []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        html = path.read_text()
        if re.search(r"\sstyle\s*=", html):
            offences.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+\s*=", html, re.I):
            offences.append(f"{name}: event handler attribute")
        if re.search(r"javascript:", html, re.I):
            offences.append(f"{name}: javascript: URL")
        if re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html):
            offences.append(f"{name}: inline <script>")
        if "<style" in html and name not in PDF_ONLY:
            offences.append(f"{name}: <style> element")
    assert offences == []


def test_the_charts_own_style_element_is_allowed_by_its_hash(app):
    from consult.summaries import charts

    with app.test_request_context():
        svg = str(charts.bars("test", "A test chart", [("One", 3), ("Two", 5)], "Count"))

    styles = re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S)
    assert styles == [MATPLOTLIB_SVG_STYLE]
    assert _style_hash(MATPLOTLIB_SVG_STYLE) in CONTENT_SECURITY_POLICY["style-src-elem"]


def _private(response):
    """`private, no-store`, or a download's own `no-store` (which no cache keeps either)."""
    return response.headers.get("Cache-Control") in (PRIVATE, "no-store")


def _get_routes(app):
    from .test_authz_matrix import EXPECTED

    for endpoint, rules in sorted(rules_by_endpoint(app).items()):
        for rule in rules:
            if "GET" in rule.methods:
                yield endpoint, rule, EXPECTED[endpoint].args


# The headers are set after the response is drawn, whatever the database: one backend sweeps them.
@pytest.mark.backend("sqlite")
def test_every_page_for_a_signed_in_person_is_private_and_not_stored(app, db, make, client_factory):
    """The URL map × every signed-in role: pages, refusals, redirects, downloads, errors."""
    world = build_world(make, db)
    wrong = []
    for role in ROLES:
        if world.person(role) is None:
            continue
        browser = client_factory().login_as(world.person(role))
        for endpoint, rule, args in _get_routes(app):
            for url in urls_for_rule(rule, world, args)[:1]:
                response = browser._send("get", url, buffered=True)
                if not _private(response):
                    wrong.append(f"{role} GET {url} ({endpoint}): {response.status_code} "
                                 f"{response.headers.get('Cache-Control')!r}")
        for url, method in (("/no-such-page", "get"), ("/auth/logout", "post")):
            response = getattr(browser, method)(url)
            if method == "get" and not _private(response):
                wrong.append(f"{role} {url}: {response.headers.get('Cache-Control')!r}")
    assert wrong == []


def test_htmx_partials_and_posts_for_a_signed_in_person_are_private(client, make):
    consultation = make.consultation(status="open")
    comment = make.comment(consultation)
    client.login_as(make.user())
    with client.app.test_request_context():
        flag_url = url_for("contributions.contribution_flag", contribution_id=comment.id)

    partial = client.get(flag_url, htmx=True)
    posted = client.post(f"/consultations/{consultation.slug}/comments", {"body": "A thought."})

    assert partial.headers["Cache-Control"] == PRIVATE
    assert posted.headers["Cache-Control"] == PRIVATE


def test_public_pages_for_visitors_and_static_files_stay_cacheable(client, make):
    consultation = make.consultation(status="open")
    visitor_page = client.get(f"/consultations/{consultation.slug}")
    client.login_as(make.user())
    static = client.get("/static/css/site.css")

    assert visitor_page.status_code == 200 and "no-store" not in visitor_page.headers.get("Cache-Control", "")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")
