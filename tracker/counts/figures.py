"""Count figures as pages, downloads and the API read them: built once per data change and day.

Computing them walks every record's timeline; with a national registry that is seconds of work,
so each web process keeps the result until the data changes (see tracker.core.cache).
"""

from datetime import date

from tracker.core.cache import cached
from tracker.counts import services
from tracker.counts.services import CurrentCount, DayCount


def current_count(today: date) -> CurrentCount:
    """How many are held on `today`."""
    return cached("current-count", lambda: services.current_count(today), day=today, per_language=False)


def count_series(today: date, since: date | None = None) -> list[DayCount]:
    """Day-by-day count up to `today`, from `since` if given (callers must not modify the list)."""
    series = cached("count-series", lambda: services.count_series(today), day=today, per_language=False)
    return [day for day in series if day.on >= since] if since else series


def breakdowns(today: date) -> dict[str, list[tuple[str, int]]]:
    """Counts of those held on `today` by status, region, gender, article and place."""
    return cached("breakdowns", lambda: services.breakdowns(today), day=today, per_language=False)
