"""Secrets out of log lines: whatever looks like a token is hidden, wherever it appears (a path,
a query, a message), so that no way of writing a URL brings one into a log."""

import logging
import re

HIDDEN = "[hidden]"

#: What a secret in a URL looks like, whatever the path around it (START: not inside a longer
#: word, a percent-escape such as %2F counting as a separator):
#: - a signed link (itsdangerous: payload.timestamp.signature, a leading "." when compressed), as
#:   reset and confirmation links are;
#: - a random token of 22 or more URL-safe characters mixing capitals, small letters and digits
#:   (secrets.token_urlsafe), which no slug or word is;
#: - 32 or more hexadecimal digits (a hash or secrets.token_hex);
#: - anything after a reset/ or confirm/ segment, however the path is written (doubled or
#:   encoded slashes, a prefix before /auth).
TOKEN = re.compile(
    r"""
    START \.?[\w-]{2,}\.[\w-]{4,}\.[\w-]{16,}(?![\w-])
  | START (?=[\w-]*[A-Z])(?=[\w-]*[a-z])(?=[\w-]*\d)[\w-]{22,}(?![\w-])
  | START [0-9a-fA-F]{32,}(?![0-9a-fA-F])
  | (?<=reset/)[^/?#&\s"]+
  | (?<=confirm/)[^/?#&\s"]+
  | (?<=reset%2[fF])[^/?#&\s"]+
  | (?<=confirm%2[fF])[^/?#&\s"]+
    """.replace("START", r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w.%-]))"),
    re.VERBOSE,
)


def hide_tokens(text):
    """`text` with everything that looks like a token replaced by "[hidden]"."""
    return TOKEN.sub(HIDDEN, text) if text else text


class HideTokens(logging.Filter):
    """Log records leave with their message, and their traceback's text, token-free."""

    def filter(self, record):
        message = record.getMessage()
        scrubbed = hide_tokens(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_tokens(record.exc_text)
        return True
