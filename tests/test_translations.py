"""The French catalogue covers every string in the sources, and the pages speak French when asked.

Importing this module compiles the catalogue when its .mo is missing or older than the .po, so a
plain `pytest` works without `make translations` (collection happens before any test runs).
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .conftest import page_text

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "consult" / "translations"
TEMPLATES = ROOT / "consult" / "templates"
FRENCH_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"


def compile_catalogues():
    """Write messages.mo next to each messages.po that is newer than it, as `make translations` does."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


compile_catalogues()


def read_french():
    with FRENCH_PO.open("rb") as po_file:
        return read_po(po_file, locale="fr")


def as_tuple(value):
    return value if isinstance(value, tuple) else (value,)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


# -- The catalogue -----------------------------------------------------------------------------


def test_every_source_string_has_a_french_translation(tmp_path):
    """Extract afresh, as `pybabel extract` does, so a string added since the last update fails here."""
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
        "--ignore-dirs", ".* node_modules", "-o", str(pot), str(ROOT),
    ])
    with pot.open("rb") as pot_file:
        sources = read_po(pot_file)
    french = read_french()

    # Without --ignore-dirs, pybabel skips directories named "_…": _macros and _partials.
    extracted_from = {str((ROOT / path).resolve().relative_to(ROOT))
                      for message in sources for path, _line in message.locations}
    with_strings = {str(path.relative_to(ROOT)) for path in TEMPLATES.rglob("*.html")
                    if re.search(r"\b_\(|gettext\(", path.read_text(encoding="utf-8"))}
    assert with_strings <= extracted_from, sorted(with_strings - extracted_from)

    missing = [
        f"{message.id!r} ({', '.join(f'{path}:{line}' for path, line in message.locations)})"
        for message in sources if message.id and message.id not in french
    ]
    assert len(sources) > 400
    assert not missing, "Not in fr/messages.po; run pybabel update and translate:\n" + "\n".join(missing)


def test_every_french_entry_is_translated_and_not_fuzzy():
    french = read_french()
    problems = []
    for message in french:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(as_tuple(message.string)):
            problems.append(f"empty: {message.id!r}")
    assert not french.fuzzy
    assert not problems, "\n".join(problems)


def test_plural_forms_are_the_french_ones():
    french = read_french()
    assert french.plural_forms == "nplurals=2; plural=(n > 1);"
    plurals = [message for message in french if message.pluralizable]
    assert plurals
    assert all(len(message.string) == 2 for message in plurals)


def test_french_keeps_the_same_placeholders():
    problems = []
    for message in read_french():
        if not message.id:
            continue
        wanted = placeholders(as_tuple(message.id)[0])
        for translation in as_tuple(message.string):
            if placeholders(translation) != wanted:
                problems.append(f"{message.id!r} -> {translation!r}")
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


def test_french_punctuation_is_consistent():
    """A no-break space before a colon and inside « », none before ? ! ; (Canadian usage), no "" or “” quotes."""
    problems = []
    for message in read_french():
        for translation in as_tuple(message.string) if message.id else ():
            if (re.search(r"[^\u00a0]:(?!//)", translation) or re.search(r"\s[?!;]", translation)
                    or re.search(r"«[^\u00a0]|[^\u00a0]»", translation) or re.search('["“”]', translation)):
                problems.append(repr(translation))
    assert not problems, "\n".join(problems)


# -- The templates -----------------------------------------------------------------------------

#: Text that stays as it is in both languages.
ALLOWED_TEXT = {"Français", "English", "Consult", "×"}
#: Attributes a person reads or hears.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
#: A literal passed to a macro as words a person will read, e.g. field(f, hint="Some words").
JINJA_LITERAL = re.compile(r"\b(hint|label|legend|title|caption|text|placeholder)\s*=\s*(['\"])[^'\"]*[A-Za-z]{2}",)
LETTERS = re.compile(r"[A-Za-zÀ-ÿ]")


class TextNodes(HTMLParser):
    """Collect the text nodes and read attributes of a template with its Jinja removed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and dict(attrs).get("type") in ("submit", "button"))
            if readable and value and LETTERS.search(value):
                self.found.append(f'{name}="{value.strip()}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        text = data.strip()
        if self._skipping or not LETTERS.search(text) or text in ALLOWED_TEXT:
            return
        if re.fullmatch(r'[\w-]+="[^"]*"', text):  # an attribute written by a macro, like lang="…"
            return
        self.found.append(text)


def untranslated_text(source):
    found = [match.group(0) for match in JINJA_LITERAL.finditer(" ".join(
        tag for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, re.S) if "_(" not in tag))]
    parser = TextNodes()
    parser.feed(JINJA.sub(" ", source))
    parser.close()
    return found + parser.found


@pytest.mark.parametrize("source, expected", [
    ('<p>{{ _("Sign in") }}</p>', []),
    ("<p>Sign in</p>", ["Sign in"]),
    ('<p>{% if x %}{{ y }}{% endif %} Closed {# note #}</p>', ["Closed"]),
    ('<img alt="A map" src="x.png">', ['alt="A map"']),
    ('<button aria-label="{{ _(\'Close\') }}">×</button>', []),
    ("<script>var greeting = 'Hello there';</script>", []),
    ('{{ field(form.x, hint="Shown to all") }}', ['hint="Shown to all']),
    ('<span{% if a %} lang="{{ b }}"{% endif %}>{{ c }}</span>', []),
])
def test_the_template_scan_finds_bare_words(source, expected):
    assert untranslated_text(source) == expected


def test_templates_have_no_bare_english_text():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for text in untranslated_text(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert not offenders, "Wrap these in {{ _(...) }}:\n" + "\n".join(offenders)


# -- The pages ---------------------------------------------------------------------------------


def visible(response):
    return html.unescape(page_text(response))


def test_choosing_french_gives_french_pages(client):
    response = client.post("/account/language", {"locale": "fr", "next": "/"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/")

    page = client.get("/")
    body = page.get_data(as_text=True)
    assert '<html lang="fr">' in body
    assert "Consultations ouvertes" in visible(page)
    assert "Se connecter" in visible(page)
    assert "Open consultations" not in visible(page)


def test_english_is_the_default(client):
    page = client.get("/")
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert "Open consultations" in visible(page)


def test_a_canadian_french_browser_gets_french(client_factory):
    page = client_factory().get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr">' in page.get_data(as_text=True)
    assert "Consultations ouvertes" in visible(page)


def test_validation_errors_are_in_french(client):
    french = {"Accept-Language": "fr-CA"}
    response = client.post("/auth/login", {"email": "", "password": ""}, headers=french)
    text = visible(response)
    assert "Entrez votre adresse courriel." in text
    assert "Entrez votre mot de passe." in text
    assert "Enter your email address." not in text


@pytest.mark.parametrize("count, expected", [
    (0, "0 consultation trouvée"),
    (1, "1 consultation trouvée"),
    (2, "2 consultations trouvées"),
])
def test_french_plurals_follow_french_rules(client, make, count, expected):
    for _ in range(count):
        make.consultation(status="open")
    page = client.get("/consultations/", headers={"Accept-Language": "fr"})
    assert expected in visible(page)
