"""Forms of closing the loop: a response to an idea, the outcome report."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import bilingual
from ..inputs import ConsultForm
from ..manage.forms import strip_text
from ..models.vocabulary import RESPONSE_STATUSES

#: The longest response: a public explanation of a few paragraphs.
RESPONSE_MAX = 4000
#: The longest section of an outcome report, in one language.
SECTION_MAX = 20000


def _response_length():
    return Length(max=RESPONSE_MAX, message=_l("Keep it under %(max)d characters.", max=RESPONSE_MAX))


class ResponseForm(ConsultForm):
    status = RadioField(_l("Where this idea stands"), choices=list(RESPONSE_STATUSES.items()),
                        validators=[DataRequired(_l("Choose where this idea stands."))])
    text_en = TextAreaField(_l("Explanation in English, shown to the public"), filters=[strip_text],
                            validators=[_response_length()])
    text_fr = TextAreaField(_l("Explanation in French, shown to the public"), filters=[strip_text],
                            validators=[_response_length()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return bilingual.show_missing(self, bilingual.missing("response", self.texts())) and valid

    def texts(self):
        """The explanation in each language, as the services take it."""
        return {"text_en": self.text_en.data or "", "text_fr": self.text_fr.data or ""}


def _section(label):
    return TextAreaField(label, filters=[strip_text], validators=[
        Length(max=SECTION_MAX, message=_l("Keep it under %(max)d characters.", max=SECTION_MAX))])


#: Sections of the report; which of them publishing needs is consult.bilingual's to say.
SECTIONS = tuple(bilingual.PUBLIC_TEXTS["outcome"])


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
        """Whether the report may be public: complete in both languages; errors per field otherwise."""
        return bilingual.show_missing(self, bilingual.missing("outcome", self.outcome_data()))
