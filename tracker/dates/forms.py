"""Form for commemorative dates."""

import calendar

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from tracker.core.forms import TrackerForm, with_translations
from tracker.core.validators import iana_timezone, not_before_1900, select_choices
from tracker.dates.models import DEFAULT_TIMEZONE, MONTH_LABELS, RECURRENCE_LABELS, Recurrence


class _DateForm(TrackerForm):
    """Create or edit a commemorative date."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=200)])
    slug = StringField(
        _l("Short name for web addresses"),
        validators=[
            DataRequired(_l("Enter a short name such as day-of-solidarity.")),
            Length(max=80),
            Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and hyphens.")),
        ],
    )
    description = TextAreaField(_l("Why the day is marked"), validators=[Length(max=10000)])
    suggested_actions = TextAreaField(_l("What readers can do, one suggestion a line"), validators=[Length(max=5000)])
    recurrence = SelectField(_l("Recurs"), choices=select_choices(RECURRENCE_LABELS), coerce=Recurrence)
    month = SelectField(
        _l("Month"),
        choices=select_choices([("", "—"), *MONTH_LABELS.items()]),
        validators=[Optional(strip_whitespace=False)],
    )
    day = IntegerField(_l("Day of the month"), validators=[Optional(), NumberRange(min=1, max=31)])
    on_date = DateField(_l("Date (for a one-off date)"), validators=[Optional(), not_before_1900])
    timezone = StringField(
        _l("Time zone"), default=DEFAULT_TIMEZONE, validators=[DataRequired(), Length(max=64), iana_timezone]
    )
    prisoner_id = SelectField(
        _l("Linked prisoner (optional)"), choices=[], validators=[Optional(strip_whitespace=False)]
    )

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then what the recurrence needs (Optional() would skip inline validators)."""
        valid = super().validate(extra_validators)
        if self.recurrence.data == Recurrence.ANNUAL:
            if not self.month.data or self.day.data is None:
                self.day.errors = [*self.day.errors, _l("An annual date needs a month and a day.")]
                return False
            if not self.month.errors and not self.day.errors:
                days_in_month = calendar.monthrange(2024, int(self.month.data))[1]  # 2024: a leap year
                if self.day.data > days_in_month:
                    self.day.errors = [*self.day.errors, _l("That month has no such day.")]
                    return False
        elif self.recurrence.data == Recurrence.ONE_OFF and self.on_date.data is None and not self.on_date.errors:
            self.on_date.errors = [*self.on_date.errors, _l("A one-off date needs its date.")]
            return False
        return valid


DateForm = with_translations(
    _DateForm, {"name": StringField, "description": TextAreaField, "suggested_actions": TextAreaField}
)
