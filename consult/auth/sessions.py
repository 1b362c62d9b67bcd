"""How long a signed-in session lasts: ended after idling, and after a fixed time, on every request.

The session cookie is signed, so the two times it carries (sign-in, last request) cannot be
changed by the browser; the server compares them with its own clock on each request.
"""

import logging
import time

from flask import current_app, g, request, session
from flask_login import current_user, user_loaded_from_cookie, user_logged_in

from ..web.resend import resend_page

log = logging.getLogger(__name__)

STARTED = "_signed_in_at"
SEEN = "_seen_at"
#: Flask-Login's keys: removing them signs the session out but keeps its CSRF token and language.
LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember_seconds")
#: Rewrite the cookie with a new "last seen" at most this often.
SEEN_RESOLUTION = 60
#: POSTs that need no account: after expiry they simply go ahead, signed out.
ANONYMOUS_POSTS = {"account.language"}


def now():
    """Seconds since the epoch; tests patch this."""
    return time.time()


def init_app(app):
    app.before_request(enforce_lifetime)
    user_logged_in.connect(_start, app)
    user_loaded_from_cookie.connect(_start, app)


def _start(_app, **_extra):
    """A sign-in (by form or by remember-me cookie) starts a new session window."""
    session[STARTED] = session[SEEN] = now()


def is_expired(started, seen, at):
    """Whether a session started at `started` and last seen at `seen` is over at time `at`."""
    config = current_app.config
    return (at - seen > config["SESSION_IDLE_LIFETIME"].total_seconds()
            or at - started > config["SESSION_ABSOLUTE_LIFETIME"].total_seconds())


def enforce_lifetime():
    """Sign out an expired session; a POST that it was carrying is shown again, not lost."""
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    at = now()
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        _start(None)  # signed in before lifetimes were recorded: the window starts now
        return None
    if not is_expired(started, seen, at):
        if at - seen >= SEEN_RESOLUTION:
            session[SEEN] = at
        return None
    _end_session()
    # A remember-me cookie may sign the person straight back in, with a new window.
    if request.method == "POST" and not current_user.is_authenticated and not _anonymous_post():
        return resend_page(signed_out=True)
    return None


def _end_session():
    user_id = getattr(current_user, "id", None)
    for key in (*LOGIN_KEYS, STARTED, SEEN):
        session.pop(key, None)
    g.pop("_login_user", None)  # Flask-Login's cache: the next look loads afresh
    log.info("session expired: user %s", user_id)


def _anonymous_post():
    return request.blueprint == "auth" or request.endpoint in ANONYMOUS_POSTS
