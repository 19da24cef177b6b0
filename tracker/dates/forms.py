"""Form for commemorative dates."""

import calendar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from tracker.core.validators import iana_timezone, not_before_1900
from tracker.dates.models import DEFAULT_TIMEZONE, Recurrence

RECURRENCE_LABELS = {Recurrence.ANNUAL: _l("Every year"), Recurrence.ONE_OFF: _l("Once")}


class DateForm(FlaskForm):
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
    recurrence = SelectField(
        _l("Recurs"),
        choices=[SelectChoice(value, label) for value, label in RECURRENCE_LABELS.items()],
        coerce=Recurrence,
    )
    month = SelectField(
        _l("Month"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(str(number), calendar.month_name[number]) for number in range(1, 13)],
        validators=[Optional()],
    )
    day = IntegerField(_l("Day of the month"), validators=[Optional(), NumberRange(min=1, max=31)])
    on_date = DateField(_l("Date (for a one-off date)"), validators=[Optional(), not_before_1900])
    timezone = StringField(
        _l("Time zone"), default=DEFAULT_TIMEZONE, validators=[DataRequired(), Length(max=64), iana_timezone]
    )
    prisoner_id = SelectField(_l("Linked prisoner (optional)"), choices=[], validators=[Optional()])

    def validate_day(self, field) -> None:
        """An annual date needs a real day of a real month (29 February allowed)."""
        if self.recurrence.data != Recurrence.ANNUAL:
            return
        if not self.month.data or field.data is None:
            raise ValidationError(_l("An annual date needs a month and a day."))
        days_in_month = calendar.monthrange(2024, int(self.month.data))[1]  # 2024 is a leap year
        if field.data > days_in_month:
            raise ValidationError(_l("That month has no such day."))

    def validate_on_date(self, field) -> None:
        """A one-off date needs its date."""
        if self.recurrence.data == Recurrence.ONE_OFF and field.data is None:
            raise ValidationError(_l("A one-off date needs its date."))
