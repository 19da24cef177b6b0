"""The named records that may have a date in a window, picked in SQL before any record is loaded.

Working out a record's dates needs its whole timeline, so a week of the calendar that went through
every named record loaded the whole register to show a few thousand of them. The database keeps
instead the records with a birthday, a detention start or a death in custody on one of the window's
days of the year, a detention start a whole number of DAY_MILESTONE days before one of its days, or
a hearing or an expected release inside it.

tracker.dates.occurrences stays the one place that says what a date is: this only narrows the
records it is given. A record picked here with nothing in the window (a detention start that
is not the current custody's, a birthday of someone released) simply adds no date.
"""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, extract, false, or_, select

from tracker.dates.kinds import DAY_MILESTONE, DateKind
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry
from tracker.prisoners.services import month_days
from tracker.prisoners.timeline import CUSTODY_KINDS, opens_custody

# Milestones are looked for this far back: longer than anyone has been held.
LONGEST_CUSTODY = timedelta(days=120 * 366)


def window_condition(first: date, last: date, kind: DateKind | None = None) -> ColumnElement[bool] | None:
    """SQL, per prisoner row: whether it may have a date of `kind` (None: any kind) from `first` to `last`.

    None when every record may: a window of a year or more holds every day of the year.
    """
    days = month_days(first, last)
    if days is None:
        return None
    wanted = set(DateKind) if kind is None else {kind}
    record = [condition for each, condition in _record_conditions(first, last, days).items() if each in wanted]
    timeline = [condition for each, condition in _timeline_conditions(first, last, days).items() if each in wanted]
    if timeline:
        entries = select(TimelineEntry.prisoner_id).where(TimelineEntry.published.is_(True), or_(*timeline))
        record.append(Prisoner.id.in_(entries))
    return or_(*record) if record else false()


def _day_of_year(column) -> ColumnElement[int]:
    """month * 100 + day, as tracker.prisoners.services.month_days writes them."""
    return extract("month", column) * 100 + extract("day", column)


def _record_conditions(first: date, last: date, days: list[int]) -> dict[DateKind, ColumnElement[bool]]:
    """Dates kept on the record itself."""
    return {
        DateKind.BIRTHDAY: Prisoner.birth_date.is_not(None) & _day_of_year(Prisoner.birth_date).in_(days),
        DateKind.EXPECTED_RELEASE: Prisoner.expected_release_on.between(first, last),
    }


def _timeline_conditions(first: date, last: date, days: list[int]) -> dict[DateKind, ColumnElement[bool]]:
    """Dates from the timeline, as conditions on one of its entries."""
    on = TimelineEntry.occurred_on
    milestones = range(1, LONGEST_CUSTODY.days // DAY_MILESTONE + 1)
    # start + k * DAY_MILESTONE falls in the window when start falls in the window moved back k milestones.
    milestone_starts = [
        on.between(first - timedelta(days=k * DAY_MILESTONE), last - timedelta(days=k * DAY_MILESTONE))
        for k in milestones
    ]
    return {
        # The opening test last: it looks up earlier entries, so it runs only for entries on the right days.
        DateKind.DETENTION_ANNIVERSARY: TimelineEntry.kind.in_(CUSTODY_KINDS)
        & or_(_day_of_year(on).in_(days), *milestone_starts)
        & opens_custody(),
        DateKind.DEATH_ANNIVERSARY: (TimelineEntry.kind == EventKind.DEATH_IN_CUSTODY) & _day_of_year(on).in_(days),
        DateKind.TRIAL_HEARING: (TimelineEntry.kind == EventKind.TRIAL_HEARING) & on.between(first, last),
    }
