"""What a password must be: 8 to 256 characters, and not one that attackers try first."""

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from zxcvbn import zxcvbn

#: zxcvbn looks at this many characters at most (longer is never "too common").
ANALYSED_LENGTH = 72
#: The fields of the same form whose values make a password easy to guess.
PERSONAL_FIELDS = ("email", "display_name")


def is_too_common(password, personal=()):
    """Whether `password` is among the commonest, or guessable in a few attempts.

    Refused: zxcvbn's lowest score (0), or the whole password being one entry of its list
    of common passwords (also with capitals, l33t spelling or reversed)."""
    sample = password[:ANALYSED_LENGTH]
    result = zxcvbn(sample, user_inputs=[p for p in personal if p])
    if result["score"] == 0:
        return True
    return any(match.get("dictionary_name") == "passwords" and match["i"] == 0
               and match["j"] == len(sample) - 1 for match in result["sequence"])


class NotCommon:
    """WTForms validator: refuse the commonest passwords, with a message that says what to do."""

    message = _l("This password is too common and easy to guess. "
                 "Try a few unrelated words instead.")

    def __call__(self, form, field):
        if not field.data or field.errors:  # one message at a time: length first
            return
        personal = [form[name].data for name in PERSONAL_FIELDS if name in form]
        if is_too_common(field.data, personal):
            raise ValidationError(self.message)
