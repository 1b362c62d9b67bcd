"""Accounts: password hashing, sign-in, revocable sessions, reset links."""

import functools
import hashlib
import logging
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from ..audit import record
from ..config import Config
from ..extensions import db, login_manager
from ..mail import account as account_mail
from ..models import User
from ..models.base import utcnow

log = logging.getLogger(__name__)


def _cost():
    """The running app's ARGON2_COST (config.py): strong in production, the cheapest in the tests;
    outside an app, production's."""
    return current_app.config["ARGON2_COST"] if has_app_context() else Config.ARGON2_COST


@functools.cache
def _argon2(time_cost, memory_cost, parallelism):
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


@functools.cache
def _dummy(time_cost, memory_cost, parallelism):
    """Verified against when no account matches, so both answers take as long."""
    return _argon2(time_cost, memory_cost, parallelism).hash("no account has this password")


class ConfiguredHasher:
    """Argon2id at the running app's cost."""

    def hash(self, password):
        return _argon2(**_cost()).hash(password)

    def verify(self, hash_, password):
        return _argon2(**_cost()).verify(hash_, password)

    def check_needs_rehash(self, hash_):
        return _argon2(**_cost()).check_needs_rehash(hash_)


hasher = ConfiguredHasher()
_dummy(**Config.ARGON2_COST)  # made at import, so that no sign-in pays for it


def dummy_hash():
    """The hash verified against when no account matches, at the running app's cost."""
    return _dummy(**_cost())


@login_manager.user_loader
def load_user(session_token):
    """The signed-in person, with their roles, in one query per request."""
    return db.session.scalars(_user_by_session_query(), {"token": session_token}).unique().first()


@functools.cache
def _user_by_session_query():
    """Built once: every signed-in request runs it, and building the statement costs a noticeable
    part of running it."""
    return (sa.select(User).where(User.session_token == sa.bindparam("token"))
            .options(joinedload(User.memberships)))


def hash_password(password):
    return hasher.hash(password)


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def register_user(email, display_name, password, next_path=None):
    """Start an account for `email`, or tell the owner of the one it has.

    The person sees the same page and the server does the same work (one password hash, one
    mail sent off the request path) whether or not the address has an account, so the form cannot
    be used to learn who is registered. The account counts once its owner follows the mailed link
    and types the password again (see `confirm_address`)."""
    email = normalise_email(email)
    password_hash = hash_password(password)
    user = find_user(email)
    if user is None:
        user = User(email=email, display_name=display_name.strip(), password_hash=password_hash,
                    confirmed_at=None)
        db.session.add(user)
        db.session.flush()
        record(user, "user.register", user)
        send_confirmation(user, next_path)
    elif user.confirmed_at is None:
        # Registering again before confirming: the newest form wins and older links stop working
        # (they carry the old password's fingerprint). Whoever confirms must know this password.
        user.display_name = display_name.strip()
        user.password_hash = password_hash
        record(user, "user.register", user)
        send_confirmation(user, next_path)
    else:
        record(user, "user.register_existing", user)
        send_already_registered(user)
    return user


def authenticate(email, password):
    """The account for these credentials, or None; takes as long either way."""
    user = find_user(email)
    try:
        hasher.verify(user.password_hash if user else dummy_hash(), password)
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


def is_confirmed(user):
    return user.confirmed_at is not None


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
    """Change the password and end every existing session. Through a reset link this also
    confirms an account still waiting: the link proved the mail is theirs."""
    user.password_hash = hash_password(password)
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
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


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def _fingerprint(user):
    """Changes when the password changes, so a reset or confirmation link works once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _load_token(salt, token, max_age):
    """The account a signed link names, or None when the link is forged, old or used."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, TypeError, ValueError):
        return None, {}
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("fp") != _fingerprint(user):
        return None, {}
    return user, data


def reset_token(user):
    return _serializer("password-reset").dumps({"user": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(token):
    user, _data = _load_token("password-reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    return user


def send_reset_link(email):
    """Mail a reset link if the address has an account; say nothing either way."""
    user = find_user(email)
    if user is None:
        return
    account_mail.send_password_reset(user.email, reset_token(user))
    record(user, "user.password_reset_requested", user)
    log.info("password reset link sent: user %s", user.id)


def confirmation_token(user, next_path=None):
    data = {"user": user.id, "fp": _fingerprint(user)}
    if next_path and is_safe_next(next_path):
        data["next"] = next_path
    return _serializer("confirm-address").dumps(data)


def user_for_confirmation(token):
    """(account, where to go next) for a confirmation link still waiting, else (None, None)."""
    user, data = _load_token("confirm-address", token, current_app.config["ADDRESS_CONFIRM_MAX_AGE"])
    if user is None or is_confirmed(user):
        return None, None
    return user, data.get("next")


def send_confirmation(user, next_path=None):
    account_mail.send_confirmation(user.email, confirmation_token(user, next_path))
    log.info("address confirmation link sent: user %s", user.id)


def send_already_registered(user):
    account_mail.send_already_registered(user.email)
    log.info("registration for an existing account, reminder sent: user %s", user.id)


def purge_unconfirmed(days):
    """Delete the accounts registered more than `days` ago whose address was never confirmed:
    they never signed in, so nothing else is theirs. Returns how many went."""
    cutoff = utcnow() - timedelta(days=days)
    deleted = db.session.execute(
        db.delete(User).where(User.confirmed_at.is_(None), User.created_at < cutoff),
        execution_options={"synchronize_session": False},
    ).rowcount
    log.info("unconfirmed accounts deleted: %s (registered over %s days ago)", deleted, days)
    return deleted


def confirm_address(user, password):
    """Confirm the account if `password` is its password: whoever confirms both reads the mail
    and knows the password, so nobody can set up an account on someone else's address."""
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        record(user, "user.confirm_failed", user)
        log.warning("address confirmation failed: user %s, wrong password", user.id)
        return False
    user.confirmed_at = utcnow()
    record(user, "user.confirm", user)
    log.info("address confirmed: user %s", user.id)
    return True
