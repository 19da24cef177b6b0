"""Count figures as pages, downloads and the API read them: built once per data change and day.

Computing them walks every record's timeline; with a national registry that is seconds of work,
so each web process keeps the result until the data changes (see tracker.core.cache), and the
three figures are built together from one load of the records.
"""

from dataclasses import dataclass
from datetime import date

from tracker.core.cache import cached
from tracker.counts import services
from tracker.counts.services import CurrentCount, DayCount


@dataclass(frozen=True)
class CountFigures:
    """Everything the count pages show, for one day."""

    current: CurrentCount
    series: list[DayCount]
    breakdowns: dict[str, list[tuple[str, int]]]


def _figures(today: date) -> CountFigures:
    def build() -> CountFigures:
        facts = services.load_facts()
        return CountFigures(
            current=services.current_count(today, facts=facts),
            series=services.count_series(today, facts=facts),
            breakdowns=services.breakdowns(today, facts=facts),
        )

    return cached("count-figures", build, day=today, per_language=False)


def current_count(today: date) -> CurrentCount:
    """How many are held on `today`."""
    return _figures(today).current


def count_series(today: date, since: date | None = None) -> list[DayCount]:
    """Day-by-day count up to `today`, from `since` if given (callers must not modify the list)."""
    series = _figures(today).series
    return [day for day in series if day.on >= since] if since else series


def breakdowns(today: date) -> dict[str, list[tuple[str, int]]]:
    """Counts of those held on `today` by status, region, gender, article and place."""
    return _figures(today).breakdowns
