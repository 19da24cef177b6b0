"""Figure 2: name search, Latin queries against records named only in Cyrillic.

Queries are built from the dataset itself: a record whose names are all Cyrillic is picked, and
its Belarusian name is written the way a reader types it in Latin letters (passport spelling,
sometimes Łacinka, a surname alone, a given name alone, the first letters of a surname). Only
queries that find their record are kept, so every query is a real search for a real person.
Each is timed through the search service (one page of 25, as the list shows) and as a whole
`GET /prisoners?q=` request through the app.
"""

import random
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import select

from bench import names
from bench.dataset import bench_app
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.prisoners.names import search_key
from tracker.prisoners.search import PrisonerSearch, search_prisoners
from tracker.timeutil import today_in


def _query_for(record: Prisoner, rng: random.Random) -> str:
    given, surname = record.name_be.split(" ", 1)
    passport_given, passport_surname = names.be_passport(given), names.be_passport(surname)
    style = rng.random()
    if style < 0.35:
        return passport_surname.lower()
    if style < 0.70:
        return f"{passport_given} {passport_surname}".lower()
    if style < 0.80:
        return names.be_lacinka(record.name_be)
    if style < 0.90:
        return passport_surname.lower()[: rng.randint(4, 6)]
    return passport_given.lower()


def latin_queries(database_url: str, count: int, seed: int = 7) -> list[str]:
    """`count` Latin queries that each find a record named only in Cyrillic."""
    app = bench_app(database_url)
    rng = random.Random(seed)
    with app.app_context():
        statement = select(Prisoner).where(
            Prisoner.name_withheld.is_(False),
            Prisoner.name_en == "",
            Prisoner.name_be_latn == "",
            Prisoner.name_be != "",
        )
        candidates = list(db.session.scalars(statement.order_by(Prisoner.id).limit(20_000)))
        db.engine.dispose()
    queries = []
    while len(queries) < count and candidates:
        record = rng.choice(candidates)
        query = _query_for(record, rng)
        if all(word in record.search_text for word in search_key(query).split()):
            queries.append(query)
    return queries


@dataclass
class Latencies:
    """Milliseconds per call, in the order measured."""

    samples: list[float]
    hits: list[int]

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile."""
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]

    @property
    def p50(self) -> float:
        return self.percentile(0.50)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    def summary(self) -> dict:
        """The figures for the report."""
        return {
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "mean_ms": round(statistics.fmean(self.samples), 2),
            "max_ms": round(max(self.samples), 2),
            "queries": len(self.samples),
            "median_matches": statistics.median(self.hits) if self.hits else None,
            "max_matches": max(self.hits) if self.hits else None,
        }


def measure(database_url: str, queries: list[str], *, warmup: int = 20) -> tuple[Latencies, Latencies]:
    """(service call, whole request) latencies for each query, after a warm-up of both."""
    app = bench_app(database_url)
    per_page = app.config["PRISONERS_PER_PAGE"]
    service, request = Latencies([], []), Latencies([], [])
    with app.app_context():
        today = today_in(app.config["DISPLAY_TIMEZONE"])
        for query in queries[:warmup]:
            search_prisoners(PrisonerSearch(q=query), today=today, page=1, per_page=per_page)
            db.session.remove()
        for query in queries:
            started = time.perf_counter()
            page = search_prisoners(PrisonerSearch(q=query), today=today, page=1, per_page=per_page)
            service.samples.append((time.perf_counter() - started) * 1000)
            service.hits.append(page.total)
            # A request gets a fresh session; so does each search here.
            db.session.remove()
    client = app.test_client()
    for query in queries[:warmup]:
        client.get("/prisoners", query_string={"q": query})
    for query in queries:
        started = time.perf_counter()
        response = client.get("/prisoners", query_string={"q": query})
        request.samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"/prisoners?q={query} answered {response.status_code}")
    with app.app_context():
        db.engine.dispose()
    return service, request
