"""Hardening every response: security headers, no caching of what is personal, proxies trusted,
forged hosts refused."""

import base64
import hashlib
import logging

from flask import g, request, session
from flask_babel import gettext as _
from flask_talisman import Talisman
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from .request_ids import request_id

log = logging.getLogger(__name__)

#: The one <style> element matplotlib writes into every SVG chart (consult/summaries/charts.py).
MATPLOTLIB_SVG_STYLE = "*{stroke-linejoin: round; stroke-linecap: butt}"


def _style_hash(css):
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


#: The Content-Security-Policy of every response. No inline script and no eval anywhere: htmx
#: runs with allowEval and allowScriptTags off (base.html), and our own script is a file.
#: Style sheets: ours, and the one fixed <style> of matplotlib's charts, by its hash.
#: Style attributes: allowed (style-src-attr), because the summary's charts are inline SVG from
#: matplotlib, which colours every shape with style="fill: ...". Unavoidable without rewriting
#: the charts' markup; and harmless for script: CSS cannot run code in today's browsers, user text
#: never carries a style attribute (text.py's safelist), images still come only from img-src.
#: Our own templates use no style attribute (tests/security/test_headers.py checks).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-elem": f"'self' {_style_hash(MATPLOTLIB_SVG_STYLE)}",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

#: Browser features the site never uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = {
    "camera": "()", "microphone": "()", "geolocation": "()", "payment": "()", "browsing-topics": "()",
}

#: What a signed-in person is sent: theirs alone (private), kept by no cache, the browser's
#: back-forward cache included (no-store). Static files, the same for everyone, keep their own.
PRIVATE = "private, no-store"
PUBLIC_ENDPOINTS = {"static"}


def init_app(app):
    """Wire the headers, the proxies and the trusted hosts into `app`."""
    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.extensions["talisman"] = Talisman(
        app,
        # The load balancer (or the development server) decides about HTTPS; HSTS is still sent
        # on every response that came over HTTPS.
        force_https=False,
        strict_transport_security=True,
        strict_transport_security_max_age=365 * 24 * 3600,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        x_xss_protection=False,  # obsolete, and harmful in old browsers; the CSP does the work
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
    app.after_request(_private_when_signed_in)
    app.register_error_handler(SecurityError, _untrusted_host)


def _private_when_signed_in(response):
    """Every response to a signed-in person is `private, no-store`: their name, their drafts, a
    moderation queue's held personal information must stay out of shared and browser caches.
    A response that declared itself public (the same for everyone), or no-store already (a
    download), is left as it is."""
    cache = response.cache_control
    if request.endpoint in PUBLIC_ENDPOINTS or cache.public or cache.no_store:
        return response
    # The person loaded for this request, else what the session says (no query after the fact).
    user = g.get("_login_user")
    if (user.is_authenticated if user is not None else "_user_id" in session):
        response.headers["Cache-Control"] = PRIVATE
    return response


def _untrusted_host(_error):
    """A Host header not in TRUSTED_HOSTS: refused before routing, in plain text (without a
    trusted host no page, whose links need one, can be drawn)."""
    log.info("request refused: host not trusted")
    text = _("This site does not answer at that address. Reference: %(id)s", id=request_id())
    return text, 400, {"Content-Type": "text/plain; charset=utf-8"}
