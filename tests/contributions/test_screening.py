"""Automatic screening: what each rule holds, and the look-alikes it must let through."""

import pytest

from consult.contributions.screening import (
    Finding,
    is_repeated,
    is_too_fast,
    luhn_valid,
    screen,
    screen_text,
)
from consult.models.moderation import HOLD_RULES


def matched(text):
    """What each rule matched in the text: {rule: [matched text, ...]}."""
    return {finding.rule: [text[start:end] for start, end in finding.spans]
            for finding in screen_text(text)}


# (rule, text, what the rule must match in it)
HELD = [
    ("email", "Write to jean.tremblay+consult@gouv.qc.ca please", ["jean.tremblay+consult@gouv.qc.ca"]),
    ("email", "me: bob@example.com.", ["bob@example.com"]),
    ("phone", "call me at 613-555-0199", ["613-555-0199"]),
    ("phone", "(613) 555-0199 after six", ["(613) 555-0199"]),
    ("phone", "tel. 613.555.0199", ["613.555.0199"]),
    ("phone", "+1 613 555 0199", ["+1 613 555 0199"]),
    ("phone", "Sans frais : 1-800-555-0199.", ["1-800-555-0199"]),
    ("phone", "6135550199", ["6135550199"]),
    ("phone", "work 613-555-0199 ext 123, home", ["613-555-0199 ext 123"]),
    ("phone", "bureau 613 555-0199, poste 4567", ["613 555-0199, poste 4567"]),
    ("sin", "my SIN is 046 454 286", ["046 454 286"]),
    ("sin", "NAS : 046-454-286", ["046-454-286"]),
    ("sin", "046454286", ["046454286"]),
    ("credit_card", "card 4111 1111 1111 1111 exp 12/27", ["4111 1111 1111 1111"]),
    ("credit_card", "4111-1111-1111-1111", ["4111-1111-1111-1111"]),
    ("credit_card", "Mastercard 5555555555554444", ["5555555555554444"]),
    ("credit_card", "Mastercard 2223003122003222", ["2223003122003222"]),
    ("credit_card", "Amex 3782 822463 10005", ["3782 822463 10005"]),
    ("credit_card", "Discover 6011 1111 1111 1117", ["6011 1111 1111 1117"]),
    ("street_address", "I live at 123 Main Street, Ottawa ON K1A 0B1",
     ["123 Main Street, Ottawa ON K1A 0B1"]),
    ("street_address", "123 rue Principale, Gatineau QC J8X 3X7",
     ["123 rue Principale, Gatineau QC J8X 3X7"]),
    ("street_address", "au 45, boulevard Saint-Joseph Est, app. 4, Gatineau (Québec) J8Y 3X7",
     ["45, boulevard Saint-Joseph Est, app. 4, Gatineau (Québec) J8Y 3X7"]),
    ("street_address", "Send it to\n45 Elgin St.\nOttawa, ON\nk2p1l4\nThanks",
     ["45 Elgin St.\nOttawa, ON\nk2p1l4"]),
    ("street_address", "1200 chemin du Lac, Chelsea J9B 1A1", ["1200 chemin du Lac, Chelsea J9B 1A1"]),
    ("health_card", "my OHIP number is 1234-567-890-AB", ["1234-567-890-AB"]),
    ("health_card", "Health card: 1234567890AB", ["1234567890AB"]),
    ("health_card", "ma carte soleil TREM 1234 5678", ["TREM 1234 5678"]),
    ("health_card", "Numéro d'assurance maladie : TREM12345678", ["TREM12345678"]),
    ("health_card", "BC PHN 9123 456 789", ["9123 456 789"]),
    ("abusive_language", "This plan is bullshit.", ["bullshit"]),
    ("abusive_language", "What the FUCK is this", ["FUCK"]),
    ("abusive_language", "Quelle merde, ce projet.", ["merde"]),
    ("abusive_language", "Tabarnak, encore des cônes orange", ["Tabarnak"]),
    ("abusive_language", "Ce maire est un enculé", ["enculé"]),
    ("abusive_language", "you are an idiot", ["you are an idiot"]),
    ("too_many_links", "See http://a.example, https://b.example/x and www.c.example.",
     ["http://a.example", "https://b.example/x", "www.c.example"]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), HELD, ids=[f"{r}: {t[:30]}" for r, t, _ in HELD])
def test_rule_holds_and_marks_what_it_matched(rule, text, expected):
    assert matched(text).get(rule) == expected


# (rule, text): texts that look like what the rule holds, and are not.
NOT_HELD = [
    ("email", "email me @ the office"),
    ("email", "the @Canada account"),
    ("phone", "in 2026 and 2027"),
    ("phone", "Call 311"),
    ("phone", "from 1,000,000 to 2,500,000"),
    ("phone", "ISBN 978-3-16-148410-0"),
    ("phone", "1234567890 is not a phone"),
    ("sin", "046 454 287"),  # fails the Luhn check
    ("sin", "123 456 782 dollars"),  # passes Luhn, but an amount
    ("sin", "a budget of 123 456 782 $"),  # an amount, French style
    ("sin", "a population of 1 046 454 286"),
    ("sin", "call 613-555-0199"),
    ("credit_card", "4111 1111 1111 1112"),  # fails the Luhn check
    ("credit_card", "1234 5678 9012 3452"),  # passes Luhn, no card starts with 1
    ("credit_card", "reference 0000000000000000"),
    ("street_address", "K1A 0B1"),
    ("street_address", "123 Main Street needs a bike lane"),
    ("street_address", "Main Street, Ottawa ON K1A 0B1"),  # no civic number
    ("street_address", "rue Principale, Gatineau QC J8X 3X7"),
    ("street_address", "12 Main St, Ottawa D1A 0B1"),  # no postal code starts with D
    ("street_address", "45 Elgin St.\n\nK2P 1L4 is another matter"),
    ("health_card", "1234-567-890-AB"),  # no mention of a health card
    ("health_card", "OHIP spent 1,234,567,890 dollars"),
    ("health_card", "RAMQ said the year 2024 2025 was busy"),
    ("abusive_language", "a classic assessment"),
    ("abusive_language", "Scunthorpe, Essex and Middlesex"),
    ("abusive_language", "cocktails at the Shiitake passion bar"),
    ("abusive_language", "le bassin versant et le conseil municipal"),
    ("abusive_language", "les pros et les cons, la constitution, un compte"),
    ("abusive_language", "ma mère est veuve, je vais bosser"),
    ("abusive_language", "the sex and gender of respondents"),
    ("too_many_links", "See http://a.example and www.b.example."),
    ("too_many_links", "three sites: canada.ca, quebec.ca, ontario.ca"),
]


@pytest.mark.parametrize(("rule", "text"), NOT_HELD, ids=[f"{r}: {t[:30]}" for r, t in NOT_HELD])
def test_rule_lets_look_alikes_through(rule, text):
    assert rule not in matched(text)


@pytest.mark.parametrize("text", [
    "the meeting is on 2026-11-25",
    "K1A 0B1",
    "It costs $1,234,567.89, or 12/25/2026 at 10:30-12:00 in section 2.3.4.",
    "Le comité propose d'améliorer le transport en commun; c'est une bonne idée, pas chère.",
    "",
])
def test_ordinary_text_has_no_findings(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(("digits", "valid"), [
    ("046454286", True),
    ("046454287", False),
    ("4111111111111111", True),
    ("4111111111111112", False),
    ("79927398713", True),
])
def test_luhn_check(digits, valid):
    assert luhn_valid(digits) is valid


def test_a_card_number_is_not_also_a_phone_or_health_number():
    text = "OHIP aside, my card is 4532 0151 1283 0366"
    assert matched(text) == {"credit_card": ["4532 0151 1283 0366"]}


def test_findings_come_in_the_order_of_the_hold_rules_with_sorted_spans():
    text = "fuck this; mail bob@example.com or call 613-555-0199, shit"
    findings = screen_text(text)
    assert [f.rule for f in findings] == ["email", "phone", "abusive_language"]
    assert findings[2].spans == ((0, 4), (54, 58))


@pytest.mark.parametrize(("text", "earlier", "repeated"), [
    ("The bus should run every ten minutes.", ["the bus  should run EVERY ten minutes. "], True),
    ("The bus should run every ten minutes.", ["Something else entirely, at length."], False),
    ("The bus should run every ten minutes.", [], False),
    ("I agree.", ["I agree."], False),  # too short to count
    ("Twenty characters!!!", ["twenty characters!!!"], True),
])
def test_is_repeated(text, earlier, repeated):
    assert is_repeated(text, earlier) is repeated


@pytest.mark.parametrize(("length", "seconds", "too_fast"), [
    (300, 5, True),
    (300, 19, True),
    (300, 20, False),  # exactly 15 characters a second
    (300, 120, False),
    (300, 0, True),
    (300, None, False),
    (39, 1, False),  # too short to count
    (40, 1, True),
])
def test_is_too_fast(length, seconds, too_fast):
    assert is_too_fast("a" * length, seconds) is too_fast


def test_screen_adds_repeated_and_too_fast_without_spans():
    text = "Please call me at 613-555-0199 about the new library hours."
    findings = screen(text, earlier_texts=[text.upper()], seconds_taken=1)
    assert findings == [Finding("phone", ((18, 30),)), Finding("repeated_text"), Finding("too_fast")]


def test_screen_of_an_ordinary_contribution_is_empty():
    text = "The library should open on Sundays; families have no other free day."
    assert screen(text, earlier_texts=["Something I said before about parking."], seconds_taken=90) == []


def test_every_rule_screening_gives_is_a_hold_rule():
    text = ("bob@example.com 613-555-0199 046 454 286 4111 1111 1111 1111 "
            "123 Main Street, Ottawa ON K1A 0B1 health card 1234-567-890-AB merde "
            "http://a.ca http://b.ca http://c.ca")
    findings = screen(text, earlier_texts=[text], seconds_taken=1)
    assert [f.rule for f in findings] == list(HOLD_RULES)
