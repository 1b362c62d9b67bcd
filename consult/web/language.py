"""Language choice and bilingual fields."""

from dataclasses import dataclass

from flask import current_app, request, session
from flask_babel import get_babel, get_locale
from flask_login import current_user


def init_app(app):
    """Let Flask-Babel (attached in extensions.py) ask `select_locale` for each request's language."""
    get_babel(app).locale_selector = select_locale


def select_locale():
    """The person's choice (account, then session), else the browser's Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or languages[0]


def current_language():
    return str(get_locale() or "en")[:2]


@dataclass(frozen=True)
class Localized:
    """A bilingual field's text in the page language, or in the other one as a fallback."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def localized(obj, field):
    """Read `field_en` / `field_fr` of `obj` in the page language, falling back to the other."""
    wanted = current_language()
    other = "fr" if wanted == "en" else "en"
    text = getattr(obj, f"{field}_{wanted}", "") or ""
    if text.strip():
        return Localized(text, wanted, False)
    return Localized(getattr(obj, f"{field}_{other}", "") or "", other, True)


def label(vocabulary, code):
    """The translated label of a vocabulary code, or the code itself if unknown."""
    return vocabulary.get(code, code)
