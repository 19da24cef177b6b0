"""Disclosure control: public figures that cannot single out a person who asked not to be named.

Named people's records are public one by one, so any exact public figure that includes people not
named, minus the named people a reader can list for it, tells that reader about the people not named.
The public figures therefore follow four rules (docs/privacy.md explains the threat and the limits):

- A not-named person's status changes enter public figures on the first day of the month after the
  change, so no single day's change points at one of them; the total stays right to the month.
- People not named appear in breakdowns only as their own "not named" row: none of their attributes
  (status, region, gender, article, place of detention) is published, so no combination of filters or
  tables can narrow them down.
- They are added into a public figure only when at least `k` of them are in it. Fewer are said as
  "fewer than k" beside the figure, never added into it, so no difference of two figures recovers them.
- The day-by-day detained, released and died columns count named records only.

Signed-in editors see the exact figures (`tracker.counts.figures`); nothing here changes those.
"""

import dataclasses
from datetime import date

from tracker.counts.services import (
    CurrentCount,
    DayCount,
    Facts,
    TimelineChange,
    breakdowns,
    count_series,
    current_count,
)

NOT_NAMED = "not-named"


def coarsened(day: date) -> date:
    """The first day of the month after `day`: when a not-named person's change enters public figures."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _named(facts: list[Facts]) -> list[Facts]:
    return [record for record in facts if not record.name_withheld]


def _not_named_coarsened(facts: list[Facts]) -> list[Facts]:
    return [
        dataclasses.replace(
            record, timeline=[TimelineChange(coarsened(change.occurred_on), change.kind) for change in record.timeline]
        )
        for record in facts
        if record.name_withheld
    ]


def public_current(today: date, facts: list[Facts], k: int) -> CurrentCount:
    """Held now: every named person, plus the people not named when there are at least `k` of them."""
    named = current_count(today, _named(facts)).held
    not_named = current_count(today, _not_named_coarsened(facts)).held
    added = not_named if not_named >= k else 0
    return CurrentCount(
        held=named + added,
        not_named=added,
        as_of=today,
        not_named_fewer_than=k if 0 < not_named < k else None,
    )


def public_series(today: date, facts: list[Facts], k: int) -> list[DayCount]:
    """The daily series: named people's changes on their days; people not named by month, when at least `k`."""
    named = {day.on: day for day in count_series(today, facts=_named(facts))}
    not_named = {day.on: day.held for day in count_series(today, facts=_not_named_coarsened(facts))}
    if not named and not not_named:
        return []
    series = []
    for on in sorted(named.keys() | not_named.keys()):
        day = named.get(on) or DayCount(on, 0, 0, 0, 0)
        added = not_named.get(on, 0)
        series.append(dataclasses.replace(day, held=day.held + (added if added >= k else 0)))
    return series


def public_breakdowns(today: date, facts: list[Facts], k: int) -> dict[str, list[tuple[str, int | None]]]:
    """Named people by each attribute, and one "not named" row (None when it counts fewer than `k`)."""
    tables: dict[str, list[tuple[str, int | None]]] = dict(breakdowns(today, _named(facts)))
    not_named = current_count(today, _not_named_coarsened(facts)).held
    if not_named:
        row = (NOT_NAMED, not_named if not_named >= k else None)
        tables = {key: [*rows, row] for key, rows in tables.items()}
    return tables


def public_registry_count(not_named_records: int, k: int) -> int | None:
    """How many records are not named, as published: None when fewer than `k` (and more than none)."""
    return not_named_records if not_named_records == 0 or not_named_records >= k else None
