"""Automatic screening: the rules that hold a contribution for a moderator before or after it shows."""

import re
from dataclasses import dataclass
from functools import lru_cache

from safetype import create_moderation_engine

#: Texts shorter than this are never "repeated": "I agree." is said by many, many times.
REPEATED_MIN_LENGTH = 20
#: A person does not type faster than this, in characters per second, over a whole form.
TYPING_LIMIT = 15
#: Texts shorter than this are never "too fast": a short answer is quick to type.
TOO_FAST_MIN_LENGTH = 40
#: More links than this looks like advertising.
MAX_LINKS = 2


@dataclass(frozen=True)
class Finding:
    """One rule that matched, with the character offsets of what it matched (none for whole-text rules)."""

    rule: str
    spans: tuple[tuple[int, int], ...] = ()


# --- personal information -------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# North American numbering: area code and exchange never start with 0 or 1.
PHONE = re.compile(
    r"(?<![\w+])(?<!\d[ .-])"
    r"(?:\+?1[ .-]?)?"
    r"(?:\(\s*[2-9]\d{2}\s*\)\s?|[2-9]\d{2}[ .-]?)"
    r"[2-9]\d{2}[ .-]?\d{4}"
    r"(?![\w-])(?![.,]\d)"
    r"(?:,?\s?(?:ext(?:ension)?\.?|x|poste|p\.)\s?\d{1,6}\b)?",
    re.IGNORECASE,
)

# Nine digits, grouped 3-3-3 with one kind of separator; not part of a larger amount
# ("1 123 456 789", "123 456 789 $").
SIN = re.compile(
    r"(?<![\w$-])(?<!\$ )(?<!(?<!\d)\d[ ,.])(?<!(?<!\d)\d\d[ ,.])(?<!(?<!\d)\d{3}[ ,.])"
    r"\d{3}([ -]?)\d{3}\1\d{3}"
    r"(?![\w-])(?![ ,.]\d{3}(?!\d))(?!\s?(?:\$|dollars?\b))",
    re.IGNORECASE,
)

# 13 to 19 digits run together, or 13 to 16 in fours (Visa, Mastercard, Discover), or 4-6-5
# (American Express).
CARD = re.compile(
    r"(?<![\w-])"
    r"(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}|\d{4}([ -])\d{6}\2\d{5})"
    r"(?![\w-])"
)
CARD_BRANDS = (  # (first digits as a range, allowed lengths)
    ((4, 4), (13, 16, 19)),
    ((51, 55), (16,)),
    ((2221, 2720), (16,)),
    ((34, 34), (15,)),
    ((37, 37), (15,)),
    ((6011, 6011), (16, 17, 18, 19)),
    ((65, 65), (16, 17, 18, 19)),
)

# Canada Post: no D, F, I, O, Q, U anywhere; no W or Z as the first letter.
POSTAL_CODE = r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b"
CIVIC_NUMBER = r"\b\d{1,6}[A-Za-z]?(?:-\d{1,6})?"
STREET_TYPES = (
    "st", "street", "ave", "avenue", "rd", "road", "blvd", "boulevard", "dr", "drive", "cres",
    "crescent", "cr", "way", "lane", "ln", "court", "ct", "place", "pl", "terrace", "terr",
    "crt", "pkwy", "parkway", "hwy", "highway", "circle", "cir", "trail", "line", "sideroad",
    "concession",
)
FRENCH_STREET_TYPES = (
    "rue", "avenue", "av", "boulevard", "boul", "chemin", "ch", "rang", "route", "rte", "place",
    "montée", "côte", "impasse", "allée", "promenade", "croissant", "carré",
)
# Within a short stretch after the street (city and province, maybe on their own lines; not past
# a blank line), the postal code.
_TO_POSTAL_CODE = r"(?:(?!\n\s*\n)[^!?]){0,60}?" + POSTAL_CODE
STREET_ADDRESS = re.compile(
    CIVIC_NUMBER + r"\s+(?:[\w'’.-]+\s+){1,4}?(?:" + "|".join(STREET_TYPES) + r")\b\.?"
    + _TO_POSTAL_CODE
    + "|"
    + CIVIC_NUMBER + r",?\s+(?:" + "|".join(FRENCH_STREET_TYPES) + r")\b\.?\s+\S"
    + _TO_POSTAL_CODE,
    re.IGNORECASE,
)

# Health numbers look like many other numbers; they count only where the text names the card.
HEALTH_CARD_WORDS = re.compile(
    r"health[ -]?card|health (?:insurance )?number|\bOHIP\b|\bRAMQ\b|\bPHN\b|\bMSP\b"
    r"|carte[ -](?:santé|sante|soleil|d['’]assurance[ -]maladie)"
    r"|num[ée]ro d['’]assurance[ -]maladie",
    re.IGNORECASE,
)
HEALTH_NUMBERS = (
    # Ontario: 10 digits, 4-3-3, with an optional two-letter version code; also British Columbia's
    # Personal Health Number, 10 digits starting with 9.
    re.compile(r"(?<![\w-])\d{4}([ -]?)\d{3}\1\d{3}(?:-?[A-Z]{2}|\s[A-Z]{2})?(?![\w-])"),
    # Quebec RAMQ: 4 capital letters (from the name) and 8 digits (birth date and a sequence).
    re.compile(r"(?<![\w-])[A-Z]{4}[ -]?\d{4}[ -]?\d{4}(?![\w-])"),
)


def luhn_valid(digits):
    """Whether a string of digits passes the Luhn check used by SINs and payment cards."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _digits(text):
    """Only the digits of a piece of text."""
    return re.sub(r"\D", "", text)


def _is_card_number(digits):
    """Whether the digits have a payment card's length, issuer prefix and Luhn check digit."""
    for (low, high), lengths in CARD_BRANDS:
        prefix = int(digits[:len(str(low))])
        if low <= prefix <= high and len(digits) in lengths:
            return luhn_valid(digits)
    return False


def _spans(pattern, text):
    """The spans of every match of a pattern."""
    return [match.span() for match in pattern.finditer(text)]


def _outside(spans, taken):
    """The spans that do not overlap any of the taken ones."""
    return [(start, end) for start, end in spans
            if not any(start < taken_end and taken_start < end for taken_start, taken_end in taken)]


def email_spans(text):
    """Email addresses."""
    return _spans(EMAIL, text)


def phone_spans(text):
    """North American phone numbers, with their extension."""
    return _spans(PHONE, text)


def sin_spans(text):
    """Social Insurance Numbers: nine digits that pass the Luhn check."""
    return [match.span() for match in SIN.finditer(text) if luhn_valid(_digits(match.group()))]


def credit_card_spans(text):
    """Payment card numbers."""
    return [match.span() for match in CARD.finditer(text) if _is_card_number(_digits(match.group()))]


def street_address_spans(text):
    """A civic number and street followed closely by a postal code, as one span."""
    return _spans(STREET_ADDRESS, text)


def health_card_spans(text):
    """Provincial health card numbers, in a text that speaks of a health card."""
    if not HEALTH_CARD_WORDS.search(text):
        return []
    return sorted(span for pattern in HEALTH_NUMBERS for span in _spans(pattern, text))


# --- abuse and spam -------------------------------------------------------------------------

#: Swearing, slurs, and insults aimed at someone; sexual words are left out on purpose, since
#: consultations on health or online harms name them in good faith.
ABUSE_CATEGORIES = ("profanity", "hate", "harassment")

# A web address, less the punctuation that ends the sentence around it.
LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()]*[^\s<>\"'().,;:!?]", re.IGNORECASE)


@lru_cache(maxsize=1)
def _abuse_engine():
    """safetype's English and French dictionaries (Canadian French swearing included), loaded once."""
    return create_moderation_engine(mode="block", languages=("en", "fr"), categories=ABUSE_CATEGORIES)


def abusive_language_spans(text):
    """Swear words, slurs, insults and threats, matched as whole words in English and French."""
    return sorted({(match.start, match.end) for match in _abuse_engine().moderate(text).matches})


def link_spans(text):
    """Web addresses."""
    return _spans(LINK, text)


def _normalised(text):
    """The text in one case with its whitespace collapsed, to compare two texts."""
    return " ".join(text.casefold().split())


def is_repeated(text, earlier_texts):
    """Whether the author already posted this same text (case and spacing aside)."""
    text = _normalised(text)
    if len(text) < REPEATED_MIN_LENGTH:
        return False
    return any(_normalised(earlier) == text for earlier in earlier_texts)


def is_too_fast(text, seconds_taken):
    """Whether the text came in faster than a person types it."""
    if seconds_taken is None or len(text.strip()) < TOO_FAST_MIN_LENGTH:
        return False
    return seconds_taken <= 0 or len(text.strip()) / seconds_taken > TYPING_LIMIT


# --- all together ---------------------------------------------------------------------------


def screen_text(text):
    """The findings of the rules that look at the text alone, in the order of HOLD_RULES."""
    cards = credit_card_spans(text)
    addresses = street_address_spans(text)
    found = {
        "email": email_spans(text),
        "phone": _outside(phone_spans(text), cards),
        "sin": _outside(sin_spans(text), cards),
        "credit_card": cards,
        "street_address": addresses,
        "health_card": _outside(health_card_spans(text), cards),
        "abusive_language": abusive_language_spans(text),
    }
    links = link_spans(text)
    if len(links) > MAX_LINKS:
        found["too_many_links"] = links
    return [Finding(rule, tuple(spans)) for rule, spans in found.items() if spans]


def screen(text, earlier_texts=(), seconds_taken=None):
    """Every finding on a contribution: its text, the author's earlier texts, and its typing speed."""
    findings = screen_text(text)
    if is_repeated(text, earlier_texts):
        findings.append(Finding("repeated_text"))
    if is_too_fast(text, seconds_taken):
        findings.append(Finding("too_fast"))
    return findings
