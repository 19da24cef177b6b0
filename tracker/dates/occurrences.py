"""Upcoming occurrences: commemorative dates plus dates derived from the public records.

Only publicly named prisoners and published timeline entries ever reach an occurrence;
a postal address is carried only when it may be shown.
"""

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.dates.candidates import window_condition
from tracker.dates.kinds import DAY_MILESTONE, DateKind
from tracker.dates.models import DEFAULT_TIMEZONE, CommemorativeDate, Recurrence
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry
from tracker.prisoners.services import named_prisoners
from tracker.prisoners.timeline import custody_periods, status_from_entries, visible_entries
from tracker.timeutil import as_utc

# SEQUENCE for derived dates counts seconds since this moment, so it only ever grows.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


KIND_LABELS = {
    DateKind.COMMEMORATIVE: _l("Days of solidarity and remembrance"),
    DateKind.BIRTHDAY: _l("Birthdays of prisoners"),
    DateKind.DETENTION_ANNIVERSARY: _l("Anniversaries of detention"),
    DateKind.DEATH_ANNIVERSARY: _l("Anniversaries of deaths in custody"),
    DateKind.TRIAL_HEARING: _l("Announced trial hearings"),
    DateKind.EXPECTED_RELEASE: _l("Expected release dates"),
}


@dataclass(frozen=True)
class YearlySeries:
    """The yearly series an occurrence belongs to: one all-day event with a yearly rule in calendars.

    `first` is the series' first day, chosen so it never moves while the series exists (a UID with
    another DTSTART every year would look to calendar apps like an edited event).
    """

    uid: str
    first: date
    # The day it marks; 29 February falls on 28 February in common years (see `anniversary`).
    month: int
    day: int


@dataclass(frozen=True)
class Occurrence:
    """One day on the calendar, computed in its own time zone."""

    kind: DateKind
    on: date
    title: str
    uid: str
    sequence: int
    changed_at: datetime
    timezone: str = DEFAULT_TIMEZONE
    description: str = ""
    commemorative_date: CommemorativeDate | None = None
    prisoner: Prisoner | None = None
    # Empty unless the address may be published (named, held now, address not hidden).
    letter_address: str = ""
    # Set for dates that come back every year with the same text: commemorative days and birthdays.
    series: YearlySeries | None = None
    extra: dict = field(default_factory=dict)

    @property
    def starts_at(self) -> datetime:
        """Local midnight at the start of the day, in UTC."""
        return local_midnight(self.on, self.timezone)

    @property
    def ends_at(self) -> datetime:
        """Local midnight at the end of the day, in UTC."""
        return local_midnight(self.on + timedelta(days=1), self.timezone)

    @property
    def local_start(self) -> datetime:
        """The start of the day in its own zone."""
        return self.starts_at.astimezone(ZoneInfo(self.timezone))


def local_midnight(on: date, zone_name: str) -> datetime:
    """The UTC instant at which `on` begins in the zone."""
    return datetime.combine(on, time(0), tzinfo=ZoneInfo(zone_name)).astimezone(UTC)


def anniversary(original: date, year: int) -> date:
    """`original` moved to `year`; 29 February falls on 28 February in common years."""
    if original.month == 2 and original.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return original.replace(year=year)


def _changed_at(moment: datetime | None) -> datetime:
    """When a stored row last changed, as aware UTC; a row never changed counts from the epoch."""
    return as_utc(moment) or _SEQUENCE_EPOCH


def _sequence_from(moment: datetime) -> int:
    return max(0, int((moment - _SEQUENCE_EPOCH).total_seconds()))


def letter_address(prisoner: Prisoner, today: date) -> str:
    """The postal address for letters, or "" when it must not be shown."""
    if prisoner.name_withheld:
        return ""
    in_custody = status_from_entries(prisoner.timeline, on=today).in_custody
    return (prisoner.public_letter_address(in_custody) or "").strip()


def _date_series(commemorative_date: CommemorativeDate) -> YearlySeries | None:
    """An annual date's series, from its occurrence in the year it was entered (which never changes)."""
    if commemorative_date.recurrence != Recurrence.ANNUAL:
        return None
    entered = _changed_at(commemorative_date.created_at).year
    return YearlySeries(
        uid=f"date-{commemorative_date.id}",
        first=commemorative_date.occurrence_in(entered),
        month=commemorative_date.month,
        day=commemorative_date.day,
    )


def commemorative_occurrences(dates: Iterable[CommemorativeDate], first: date, last: date) -> list[Occurrence]:
    """Occurrences of commemorative dates between two days."""
    found = []
    for commemorative_date in dates:
        series = _date_series(commemorative_date)
        for on in commemorative_date.occurrences_between(first, last):
            found.append(
                Occurrence(
                    kind=DateKind.COMMEMORATIVE,
                    on=on,
                    title=commemorative_date.translated("name"),
                    uid=f"date-{commemorative_date.id}-{on.year}",
                    sequence=commemorative_date.revision or 0,
                    changed_at=_changed_at(commemorative_date.updated_at),
                    timezone=commemorative_date.timezone or DEFAULT_TIMEZONE,
                    description=commemorative_date.translated("description"),
                    commemorative_date=commemorative_date,
                    series=series,
                )
            )
    return found


def _years(first: date, last: date) -> range:
    return range(first.year, last.year + 1)


@dataclass(frozen=True)
class _Subject:
    """A named prisoner as their occurrences show them."""

    prisoner: Prisoner
    name: str  # in the reader's language
    letter_address: str
    changed_at: datetime

    def occurrence(self, **fields) -> Occurrence:
        """An occurrence about this prisoner, versioned by the record's last change."""
        return Occurrence(
            prisoner=self.prisoner, changed_at=self.changed_at, sequence=_sequence_from(self.changed_at), **fields
        )


def prisoner_occurrences(
    prisoners: Iterable[Prisoner], first: date, last: date, *, today: date, locale: str = "en"
) -> list[Occurrence]:
    """Birthdays, detention and death anniversaries, hearings and expected releases between two days."""
    found: list[Occurrence] = []
    for prisoner in prisoners:
        if prisoner.name_withheld:
            continue
        subject = _Subject(
            prisoner=prisoner,
            name=prisoner.display_name(locale),
            letter_address=letter_address(prisoner, today),
            changed_at=_changed_at(prisoner.updated_at),
        )
        # Birthdays, detention anniversaries and releases are for writing to someone held now.
        held_now = status_from_entries(prisoner.timeline, on=today).in_custody
        # Birthday lists are one of the outputs a family can keep the person out of.
        if held_now and not prisoner.kept_off_lists:
            start = _current_detention(prisoner, today)
            found.extend(_birthdays(subject, start or today, first, last))
            if start is not None:
                found.extend(_detention_anniversaries(subject, start, first, last))
        found.extend(_timeline_dates(subject, first, last))
        if held_now:
            found.extend(_expected_release(subject, first, last))
    return found


def _current_detention(prisoner: Prisoner, today: date) -> date | None:
    """The start of the custody the prisoner is in today, if any."""
    periods = custody_periods(prisoner.timeline)
    if periods and periods[-1].end is None and periods[-1].start <= today:
        return periods[-1].start
    return None


def _birthdays(subject: _Subject, held_since: date, first: date, last: date) -> Iterator[Occurrence]:
    """Birthdays while held: a yearly series from the first birthday of the current detention.

    The series starts there, not at birth, so a calendar shows no birthday from before the custody
    and the birth year is not published in it.
    """
    birth_date = subject.prisoner.birth_date
    if not birth_date:
        return
    first_in_custody = anniversary(birth_date, held_since.year)
    if first_in_custody < held_since:
        first_in_custody = anniversary(birth_date, held_since.year + 1)
    series = YearlySeries(
        uid=f"birthday-{subject.prisoner.slug}", first=first_in_custody, month=birth_date.month, day=birth_date.day
    )
    for year in _years(first, last):
        on = anniversary(birth_date, year)
        if year > birth_date.year and first <= on <= last:
            yield subject.occurrence(
                kind=DateKind.BIRTHDAY,
                on=on,
                title=_("Birthday of %(name)s", name=subject.name),
                uid=f"birthday-{subject.prisoner.slug}-{year}",
                description=_("A good day to send a card."),
                letter_address=subject.letter_address,
                series=series,
            )


def _detention_anniversaries(subject: _Subject, start: date, first: date, last: date) -> Iterator[Occurrence]:
    """Whole years, then every DAY_MILESTONE days, since the current detention began."""
    prisoner_key = subject.prisoner.slug
    for year in _years(first, last):
        on = anniversary(start, year)
        years = year - start.year
        if years >= 1 and first <= on <= last:
            yield subject.occurrence(
                kind=DateKind.DETENTION_ANNIVERSARY,
                on=on,
                title=ngettext(
                    "%(num)d year since %(name)s was detained",
                    "%(num)d years since %(name)s was detained",
                    years,
                    name=subject.name,
                ),
                uid=f"detention-{prisoner_key}-{start.isoformat()}-{years}y",
                letter_address=subject.letter_address,
            )
    days = max(1, -(-(first - start).days // DAY_MILESTONE)) * DAY_MILESTONE
    while start + timedelta(days=days) <= last:
        yield subject.occurrence(
            kind=DateKind.DETENTION_ANNIVERSARY,
            on=start + timedelta(days=days),
            title=_("%(days)s days since %(name)s was detained", days=format_decimal(days), name=subject.name),
            uid=f"detention-{prisoner_key}-{start.isoformat()}-{days}d",
            letter_address=subject.letter_address,
        )
        days += DAY_MILESTONE


def _timeline_dates(subject: _Subject, first: date, last: date) -> Iterator[Occurrence]:
    """Death anniversaries and trial hearings, from the published timeline, in its order."""
    for entry in visible_entries(subject.prisoner.timeline, public=True):
        if entry.kind == EventKind.DEATH_IN_CUSTODY:
            yield from _death_anniversaries(subject, entry, first, last)
        elif entry.kind == EventKind.TRIAL_HEARING and first <= entry.occurred_on <= last:
            yield subject.occurrence(
                kind=DateKind.TRIAL_HEARING,
                on=entry.occurred_on,
                title=_("Trial hearing: %(name)s", name=subject.name),
                uid=f"hearing-{subject.prisoner.slug}-{entry.occurred_on.isoformat()}",
                description=entry.note or "",
            )


def _death_anniversaries(subject: _Subject, entry: TimelineEntry, first: date, last: date) -> Iterator[Occurrence]:
    for year in _years(first, last):
        on = anniversary(entry.occurred_on, year)
        years = year - entry.occurred_on.year
        if years >= 1 and first <= on <= last:
            yield subject.occurrence(
                kind=DateKind.DEATH_ANNIVERSARY,
                on=on,
                title=ngettext(
                    "%(num)d year since %(name)s died in custody",
                    "%(num)d years since %(name)s died in custody",
                    years,
                    name=subject.name,
                ),
                uid=f"death-{subject.prisoner.slug}-{year}",
            )


def _expected_release(subject: _Subject, first: date, last: date) -> Iterator[Occurrence]:
    release_on = subject.prisoner.expected_release_on
    if release_on and first <= release_on <= last:
        yield subject.occurrence(
            kind=DateKind.EXPECTED_RELEASE,
            on=release_on,
            title=_("Expected release: %(name)s", name=subject.name),
            uid=f"release-{subject.prisoner.slug}",
            letter_address=subject.letter_address,
        )


def upcoming_occurrences(
    first: date, last: date, *, today: date, kind: DateKind | None = None, locale: str = "en"
) -> list[Occurrence]:
    """Every occurrence between two days (optionally of one kind), soonest first."""
    occurrences: list[Occurrence] = []
    if kind in (None, DateKind.COMMEMORATIVE):
        occurrences += commemorative_occurrences(db.session.scalars(select(CommemorativeDate)), first, last)
    if kind != DateKind.COMMEMORATIVE:
        prisoners = named_prisoners(matching=window_condition(first, last, kind))
        occurrences += prisoner_occurrences(prisoners, first, last, today=today, locale=locale)
    if kind is not None:
        occurrences = [occurrence for occurrence in occurrences if occurrence.kind == kind]
    return sorted(
        occurrences, key=lambda occurrence: (occurrence.on, list(DateKind).index(occurrence.kind), occurrence.title)
    )
