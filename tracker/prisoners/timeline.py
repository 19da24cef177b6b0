"""Deriving status and custody periods from a prisoner's dated timeline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, ScalarSelect, and_, or_, select
from sqlalchemy.orm import aliased

from tracker.prisoners.models import STATUS_AFTER, EventKind, Prisoner, Status, TimelineEntry
from tracker.timeutil import today_in

# The kinds that change a status (and so can open or close a custody period); the others only
# keep the record's history.
STATUS_CHANGING_KINDS: tuple[EventKind, ...] = tuple(kind for kind, after in STATUS_AFTER.items() if after is not None)
# The kinds after which a person is held: the first of them after a time out of custody opens a period.
CUSTODY_KINDS: tuple[EventKind, ...] = tuple(kind for kind, after in STATUS_AFTER.items() if after and after.in_custody)


@dataclass(frozen=True)
class CustodyPeriod:
    """Days a person was held: from `start` up to but not including `end` (None: still held)."""

    start: date
    end: date | None
    ended_by: EventKind | None


def visible_entries(entries: Iterable[TimelineEntry], *, public: bool) -> list[TimelineEntry]:
    """Entries in date order; public views leave out entries held back by editors."""
    chosen = [entry for entry in entries if entry.published or not public]
    return sorted(chosen, key=lambda entry: (entry.occurred_on, entry.id or 0))


def status_from_entries(entries: Iterable[TimelineEntry], *, on: date | None = None, public: bool = True) -> Status:
    """The status the timeline gives as of `on` (default: today in Minsk)."""
    return status_in_order(visible_entries(entries, public=public), on=on or today_in("Europe/Minsk"))


def status_in_order(entries: Iterable, *, on: date) -> Status:
    """`status_from_entries` for entries already chosen and in date order (anything with
    `occurred_on` and `kind`, the kind as an EventKind or its value)."""
    status = Status.UNKNOWN
    for entry in entries:
        if entry.occurred_on > on:
            break
        status = STATUS_AFTER[entry.kind] or status
    return status


def latest_status_change(*, on: date | ColumnElement[date], public: bool = True) -> ScalarSelect:
    """SQL, per prisoner row: the kind of its latest visible status-changing entry up to `on` (NULL if none).

    The SQL twin of status_in_order's walk: the status is the one that entry leads to, ties
    going to the later entry.
    """
    latest = (
        select(TimelineEntry.kind)
        .where(
            TimelineEntry.prisoner_id == Prisoner.id,
            TimelineEntry.occurred_on <= on,
            TimelineEntry.kind.in_(STATUS_CHANGING_KINDS),
        )
        .order_by(TimelineEntry.occurred_on.desc(), TimelineEntry.id.desc())
        .limit(1)
    )
    if public:
        latest = latest.where(TimelineEntry.published.is_(True))
    return latest.scalar_subquery()


def status_after(latest_change: EventKind | None) -> Status:
    """The status a prisoner has whose latest status-changing entry is of this kind (see latest_status_change)."""
    return Status.UNKNOWN if latest_change is None else STATUS_AFTER[latest_change]


def status_condition(status: Status, *, on: date | ColumnElement[date], public: bool = True) -> ColumnElement[bool]:
    """SQL twin of `status_from_entries`: whether a prisoner row has `status` as of `on`."""
    latest = latest_status_change(on=on, public=public)
    if status == Status.UNKNOWN:
        return latest.is_(None)
    return latest.in_([kind for kind, after in STATUS_AFTER.items() if after == status])


def opens_custody() -> ColumnElement[bool]:
    """SQL, per published timeline entry row: whether it starts a custody period (see custody_periods).

    It does when it leaves the person held and the published status-changing entry just before it
    (in the order of visible_entries) did not, or there is none.
    """
    earlier = aliased(TimelineEntry)
    before = (
        select(earlier.kind)
        .where(
            earlier.prisoner_id == TimelineEntry.prisoner_id,
            earlier.published.is_(True),
            earlier.kind.in_(STATUS_CHANGING_KINDS),
            or_(
                earlier.occurred_on < TimelineEntry.occurred_on,
                and_(earlier.occurred_on == TimelineEntry.occurred_on, earlier.id < TimelineEntry.id),
            ),
        )
        .order_by(earlier.occurred_on.desc(), earlier.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return TimelineEntry.kind.in_(CUSTODY_KINDS) & or_(before.is_(None), before.not_in(CUSTODY_KINDS))


def custody_periods(entries: Iterable[TimelineEntry], *, public: bool = True) -> list[CustodyPeriod]:
    """Custody periods the timeline describes, allowing for re-arrest after release."""
    return custody_periods_in_order(visible_entries(entries, public=public))


def custody_periods_in_order(entries: Iterable) -> list[CustodyPeriod]:
    """`custody_periods` for entries already chosen and in date order (as for `status_in_order`)."""
    periods: list[CustodyPeriod] = []
    start: date | None = None
    status = Status.UNKNOWN
    for entry in entries:
        status = STATUS_AFTER[entry.kind] or status
        if status.in_custody and start is None:
            start = entry.occurred_on
        elif not status.in_custody and start is not None:
            periods.append(CustodyPeriod(start, entry.occurred_on, entry.kind))
            start = None
    if start is not None:
        periods.append(CustodyPeriod(start, None, None))
    return periods


def days_behind_bars(periods: Iterable[CustodyPeriod], today: date) -> int:
    """Days held over every custody period up to `today`; a period still open runs to today."""
    return sum((min(period.end or today, today) - period.start).days for period in periods if period.start <= today)
