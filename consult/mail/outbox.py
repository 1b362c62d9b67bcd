"""Account mail sent off the request path, so that how long the SMTP server takes cannot tell
anyone whether an address has an account."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import current_app

from .sending import send_mail

log = logging.getLogger(__name__)

_pool = None
_pool_lock = threading.Lock()


def send_later(to, subject, body):
    """Queue one mail (already written, in the person's language); tests send it at once."""
    app = current_app._get_current_object()
    if not app.config.get("MAIL_IN_BACKGROUND"):
        send_mail(to, subject, body)
        return None
    return _executor().submit(_send, app, to, subject, body)


def _executor():
    """One sending thread per process, started on first use (so after a gunicorn fork)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consult-mail")
        return _pool


def _send(app, to, subject, body):
    with app.app_context():
        try:
            send_mail(to, subject, body)
        except Exception:
            # The person sees the same page either way; they can ask for the mail again.
            log.exception("account mail could not be sent: %s", subject)
