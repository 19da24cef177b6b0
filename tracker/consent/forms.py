"""Editors' forms for consent: one choice at a time, and the withdrawal of everything."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.consent.models import CHANNEL_LABELS, GIVEN_BY_LABELS, OUTPUT_LABELS
from tracker.core.forms import Form
from tracker.core.validators import not_before_1900, not_in_future, select_choices


class _WhoAndHow(Form):
    """Who gave the choice, how it reached us and when: recorded with every decision."""

    given_by = RadioField(
        _l("Who asked"),
        choices=select_choices(GIVEN_BY_LABELS),
        validators=[InputRequired(_l("Choose who asked."))],
    )
    channel = SelectField(
        _l("How it reached us"),
        choices=select_choices(CHANNEL_LABELS),
        validators=[InputRequired(_l("Choose how the request reached us."))],
    )
    given_on = DateField(
        _l("Date they asked"),
        validators=[InputRequired(_l("Enter the date they asked.")), not_in_future, not_before_1900],
    )
    note = TextAreaField(_l("Note for editors (optional)"), validators=[Optional(), Length(max=2000)])


class ConsentForm(_WhoAndHow):
    """One output, allowed or not."""

    output = SelectField(_l("What it is about"), choices=select_choices(OUTPUT_LABELS))
    allowed = RadioField(
        _l("Their choice"),
        choices=select_choices([("yes", _l("Yes, allowed")), ("no", _l("No, not allowed"))]),
        validators=[InputRequired(_l("Choose allowed or not allowed."))],
    )
    review_by = DateField(_l("Check again with them by (optional)"), validators=[Optional()])


class WithdrawForm(_WhoAndHow):
    """Withdraw the person from everything the site publishes."""
