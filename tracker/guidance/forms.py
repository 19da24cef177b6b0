"""The editors' form for a guidance note."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from tracker.core.forms import TrackerForm
from tracker.core.validators import http_url, not_in_future, select_choices
from tracker.guidance.models import TOPIC_LABELS


class GuidanceForm(TrackerForm):
    """A note, its language, its source and when it was last checked."""

    topic = SelectField(_l("Topic"), choices=select_choices(TOPIC_LABELS))
    language = SelectField(_l("Language of the text"))
    body = TextAreaField(
        _l("Text"),
        validators=[InputRequired(_l("Enter the text.")), Length(max=2000)],
    )
    source_title = StringField(
        _l("Source"),
        validators=[InputRequired(_l("Name the source.")), Length(max=300)],
    )
    source_url = StringField(
        _l("Source address"), validators=[InputRequired(_l("Enter the source's address.")), http_url, Length(max=500)]
    )
    reviewed_on = DateField(
        _l("Last checked against the source on"), validators=[InputRequired(_l("Enter the date.")), not_in_future]
    )
    is_sample = BooleanField(_l("Sample text (demo data), marked as such wherever it shows"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = current_app.config["LANGUAGE_NAMES"]
        self.language.choices = select_choices([(code, names[code]) for code in current_app.config["LANGUAGES"]])
