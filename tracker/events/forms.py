"""Forms for events: submission and editing, rejection, public filters."""

import functools
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from tracker.core.forms import TrackerForm
from tracker.core.i18n import current_language
from tracker.core.validators import http_url
from tracker.events.safety import unsafe_countries
from tracker.events.services import EventSearch
from tracker.events.text import count_links
from tracker.timeutil import (
    country_timezones,
    country_zone,
    in_dst_gap,
    is_canonical_timezone,
    offered_timezones,
    utcnow,
)

TAG = re.compile(r"^[\w-]{1,30}$")
MAX_TAGS = 5
# Two-letter region codes babel knows that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
EVENT_LANGUAGES = ("be", "ru", "uk", "en", "pl", "lt", "lv", "de", "fr", "es", "it", "cs", "nl", "sv", "ka")
MODE_LABELS = {"online": _l("Online"), "in-person": _l("In person")}


def country_names(locale: str | None = None) -> Mapping[str, str]:
    """Country codes and names in the reader's language (read-only: one copy per language is kept)."""
    return _country_names(locale or current_language())


@functools.cache
def _country_names(locale: str) -> Mapping[str, str]:
    # Babel's territory table takes a millisecond to walk; feeds ask for a country name per event.
    territories = Locale.parse(locale).territories
    return MappingProxyType(
        {
            code: name
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
        }
    )


REGION_LABELS = {
    "Europe": _l("Europe"), "America": _l("America"), "Asia": _l("Asia"), "Africa": _l("Africa"),
    "Australia": _l("Australia"), "Pacific": _l("Pacific"), "Atlantic": _l("Atlantic Ocean"),
    "Indian": _l("Indian Ocean"), "Antarctica": _l("Antarctica"), "Arctic": _l("Arctic"),
}  # fmt: skip


def timezone_choices(current: str | None = None) -> list[SelectChoice]:
    """The offered zones grouped by region and named by their place (and `current`); first "the country's"."""
    zones = set(offered_timezones())
    if current and is_canonical_timezone(current):
        zones.add(current)
    choices = [SelectChoice("", _l("Same as the country"))]
    for region, region_label in REGION_LABELS.items():
        group = sorted(
            (zone.partition("/")[2].replace("_", " ").replace("/", " / "), zone)
            for zone in zones
            if zone.partition("/")[0] == region
        )
        choices += [SelectChoice(zone, place, optgroup=str(region_label)) for place, zone in group]
    return [*choices, SelectChoice("UTC", "UTC", optgroup=str(_l("Other")))]


def country_name(code: str) -> str:
    """A country's name in the reader's language (the code if unknown)."""
    return country_names().get(code, code)


def language_name(code: str) -> str:
    """A language's own name, for the language of an event."""
    try:
        return Locale.parse(code).get_display_name(current_language()) or code
    except (ValueError, TypeError):
        return code


def parse_tags(value: str) -> list[str]:
    """Comma-separated tags, normalized to lower case, duplicates dropped."""
    tags = [tag.strip().lower().lstrip("#") for tag in (value or "").split(",")]
    return list(dict.fromkeys(tag for tag in tags if tag))


class EventForm(TrackerForm):
    """Submit or edit an event."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    description = TextAreaField(
        _l("Description (Markdown)"), validators=[DataRequired(_l("Describe the event.")), Length(max=10000)]
    )
    starts_at = DateTimeLocalField(
        _l("Starts (local time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Enter when it starts."))]
    )
    ends_at = DateTimeLocalField(
        _l("Ends (local time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Enter when it ends."))]
    )
    # Empty means "the country's zone": filled in by validate_timezone when the country has only one.
    timezone = SelectField(_l("Time zone"), choices=[], default="", validate_choice=False)
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Street address"), validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Country"), choices=[], validators=[Optional(strip_whitespace=False)])
    city_only = BooleanField(_l("Show the city only; give the exact address on request"))
    online_url = StringField(_l("Online link"), validators=[Optional(), Length(max=500), http_url])
    organizer_name = StringField(
        _l("Organizer"), validators=[DataRequired(_l("Enter who organizes the event.")), Length(max=200)]
    )
    public_contact = StringField(_l("Public contact (optional)"), validators=[Optional(), Length(max=200)])
    private_contact = StringField(
        _l("Your email (only moderators see it)"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254),
            Email(_l("Enter a valid email address.")),
        ],
    )
    occurrence = SelectField(_l("Commemorative day"), choices=[], validators=[Optional(strip_whitespace=False)])
    # Values are the records' slugs: the public form must not list sequential ids.
    prisoner_ids = SelectMultipleField(_l("Dedicated to (optional)"), choices=[], validators=[Optional()])
    # Narrows the list of people without JavaScript: the button posts the form back unsaved, all typed values kept.
    dedication_q = StringField(_l("Find a person by name"), validators=[Optional(), Length(max=100)])
    dedication_search = SubmitField(_l("Find"))
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Language of the event"), choices=[])
    image = FileField(_l("Image (optional; JPEG, PNG, WebP or GIF)"), validators=[FileSize(max_size=8 * 1024 * 1024)])
    remove_image = BooleanField(_l("Remove the current image"))
    # Honeypot: hidden from people by CSS; bots fill every field.
    extra_note = StringField(_l("Leave this field empty"))

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Unsafe countries are marked so the stylesheet can show the notice about them as soon as one is picked.
        unsafe = unsafe_countries()
        self.country.choices = [("", "—")] + [
            (code, name, {"data-place-private": ""}) if code in unsafe else (code, name)
            for code, name in sorted(country_names().items(), key=lambda pair: pair[1])
        ]
        self.unsafe_country_names = [country_name(code) for code in unsafe]
        self.occurrence.choices = [("", _l("None"))] + [
            (f"{cdate.id}:{on.isoformat()}", f"{cdate.translated('name')} — {on.isoformat()}")
            for cdate, on in occurrences
        ]
        self.prisoner_ids.choices = []  # filled by tracker.events.editing.offer_dedications
        # How many people the search box matched, once someone searched (tracker.events.editing).
        self.dedication_matches: int | None = None
        self.language.choices = [(code, language_name(code)) for code in EVENT_LANGUAGES]
        self.timezone.choices = timezone_choices(self.timezone.data)
        # The start already stored (editing): an event that has begun may still be corrected.
        self.stored_start: datetime | None = None

    @property
    def searching(self) -> bool:
        """Whether the post only asked to narrow the list of people (nothing is saved)."""
        return bool(self.is_submitted() and self.dedication_search.data)

    @property
    def place_private(self) -> bool:
        """Whether the chosen country is one where the place will not be published."""
        return bool(self.country.data) and self.country.data in unsafe_countries()

    def validate_description(self, field) -> None:
        """Limit links, the mark of spam."""
        limit = current_app.config["EVENTS_MAX_LINKS"]
        if count_links(field.data) > limit:
            raise ValidationError(_l("A description may hold at most %(n)s links.", n=limit))

    def validate_ends_at(self, field) -> None:
        """End after start, in a plausible year (far-off years overflow time zone arithmetic)."""
        self.validate_starts_at(field)
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_starts_at(self, field) -> None:
        """Refuse implausible years."""
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError(_l("Check the year in “{field}”: events from 2000 to 2100 are accepted."))

    def offer_zone(self, zone: str) -> None:
        """Show a stored zone as chosen, even one the list offers only under another name's clock."""
        self.timezone.data = zone
        self.timezone.choices = timezone_choices(zone)

    def validate_timezone(self, field) -> None:
        """A canonical zone from the list; none chosen takes the country's, when it has only one."""
        if field.data:
            if not is_canonical_timezone(field.data):
                raise ValidationError(_l("Choose the time zone from the list."))
            return
        zone = country_zone(self.country.data or "")
        if zone:
            field.data = zone
        elif country_timezones(self.country.data or ""):
            raise ValidationError(
                _l(
                    "%(country)s has several time zones: choose the one of the place.",
                    country=country_name(self.country.data),
                )
            )
        else:
            raise ValidationError(_l("Choose the time zone of the event, or the country below to use its zone."))

    def _check_start(self, now: datetime) -> bool:
        """The start exists on the local clock and has not passed."""
        start = self.starts_at.data
        if self.timezone.errors or not start or self.starts_at.errors:
            return True
        if in_dst_gap(start, self.timezone.data):
            message = _l(
                "%(time)s on %(day)s does not exist in %(zone)s: the clocks go forward at that hour. "
                "Choose a time an hour later.",
                time=start.strftime("%H:%M"), day=start.date().isoformat(), zone=self.timezone.data,
            )  # fmt: skip
            self.starts_at.errors = [*self.starts_at.errors, message]
            return False
        starts = self.utc(start)
        if starts < now and starts != self.stored_start:
            self.starts_at.errors = [
                *self.starts_at.errors,
                _l("The start is in the past. Check the date and the year: events are listed before they happen."),
            ]
            return False
        return True

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: an event needs a place or a link (Optional() skips empty fields' own checks)."""
        # One-line fields (title, venue, …) refuse line breaks through the base form (tracker.core.forms).
        valid = super().validate(extra_validators)
        valid = self._check_start(utcnow()) and valid
        if not (self.city.data or "").strip() and not (self.online_url.data or "").strip():
            self.city.errors = [*self.city.errors, _l("Give a city, an online link, or both.")]
            valid = False
        return valid

    def validate_country(self, field) -> None:
        """An in-person event needs its country."""
        if (self.city.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose the country of the city."))

    def validate_tags(self, field) -> None:
        """A few short tags made of letters, digits and hyphens."""
        tags = parse_tags(field.data)
        if len(tags) > MAX_TAGS:
            raise ValidationError(_l("Use at most %(n)s tags.", n=MAX_TAGS))
        if any(not TAG.match(tag) for tag in tags):
            raise ValidationError(_l("Tags use letters, digits and hyphens, up to 30 characters each."))

    def validate_extra_note(self, field) -> None:
        """The honeypot must stay empty."""
        if field.data:
            raise ValidationError(_l("Leave this field empty."))

    def utc(self, local: datetime) -> datetime:
        """A wall-clock time in the chosen zone, as UTC."""
        return local.replace(tzinfo=ZoneInfo(self.timezone.data)).astimezone(UTC)

    def occurrence_value(self) -> tuple[int | None, object]:
        """(commemorative date id, occurrence date) chosen, or (None, None)."""
        if not self.occurrence.data:
            return None, None
        date_id, _, on = self.occurrence.data.partition(":")
        return int(date_id), date.fromisoformat(on)


class ApproveForm(TrackerForm):
    """Approve; when there is an image, the moderator says they checked it for faces."""

    faces_checked = BooleanField(_l("I looked at the image: it shows no face anyone could recognise"))


class RejectForm(TrackerForm):
    """Reject with a reason the submitter reads."""

    reason = TextAreaField(
        _l("Reason (sent to the submitter)"), validators=[DataRequired(_l("Give a reason.")), Length(max=2000)]
    )


class EventFilterForm(TrackerForm):
    """Filters of a public event list, read from the query string."""

    class Meta:
        csrf = False

    country = StringField(_l("Country"), validators=[Optional(), Length(max=2)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    mode = SelectField(
        _l("Kind"),
        choices=lambda: [("", _l("Any")), *MODE_LABELS.items()],
        validators=[Optional(strip_whitespace=False)],
    )
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=30)])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])

    def validate_country(self, field) -> None:
        """A known two-letter country code."""
        if field.data and field.data.upper() not in country_names("en"):
            raise ValidationError(_l("Unknown country code."))
        field.data = (field.data or "").upper()

    def validate_tag(self, field) -> None:
        """A tag as submitted."""
        if field.data and not TAG.match(field.data.strip().lower()):
            raise ValidationError(_l("Tags use letters, digits and hyphens, up to 30 characters each."))

    def validate_start(self, field) -> None:
        """A plausible year (date arithmetic overflows at the ends of the calendar)."""
        if field.data and not 1900 <= field.data.year <= 2200:
            raise ValidationError(_l("Check the year in “{field}”: from 1900 to 2200."))

    def validate_end(self, field) -> None:
        """A plausible range that runs forward."""
        self.validate_start(field)
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the range is before its start."))

    def to_search(self) -> EventSearch:
        """The validated filters as plain values for the event services."""
        return EventSearch(
            country=self.country.data or "",
            city=(self.city.data or "").strip(),
            mode=self.mode.data or "",
            tag=(self.tag.data or "").strip().lower(),
            date_from=self.start.data,
            date_to=self.end.data,
            q=(self.q.data or "").strip(),
        )
