"""Accounts: password hashing, sign-in, revocable sessions, reset links."""

import hashlib
import logging
from urllib.parse import unquote, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import selectinload

from ..audit import record
from ..extensions import db, login_manager
from ..models import User
from ..models.base import utcnow
from .outbox import send_later

log = logging.getLogger(__name__)
hasher = PasswordHasher()
#: Verified against when no account matches, so both answers take as long.
_DUMMY_HASH = hasher.hash("no account has this password")


@login_manager.user_loader
def load_user(session_token):
    """The signed-in person, with their roles, in one round trip per request."""
    return db.session.scalar(
        db.select(User).filter_by(session_token=session_token).options(selectinload(User.memberships))
    )


def hash_password(password):
    return hasher.hash(password)


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def register_user(email, display_name, password):
    """Create a citizen account; None when the address is already registered."""
    if find_user(email):
        return None
    user = User(email=normalise_email(email), display_name=display_name.strip(),
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    record(user, "user.register", user)
    return user


def authenticate(email, password):
    """The account for these credentials, or None; takes as long either way."""
    user = find_user(email)
    try:
        hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        if user:
            record(user, "user.sign_in_failed", user)
        log.warning("sign-in failed: %s", f"user {user.id}" if user else "no such account")
        return None
    if user is None:  # only if someone typed the dummy's password: still no account
        log.warning("sign-in failed: no such account")
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(user, remember=False):
    user.last_sign_in_at = utcnow()
    record(user, "user.sign_in", user)
    login_user(user, remember=remember)
    log.info("sign-in: user %s%s", user.id, " (remembered on this device)" if remember else "")


def sign_out(user):
    """End this session and every other session of the account."""
    user_id = user.id  # `user` may be current_user, anonymous once signed out
    user.revoke_sessions()
    record(user, "user.sign_out", user)
    logout_user()
    log.info("sign-out everywhere: user %s", user_id)


def set_password(user, password):
    """Change the password and end every existing session."""
    user.password_hash = hash_password(password)
    user.revoke_sessions()
    record(user, "user.password_change", user)
    log.info("password changed, every session ended: user %s", user.id)


#: Percent-decoding rounds checked: "/%252F%252Fevil" is "//evil" after two.
_DECODING_ROUNDS = 3


def is_safe_next(target):
    """Only same-site paths are followed after sign-in: "/something", never "//host",
    "/\\host", "https:", "javascript:", nor any of these hidden by percent-encoding, control
    characters or surrounding spaces (which browsers drop before reading the URL)."""
    if not target or len(target) > 2000:
        return False
    value = target
    for _round in range(_DECODING_ROUNDS + 1):
        if not _is_plain_path(value):
            return False
        value = unquote(value)
    return True


def _is_plain_path(value):
    if value != value.strip() or not value.startswith("/") or value.startswith("//"):
        return False
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="password-reset")


def _fingerprint(user):
    """Changes when the password changes, so a reset link works once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user):
    return _serializer().dumps({"user": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(token):
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, TypeError, ValueError):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("fp") != _fingerprint(user):
        return None
    return user


def send_reset_link(email):
    """Mail a reset link if the address has an account; say nothing either way."""
    user = find_user(email)
    if user is None:
        return
    link = url_for("auth.reset_password", token=reset_token(user), _external=True)
    body = _("Someone asked to reset the password of your account. If it was you, follow this "
             "link within an hour:\n\n%(link)s\n\nIf it was not you, ignore this message.", link=link)
    send_later(user.email, _("Reset your password"), body)
    record(user, "user.password_reset_requested", user)
    log.info("password reset link sent: user %s", user.id)
