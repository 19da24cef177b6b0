"""The letter page's filters (a GET form) and the "I sent a letter" button."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, Length

from tracker.core.forms import TrackerForm
from tracker.core.validators import select_choices
from tracker.prisoners.models import REGION_LABELS, Region

# Belarusian prisons accept letters in Russian and Belarusian; the samples are in these two.
LETTER_LANGUAGES = ("be", "ru")
LETTER_LANGUAGE_LABELS = {"be": _l("Belarusian"), "ru": _l("Russian")}


class SuggestionFilterForm(TrackerForm):
    """Region of the person, and the language the visitor will write in (which samples to show)."""

    class Meta:
        csrf = False  # a GET form: it changes nothing

    region = SelectField(
        _l("Region"),
        choices=select_choices(
            [("", _l("Any region"))] + [(region.value, label) for region, label in REGION_LABELS.items()]
        ),
        default="",
    )
    language = SelectField(
        _l("I will write in"),
        choices=select_choices([("", _l("Belarusian or Russian"))] + list(LETTER_LANGUAGE_LABELS.items())),
        default="",
    )

    def chosen_region(self) -> Region | None:
        """The region chosen, if any."""
        return Region(self.region.data) if self.region.data else None

    def chosen_languages(self) -> tuple[str, ...]:
        """The languages whose sample texts to show."""
        return (self.language.data,) if self.language.data else LETTER_LANGUAGES


class LetterSentForm(TrackerForm):
    """One button; the suggestion it answers is the only thing sent."""

    suggestion = HiddenField(validators=[InputRequired(), Length(max=2000)])
