"""The subscription form."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.core.forms import TrackerForm

LANGUAGE_LABELS = {"en": "English", "uk": "Українська", "be": "Беларуская", "ru": "Русский"}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (no JavaScript needed)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def lead_label(days: int) -> str:
    """How a lead time reads in the form."""
    if days == 1:
        return str(_l("1 day before"))
    return str(_l("%(num)s days before", num=days))


class SubscribeForm(TrackerForm):
    """Subscribe an email address to reminders."""

    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )
    scope = RadioField(
        _l("Which dates"),
        choices=[SelectChoice("all", _l("All dates")), SelectChoice("some", _l("Only the dates I choose below"))],
        default="all",
    )
    date_ids = CheckboxesField(_l("Dates"), coerce=int, choices=[])
    lead_days = CheckboxesField(_l("Remind me"), coerce=int, choices=[])
    language = SelectField(
        _l("Language of the emails"), choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()]
    )

    def validate_email(self, field) -> None:
        """Refuse anything that could break a mail header before it reaches the service."""
        if any(character in field.data for character in "\r\n\0"):
            raise ValidationError(_l("Enter an email address such as name@example.org."))

    def validate_scope(self, field) -> None:
        """Ticked dates and "All dates" contradict each other: ask, rather than drop either choice."""
        if field.data == "all" and self.date_ids.data:
            raise ValidationError(
                _l(
                    "You ticked particular dates, but “All dates” is chosen. Choose “Only the dates I choose below” "
                    "to get only those, or untick them."
                )
            )

    def validate_date_ids(self, field) -> None:
        """Choosing "some" needs at least one date."""
        if self.scope.data == "some" and not field.data:
            raise ValidationError(_l("Choose at least one date, or all dates."))

    def validate_lead_days(self, field) -> None:
        """At least one lead time."""
        if not field.data:
            raise ValidationError(_l("Choose when to be reminded."))
