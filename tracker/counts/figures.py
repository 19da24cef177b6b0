"""Count figures as pages, downloads and the API read them: built once per data change and day.

The public figures follow the disclosure rules of tracker.counts.disclosure; `exact=True` gives
the unprotected figures, for signed-in editors only.

Computing them walks every record's timeline, seconds of work with a national registry. So the
scheduler builds them after each change and stores them (see tracker.counts.jobs), each web process
keeps what it read until the data changes (see tracker.core.cache), and a process that finds
nothing stored yet for the current data builds them itself rather than show old figures.
"""

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

from flask import current_app

from tracker.core.cache import cached, cached_generation
from tracker.counts import disclosure, services
from tracker.counts.services import CurrentCount, DayCount
from tracker.prisoners.services import withheld_count
from tracker.timeutil import today_in


@dataclass(frozen=True)
class CountFigures:
    """Everything the count pages show, for one day."""

    current: CurrentCount
    series: list[DayCount]
    breakdowns: dict[str, list[tuple[str, int | None]]]

    def to_json(self) -> str:
        """The figures as compact JSON, for the shared store."""
        return json.dumps(
            {
                "current": asdict(self.current),
                "series": [[day.on, day.held, day.detained, day.released, day.died] for day in self.series],
                "breakdowns": self.breakdowns,
            },
            default=date.isoformat,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, payload: str) -> "CountFigures":
        """Figures read back from `to_json`."""
        data = json.loads(payload)
        current = data["current"]
        return cls(
            current=CurrentCount(
                current["held"],
                current["not_named"],
                date.fromisoformat(current["as_of"]),
                current.get("not_named_fewer_than"),
            ),
            series=[DayCount(date.fromisoformat(on), *numbers) for on, *numbers in data["series"]],
            breakdowns={key: [(value, count) for value, count in rows] for key, rows in data["breakdowns"].items()},
        )


def display_today(now: datetime | None = None) -> date:
    """The day the count pages count for: today (or `now`'s day) in the display time zone."""
    return today_in(current_app.config["DISPLAY_TIMEZONE"], now)


def compute_figures(today: date, *, exact: bool = False) -> CountFigures:
    """The three figures, from one load of the records: public ones unless `exact`."""
    facts = services.load_facts()
    if exact:
        return CountFigures(
            current=services.current_count(today, facts=facts),
            series=services.count_series(today, facts=facts),
            breakdowns=services.breakdowns(today, facts=facts),
        )
    k = current_app.config["DISCLOSURE_MIN_CELL"]
    return CountFigures(
        current=disclosure.public_current(today, facts, k),
        series=disclosure.public_series(today, facts, k),
        breakdowns=disclosure.public_breakdowns(today, facts, k),
    )


def _figures(today: date, exact: bool) -> CountFigures:
    if exact:
        return cached("exact-count-figures", lambda: compute_figures(today, exact=True), day=today, per_language=False)

    def build() -> CountFigures:
        payload = services.stored_figures_payload(cached_generation(), today)
        return CountFigures.from_json(payload) if payload is not None else compute_figures(today)

    return cached("count-figures", build, day=today, per_language=False)


def current_count(today: date, *, exact: bool = False) -> CurrentCount:
    """How many are held on `today`."""
    return _figures(today, exact).current


def count_series(today: date, since: date | None = None, *, exact: bool = False) -> list[DayCount]:
    """Day-by-day count up to `today`, from `since` if given (callers must not modify the list)."""
    series = _figures(today, exact).series
    return [day for day in series if day.on >= since] if since else series


def breakdowns(today: date, *, exact: bool = False) -> dict[str, list[tuple[str, int | None]]]:
    """Counts of those held on `today` by status, region, gender, article and place."""
    return _figures(today, exact).breakdowns


def public_not_named_records(today: date) -> int | None:
    """The registry's number of not-named records as published: those entered before this month,
    None when fewer than the threshold (tracker.counts.disclosure)."""
    entered = withheld_count(entered_before=today.replace(day=1))
    return disclosure.public_registry_count(entered, current_app.config["DISCLOSURE_MIN_CELL"])
