"""Optional section (`--pages`): the pages people quote most, timed in-process at full scale.

Over the benchmark dataset: each URL once to warm the process (its caches included), then the
median of a few runs through the test client, with the HTML size against the 60 KB page budget.
No targets: the figures that have targets are the numbered ones.
"""

import statistics
import time

from sqlalchemy import func, select

from bench.dataset import bench_app
from tracker.dates.models import CommemorativeDate
from tracker.events.models import Event, EventStatus
from tracker.extensions import db

URLS = (
    "/",
    "/counts",
    "/counts.json",
    "/prisoners",
    "/prisoners?q=ashurak",
    "/prisoners?status=sentenced&region=brest",
    "/api/v1/prisoners?per_page=100",
    "/api/v1/counts",
    "/events",
    "/dates",
)
HTML_BUDGET_BYTES = 60 * 1024


def busiest_day(app) -> tuple[str, int] | None:
    """The day page of the day with the most events, and how many (the issue's page: 2,000 events)."""
    with app.app_context():
        row = db.session.execute(
            select(CommemorativeDate.slug, Event.occurrence_on, func.count(Event.id))
            .join(CommemorativeDate, CommemorativeDate.id == Event.commemorative_date_id)
            .where(Event.status == EventStatus.APPROVED, Event.occurrence_on.is_not(None))
            .group_by(CommemorativeDate.slug, Event.occurrence_on)
            .order_by(func.count(Event.id).desc())
            .limit(1)
        ).first()
    return (f"/events/on/{row[0]}/{row[1].year}", row[2]) if row else None


def measure(database_url: str, *, runs: int = 3) -> list[dict]:
    """First (cold) and median (warm) milliseconds, size and budget verdict per URL."""
    app = bench_app(database_url)
    client = app.test_client()
    results = []
    day = busiest_day(app)
    # The day page, and its organiser kit (budget: under 5 s cold, served from the cache after).
    day_urls = [day[0], f"{day[0]}/kit.pdf?lang=be"] if day else []
    for url in (*URLS, *day_urls):
        started = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - started) * 1000
        timings = []
        for _run in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        size = len(response.data)
        results.append(
            {
                "url": url,
                "status": response.status_code,
                "first_ms": round(first, 1),
                "median_ms": round(statistics.median(timings), 1),
                "kb": round(size / 1024, 1),
                "within_budget": response.mimetype != "text/html" or size <= HTML_BUDGET_BYTES,
                **({"events_that_day": day[1]} if day and url.startswith(day[0]) else {}),
            }
        )
    return results


def table(results: list[dict]) -> str:
    """The section as text."""
    lines = [f"{'url':45} {'first ms':>9} {'median ms':>10} {'KB':>6}  budget"]
    for row in results:
        budget = "ok" if row["within_budget"] else "HEAVY"
        status = "" if row["status"] == 200 else f"  (status {row['status']})"
        if "events_that_day" in row:
            status += f"  ({row['events_that_day']:,} events that day)"
        lines.append(
            f"{row['url']:45} {row['first_ms']:9.1f} {row['median_ms']:10.1f} {row['kb']:6.1f}  {budget}{status}"
        )
    return "\n".join(lines)
