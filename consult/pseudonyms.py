"""Pseudonyms: stable within one consultation, unrelated across consultations.

A pseudonym is a keyed hash (HMAC-SHA256) of who a person is, scoped to the consultation, so
an analyst or a moderator can tell that two contributions come from the same person without
learning who it is, and cannot link one person across two consultations. Without the key, a
pseudonym cannot be reversed, not even by trying every account id or phone number. Exports
show it whole; the moderation queue shows its first digits (SHORT_DIGITS).
"""

import hashlib
import hmac
import re

from flask import current_app

#: Characters kept when comparing contact details: "(613) 555-0100" and "613 555 0100" match.
_NOT_CONTACT = re.compile(r"[^0-9a-z@]")

#: How many account pseudonyms one export remembers before starting afresh (keeps memory flat).
CACHE_SIZE = 20_000

#: How many hexadecimal digits of the hash a pseudonym shows (64 bits: no collisions in practice).
DIGITS = 16
#: How many of them a moderator sees: enough to tell the authors of one queue page apart.
SHORT_DIGITS = 6


def pseudonym_key():
    """EXPORT_PSEUDONYM_KEY, or else a key derived from SECRET_KEY (never SECRET_KEY itself).

    Changing the key changes every pseudonym: exports made before and after do not link up.
    """
    key = current_app.config.get("EXPORT_PSEUDONYM_KEY")
    if key:
        return key.encode() if isinstance(key, str) else key
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"consult.exports.pseudonyms", hashlib.sha256).digest()


class Pseudonyms:
    """The pseudonyms of one consultation.

    Signed-in authors and voters get "P-…" from their account id. Input recorded by intake
    staff gets "C-…" from the contact details the person left, when they left any, so one
    caller who phoned twice is one pseudonym; the staff member who typed it in never appears.
    """

    def __init__(self, consultation_id, key=None):
        self._key = hmac.digest(key or pseudonym_key(), b"consultation:%d" % consultation_id, "sha256")
        #: Account id -> pseudonym, of the accounts seen so far (at most CACHE_SIZE of them).
        self.known = {}

    def _digest(self, message):
        # hmac.digest: one call into OpenSSL (a person's first row of a large export costs this).
        return hmac.digest(self._key, message, "sha256").hex()[:DIGITS]

    def person(self, user_id):
        """The pseudonym of an account, or "" when there is none (anonymous or erased)."""
        if user_id is None:
            return ""
        found = self.known.get(user_id)
        if found is None:
            if len(self.known) >= CACHE_SIZE:
                self.known.clear()
            found = self.known[user_id] = "P-" + self.code(user_id)
        return found

    def code(self, user_id):
        """The hexadecimal digits of an account's pseudonym, without its "P-"."""
        return self._digest(b"user:%d" % user_id)

    def contact(self, contact):
        """The pseudonym of an intake contact's details, or "" when they left none."""
        normalized = _NOT_CONTACT.sub("", (contact or "").casefold())
        if not normalized:
            return ""
        return "C-" + self._digest(b"contact:" + normalized.encode())
