"""The filter form of the consultation list."""

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField

from ..inputs import ConsultForm
from ..models.vocabulary import LEVELS, LIFE_EVENTS, PHASES, SEGMENTS


def _choices(vocabulary, anything):
    return [("", anything)] + list(vocabulary.items())


class ConsultationFilterForm(ConsultForm):
    """Read from the query string; a GET form needs no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"))
    status = SelectField(_l("Status"), choices=_choices(
        {k: v for k, v in PHASES.items() if k != "draft"}, _l("Any status")))
    service = SelectField(_l("Service"), choices=[])
    life_event = SelectField(_l("Life event"), choices=_choices(LIFE_EVENTS, _l("Any life event")))
    segment = SelectField(_l("Who it serves"), choices=_choices(SEGMENTS, _l("Anyone")))
    level = SelectField(_l("Level of government"), choices=_choices(LEVELS, _l("Any level")))

    def filters(self):
        """The chosen filters; an unknown choice is ignored rather than an error."""
        # The search runs through the shared text checks: a NUL byte is said on the field, not sent.
        chosen = {"q": (self.q.data or "").strip() if self.q.validate(self) else ""}
        for name in ("status", "service", "life_event", "segment", "level"):
            field = self[name]
            allowed = {str(value) for value, *_ in field.choices}
            chosen[name] = field.data if field.data in allowed else ""
        return chosen
