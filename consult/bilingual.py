"""One rule for what goes public: every staff-written text is complete in English and in French.

Opening a consultation, saving a public one, publishing or changing the outcome report and
publishing a response to an idea all ask `missing()` (forms, to say what is missing per field)
and `require_complete()` (services, so that no path publishes half a translation).
"""

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

LANGUAGES = ("en", "fr")

#: Each kind of public text, its bilingual fields, and whether each must be written (True) or
#: may be left out (False: then it is empty in both languages or written in both).
PUBLIC_TEXTS = {
    "consultation": {"title": True, "summary": True, "background": True},
    "outcome": {"heard": True, "changes": True, "not_changing": False},
    "response": {"text": True},
}

#: What the form says on each field that is missing.
MESSAGES = {
    "title_en": _l("Enter the title in English."),
    "title_fr": _l("Enter the title in French."),
    "summary_en": _l("Enter the summary in English."),
    "summary_fr": _l("Enter the summary in French."),
    "background_en": _l("Enter the background in English."),
    "background_fr": _l("Enter the background in French."),
    "heard_en": _l("Write what we heard in English."),
    "heard_fr": _l("Write what we heard in French."),
    "changes_en": _l("Write what will change in English."),
    "changes_fr": _l("Write what will change in French."),
    "not_changing_en": _l("Write what will not change in English too, or leave it empty in both languages."),
    "not_changing_fr": _l("Write what will not change in French too, or leave it empty in both languages."),
    "text_en": _l("Explain the decision in English."),
    "text_fr": _l("Explain the decision in French."),
}


class Incomplete(Exception):
    """Refused: a public text is not written in both languages; `missing` names each field."""

    def __init__(self, kind, missing):
        super().__init__(f"{kind} is missing {', '.join(missing)}")
        self.kind, self.missing = kind, list(missing)


def _written(source, name):
    value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
    return bool((value or "").strip())


def missing(kind, source):
    """The fields (`title_fr`, ...) of public text `kind` that `source`, an object or a mapping
    of field names to values, lacks; empty when it may go public."""
    gaps = []
    for field, required in PUBLIC_TEXTS[kind].items():
        written = {lang: _written(source, f"{field}_{lang}") for lang in LANGUAGES}
        if required or any(written.values()):
            gaps.extend(f"{field}_{lang}" for lang in LANGUAGES if not written[lang])
    return gaps


def require_complete(kind, source):
    """Raise Incomplete unless `source` may go public as `kind`."""
    gaps = missing(kind, source)
    if gaps:
        raise Incomplete(kind, gaps)


def show_missing(form, names):
    """Put the message of each missing field on the form's field; True when nothing is missing."""
    for name in names:
        form[name].errors = [*form[name].errors, MESSAGES[name]]
    return not names
