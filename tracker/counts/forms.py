"""Form for reported count snapshots."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.core.forms import TrackerForm, with_translations
from tracker.core.validators import http_url, not_before_1900, not_in_future, select_choices
from tracker.counts.models import QUALIFIER_LABELS, Qualifier


class _SnapshotForm(TrackerForm):
    """A figure some source reported."""

    count = IntegerField(
        _l("Reported count"),
        validators=[InputRequired(_l("Enter the reported number.")), NumberRange(min=0, max=1_000_000)],
    )
    qualifier = SelectField(_l("Qualifier"), choices=select_choices(QUALIFIER_LABELS), coerce=Qualifier)
    reported_on = DateField(
        _l("Reported on"), validators=[InputRequired(_l("Enter the date.")), not_in_future, not_before_1900]
    )
    source_name = StringField(_l("Source"), validators=[DataRequired(_l("Name the source.")), Length(max=200)])
    source_url = StringField(_l("Source URL"), validators=[Optional(), Length(max=1000), http_url])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


SnapshotForm = with_translations(_SnapshotForm, {"source_name": StringField, "note": TextAreaField})
