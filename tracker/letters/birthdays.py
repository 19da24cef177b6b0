"""The monthly list of birthdays of people held, with the addresses letters may go to.

Built from the calendar's own birthday dates (tracker.dates.occurrences, which already leaves out
people not named, kept off lists or not held by the published timeline), then narrowed to people
still held by the whole timeline (a release held back from public pages ends the letters too)
and to whom letters are advised: a card list must not send cards where mail may hurt.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from tracker.dates.occurrences import DateKind, Occurrence, upcoming_occurrences
from tracker.prisoners.models import Region
from tracker.prisoners.timeline import status_from_entries

# Months before and after the current one that have a list.
MONTHS_AROUND = 12


@dataclass(frozen=True)
class Birthday:
    """One birthday on the list, with only what may be published."""

    on: date
    name: str
    slug: str
    region: Region
    letter_address: str
    is_sample: bool


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_offset(year: int, month: int, today: date) -> int:
    """How many months `year`-`month` lies after the current month (negative: before)."""
    return (year - today.year) * 12 + month - today.month


def shifted_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The month `by` months after `year`-`month`."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def has_list(year: int, month: int, today: date) -> bool:
    """Whether the month is one the site lists (a valid month near the current one)."""
    return 1 <= month <= 12 and abs(month_offset(year, month, today)) <= MONTHS_AROUND


def birthday_occurrences(first: date, last: date, *, today: date, locale: str) -> list[Occurrence]:
    """Birthdays between two days of people held now by their whole timeline, letters advised."""
    occurrences = upcoming_occurrences(first, last, today=today, kind=DateKind.BIRTHDAY, locale=locale)
    return [
        occurrence
        for occurrence in occurrences
        if occurrence.prisoner is not None
        and not occurrence.prisoner.letters_not_advised
        and status_from_entries(occurrence.prisoner.timeline, on=today, public=False).in_custody
    ]


def birthdays_between(first: date, last: date, *, today: date, locale: str) -> list[Birthday]:
    """Birthdays between two days, by day, as plain values a page can keep between requests."""
    return [
        Birthday(
            on=occurrence.on,
            name=occurrence.prisoner.display_name(locale),
            slug=occurrence.prisoner.slug,
            region=occurrence.prisoner.region,
            letter_address=occurrence.letter_address,
            is_sample=occurrence.prisoner.is_sample,
        )
        for occurrence in birthday_occurrences(first, last, today=today, locale=locale)
    ]


def birthdays_in_month(year: int, month: int, *, today: date, locale: str) -> list[Birthday]:
    """The month's birthdays, by day."""
    first, last = month_bounds(year, month)
    return birthdays_between(first, last, today=today, locale=locale)
