"""Forms of closing the loop: a response to an idea, the outcome report."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..inputs import ConsultForm
from ..manage.forms import strip_text
from ..models.vocabulary import RESPONSE_STATUSES

#: The longest response: a public explanation of a few paragraphs.
RESPONSE_MAX = 4000
#: The longest section of an outcome report, in one language.
SECTION_MAX = 20000


class ResponseForm(ConsultForm):
    status = RadioField(_l("Where this idea stands"), choices=list(RESPONSE_STATUSES.items()),
                        validators=[DataRequired(_l("Choose where this idea stands."))])
    text = TextAreaField(_l("Explanation, shown to the public"), filters=[strip_text], validators=[
        DataRequired(_l("Explain the decision to the people who proposed and supported it.")),
        Length(max=RESPONSE_MAX, message=_l("Keep it under %(max)d characters.", max=RESPONSE_MAX)),
    ])


def _section(label):
    return TextAreaField(label, filters=[strip_text], validators=[
        Length(max=SECTION_MAX, message=_l("Keep it under %(max)d characters.", max=SECTION_MAX))])


#: Sections of the report, and whether publishing needs them (in English or French at least).
SECTIONS = {"heard": True, "changes": True, "not_changing": False}


class OutcomeForm(ConsultForm):
    heard_en = _section(_l("What we heard (English)"))
    heard_fr = _section(_l("What we heard (French)"))
    changes_en = _section(_l("What will change (English)"))
    changes_fr = _section(_l("What will change (French)"))
    not_changing_en = _section(_l("What will not change, and why (English)"))
    not_changing_fr = _section(_l("What will not change, and why (French)"))
    save = SubmitField(_l("Save"))
    publish = SubmitField(_l("Publish the outcome"))

    def outcome_data(self):
        return {f"{section}_{lang}": self[f"{section}_{lang}"].data or ""
                for section in SECTIONS for lang in ("en", "fr")}

    def ready_to_publish(self):
        """Whether each required section is written in one language at least; errors otherwise."""
        ready = True
        for section, required in SECTIONS.items():
            if required and not (self[f"{section}_en"].data or self[f"{section}_fr"].data):
                self[f"{section}_en"].errors.append(_l("Write this section in English, French or both before publishing."))
                ready = False
        return ready
