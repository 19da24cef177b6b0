"""Figure 4: iCalendar and Atom feeds of 5,000 events, through the app's own query and feed code.

The public feed URLs stop at 500 events (search_events' limit), so the figure calls the same
functions the feed views call, with the limit raised: the events query, then ics_feed /
atom_feed, serialized to bytes, each on a fresh session.

A process remembers rendered descriptions, formatted dates and VTIMEZONEs (pure functions of
their input), so the first feed it builds costs more than the next: the figure reports the first
("cold": caches emptied before it) and the median of the next runs ("warm", what a running
server answers a poller with).
"""

import statistics
import time

from bench.dataset import REFERENCE_NOW, bench_app
from tracker.core.urls import external_url
from tracker.events import feeds
from tracker.events.services import EventSearch, search_events
from tracker.extensions import db


def upcoming_events(database_url: str) -> int:
    """How many published upcoming events the dataset has at its reference moment."""
    app = bench_app(database_url)
    with app.app_context():
        count = len(search_events(EventSearch(), now=REFERENCE_NOW, limit=1_000_000))
        db.session.remove()
        db.engine.dispose()
    return count


def forget_rendered() -> None:
    """Empty the per-process caches the feed code fills, as in a freshly started worker."""
    from tracker.core import ical
    from tracker.events import forms, text

    for cached_function in (
        text.render_markdown, text.plain_text, feeds._date_text, feeds._time_text, ical.vtimezone,
        forms._country_names, feeds._calendar_event, feeds._atom_entry,
    ):  # fmt: skip
        cached_function.cache_clear()


def measure(database_url: str, count: int, *, runs: int = 3) -> dict[str, dict]:
    """Seconds (query, generation, total; first and median of the next runs) and size for each format."""
    app = bench_app(database_url)
    results = {}
    for fmt in ("ics", "atom"):
        forget_rendered()
        timings = []
        for _run in range(runs + 1):
            with app.test_request_context(f"/events/feed.{fmt}"):
                started = time.perf_counter()
                # As the feed views ask: no tags or dedications, which feeds do not show.
                events = search_events(EventSearch(), now=REFERENCE_NOW, limit=count, related=False)
                loaded = time.perf_counter()
                if fmt == "ics":
                    response = feeds.ics_feed(events, "Upcoming events", "events.ics")
                else:
                    response = feeds.atom_feed(
                        events,
                        title="Upcoming events",
                        self_url=external_url("events.index_feed", fmt="atom"),
                        page_url=external_url("events.index"),
                        now=REFERENCE_NOW,
                    )
                body = response.get_data()
                finished = time.perf_counter()
                timings.append((loaded - started, finished - loaded, finished - started, len(body), len(events)))
                db.session.remove()
        measured = timings[1:]
        results[fmt] = {
            "events": measured[0][4],
            "cold_total_s": round(timings[0][2], 3),
            "query_s": round(statistics.median(t[0] for t in measured), 3),
            "generate_s": round(statistics.median(t[1] for t in measured), 3),
            "total_s": round(statistics.median(t[2] for t in measured), 3),
            "bytes": measured[0][3],
        }
    with app.app_context():
        db.engine.dispose()
    return results
