"""Upcoming occurrences: commemorative dates plus dates derived from the public records.

Only publicly named prisoners and published timeline entries ever reach an occurrence;
a postal address is carried only when it may be shown.
"""

import calendar
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.dates.models import DEFAULT_TIMEZONE, CommemorativeDate
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner
from tracker.prisoners.services import named_prisoners
from tracker.prisoners.timeline import custody_periods, status_from_entries, visible_entries

# SEQUENCE for derived dates counts seconds since this moment, so it only ever grows.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
DAY_MILESTONE = 1000


class DateKind(enum.StrEnum):
    """Kinds of dates on the calendar; each has its own feed."""

    COMMEMORATIVE = "commemorative"
    BIRTHDAY = "birthday"
    DETENTION_ANNIVERSARY = "detention-anniversary"
    DEATH_ANNIVERSARY = "death-anniversary"
    TRIAL_HEARING = "trial-hearing"
    EXPECTED_RELEASE = "expected-release"


KIND_LABELS = {
    DateKind.COMMEMORATIVE: _l("Days of solidarity and remembrance"),
    DateKind.BIRTHDAY: _l("Birthdays of prisoners"),
    DateKind.DETENTION_ANNIVERSARY: _l("Anniversaries of detention"),
    DateKind.DEATH_ANNIVERSARY: _l("Anniversaries of deaths in custody"),
    DateKind.TRIAL_HEARING: _l("Announced trial hearings"),
    DateKind.EXPECTED_RELEASE: _l("Expected release dates"),
}


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


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return _SEQUENCE_EPOCH
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _sequence_from(moment: datetime) -> int:
    return max(0, int((moment - _SEQUENCE_EPOCH).total_seconds()))


def letter_address(prisoner: Prisoner, today: date) -> str:
    """The postal address for letters, or "" when it must not be shown."""
    if prisoner.name_withheld or prisoner.address_hidden or not prisoner.postal_address:
        return ""
    if not status_from_entries(prisoner.timeline, on=today).in_custody:
        return ""
    return prisoner.postal_address.strip()


def commemorative_occurrences(dates: Iterable[CommemorativeDate], first: date, last: date) -> list[Occurrence]:
    """Occurrences of commemorative dates between two days."""
    found = []
    for commemorative_date in dates:
        for on in commemorative_date.occurrences_between(first, last):
            found.append(
                Occurrence(
                    kind=DateKind.COMMEMORATIVE,
                    on=on,
                    title=commemorative_date.name,
                    uid=f"date-{commemorative_date.id}-{on.year}",
                    sequence=commemorative_date.revision or 0,
                    changed_at=_aware(commemorative_date.updated_at),
                    timezone=commemorative_date.timezone or DEFAULT_TIMEZONE,
                    description=commemorative_date.description or "",
                    commemorative_date=commemorative_date,
                )
            )
    return found


def _years(first: date, last: date) -> range:
    return range(first.year, last.year + 1)


def prisoner_occurrences(
    prisoners: Iterable[Prisoner], first: date, last: date, *, today: date, locale: str = "en"
) -> list[Occurrence]:
    """Birthdays, detention and death anniversaries, hearings and expected releases between two days."""
    found: list[Occurrence] = []
    for prisoner in prisoners:
        if prisoner.name_withheld:
            continue
        name = prisoner.display_name(locale)
        changed_at = _aware(prisoner.updated_at)
        common = {"prisoner": prisoner, "changed_at": changed_at, "sequence": _sequence_from(changed_at)}
        held_now = status_from_entries(prisoner.timeline, on=today).in_custody
        address = letter_address(prisoner, today)
        if held_now and prisoner.birth_date:
            for year in _years(first, last):
                on = anniversary(prisoner.birth_date, year)
                if year > prisoner.birth_date.year and first <= on <= last:
                    found.append(
                        Occurrence(
                            kind=DateKind.BIRTHDAY,
                            on=on,
                            title=_("Birthday of %(name)s", name=name),
                            uid=f"birthday-{prisoner.id}-{year}",
                            description=_("A good day to send a card."),
                            letter_address=address,
                            **common,
                        )
                    )
        periods = custody_periods(prisoner.timeline)
        current = periods[-1] if periods and periods[-1].end is None and periods[-1].start <= today else None
        if held_now and current is not None:
            found.extend(_detention_anniversaries(current.start, first, last, name, address, common))
        for entry in visible_entries(prisoner.timeline, public=True):
            if entry.kind == EventKind.DEATH_IN_CUSTODY:
                for year in _years(first, last):
                    on = anniversary(entry.occurred_on, year)
                    years = year - entry.occurred_on.year
                    if years >= 1 and first <= on <= last:
                        found.append(
                            Occurrence(
                                kind=DateKind.DEATH_ANNIVERSARY,
                                on=on,
                                title=ngettext(
                                    "%(num)d year since %(name)s died in custody",
                                    "%(num)d years since %(name)s died in custody",
                                    years,
                                    name=name,
                                ),
                                uid=f"death-{entry.id}-{year}",
                                **common,
                            )
                        )
            elif entry.kind == EventKind.TRIAL_HEARING and first <= entry.occurred_on <= last:
                found.append(
                    Occurrence(
                        kind=DateKind.TRIAL_HEARING,
                        on=entry.occurred_on,
                        title=_("Trial hearing: %(name)s", name=name),
                        uid=f"hearing-{entry.id}",
                        description=entry.note or "",
                        **common,
                    )
                )
        if held_now and prisoner.expected_release_on and first <= prisoner.expected_release_on <= last:
            found.append(
                Occurrence(
                    kind=DateKind.EXPECTED_RELEASE,
                    on=prisoner.expected_release_on,
                    title=_("Expected release: %(name)s", name=name),
                    uid=f"release-{prisoner.id}",
                    letter_address=address,
                    **common,
                )
            )
    return found


def _detention_anniversaries(
    start: date, first: date, last: date, name: str, address: str, common: dict
) -> list[Occurrence]:
    found = []
    for year in _years(first, last):
        on = anniversary(start, year)
        years = year - start.year
        if years >= 1 and first <= on <= last:
            found.append(
                Occurrence(
                    kind=DateKind.DETENTION_ANNIVERSARY,
                    on=on,
                    title=ngettext(
                        "%(num)d year since %(name)s was detained",
                        "%(num)d years since %(name)s was detained",
                        years,
                        name=name,
                    ),
                    uid=f"detention-{common['prisoner'].id}-{start.isoformat()}-{years}y",
                    letter_address=address,
                    **common,
                )
            )
    days = max(1, -(-(first - start).days // DAY_MILESTONE)) * DAY_MILESTONE
    while start + timedelta(days=days) <= last:
        on = start + timedelta(days=days)
        found.append(
            Occurrence(
                kind=DateKind.DETENTION_ANNIVERSARY,
                on=on,
                title=_("%(days)s days since %(name)s was detained", days=format_decimal(days), name=name),
                uid=f"detention-{common['prisoner'].id}-{start.isoformat()}-{days}d",
                letter_address=address,
                **common,
            )
        )
        days += DAY_MILESTONE
    return found


def upcoming_occurrences(
    first: date, last: date, *, today: date, kind: DateKind | None = None, locale: str = "en"
) -> list[Occurrence]:
    """Every occurrence between two days (optionally of one kind), soonest first."""
    occurrences: list[Occurrence] = []
    if kind in (None, DateKind.COMMEMORATIVE):
        occurrences += commemorative_occurrences(db.session.scalars(select(CommemorativeDate)), first, last)
    if kind != DateKind.COMMEMORATIVE:
        occurrences += prisoner_occurrences(named_prisoners(), first, last, today=today, locale=locale)
    if kind is not None:
        occurrences = [occurrence for occurrence in occurrences if occurrence.kind == kind]
    return sorted(
        occurrences, key=lambda occurrence: (occurrence.on, list(DateKind).index(occurrence.kind), occurrence.title)
    )
