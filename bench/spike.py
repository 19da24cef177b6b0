"""Figure 5: the day-of-action spike — 1,000 concurrent readers on each public page, beside /livez.

One gunicorn (gunicorn.conf.py, production settings, the benchmark database, a Redis of its own)
serves every URL. The clients stand where nginx would: each request carries the Host and
X-Forwarded-Proto that nginx sends (TRUSTED_PROXY_HOPS=1), so pages are the ones SITE_URL names.

Before gunicorn starts, the scheduler's two jobs run once, as on a live site after a change: the
count figures are stored in the database and the most-read pages rendered into the shared cache.
Then the first request for the home page and for the events feed in the fresh workers is timed
(the cold start), and for each page wrk drives /livez and then the page with the same connections
and duration, in ROUNDS alternating rounds: the figure is the median round's ratio of their
successful requests per second (this machine's speed drifts by a third between runs a minute
apart, as /livez alone shows), the p99 the worst round's, and the errors those of every round.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text

from bench.dataset import ROOT
from bench.fanout import app_environment
from bench.redis_server import redis_server
from bench.web import gunicorn, timed_get, wrk

POPULAR_NAME = "ashurok"
FEED = "/events/feed.ics"
SITE = "https://bench.invalid"
# What nginx adds in front of gunicorn (docs/deploy.md).
PROXY_HEADERS = (f"Host: {urlsplit(SITE).netloc}", "X-Forwarded-Proto: https", "X-Forwarded-For: 127.0.0.1")
# What every browser and calendar app sends: readers in a spike take the compressed pages.
READER_HEADERS = ("Accept-Encoding: gzip, deflate, br",)
# Five short rounds rather than three long ones: the median then stands clear of two drifted rounds.
ROUNDS = 5


def spike_paths(database_url: str) -> dict[str, str]:
    """The pages of the spike: fixed ones, a named prisoner's page and the latest day page."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        prisoner = connection.scalar(
            text("SELECT slug FROM prisoners WHERE NOT name_withheld AND deleted_at IS NULL ORDER BY id LIMIT 1")
        )
        day = connection.execute(
            text(
                "SELECT d.slug, l.occurrence_on FROM event_occurrence_listings l "
                "JOIN commemorative_dates d ON d.id = l.commemorative_date_id ORDER BY l.occurrence_on DESC LIMIT 1"
            )
        ).first()
    engine.dispose()
    paths = {"home": "/", "events": "/events", "dates": "/dates", "prisoner": f"/prisoners/{prisoner}"}
    if day is not None:
        year = day[1].year if hasattr(day[1], "year") else int(str(day[1])[:4])
        paths["day"] = f"/events/on/{day[0]}/{year}"
    paths.update(search=f"/prisoners?q={POPULAR_NAME}", feed=FEED)
    return paths


def _run_scheduler_job(name: str, database_url: str, redis_url: str) -> float:
    env = {**app_environment(database_url, Path(tempfile.mkdtemp(prefix="bench-spike-"))), "REDIS_URL": redis_url}
    env["SITE_URL"] = SITE
    completed = subprocess.run(  # noqa: S603  our own fixed command
        [sys.executable, "-m", "bench.jobs", name], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])["seconds"]


def _first_request(url: str) -> float:
    request_headers = dict(header.split(": ", 1) for header in PROXY_HEADERS)
    return timed_get(url, headers=request_headers)


def measure(database_url: str, *, connections: int = 1000, threads: int = 2, seconds: int = 10) -> dict:
    """Cold start and, per page, /livez and the page under `connections` concurrent clients."""
    paths = spike_paths(database_url)
    wrk_line = f"wrk -c{connections} -t{threads} -d{seconds}s --timeout 10s, {ROUNDS} alternating rounds"
    results = {"paths": paths, "wrk": wrk_line, "pages": {}}
    with redis_server() as redis_url:
        results["figures_job_s"] = round(_run_scheduler_job("figures", database_url, redis_url), 2)
        results["pages_job_s"] = round(_run_scheduler_job("pages", database_url, redis_url), 2)
        settings = {"SITE_URL": SITE, "TRUSTED_PROXY_HOPS": "1"}
        with gunicorn(database_url, redis_url=redis_url, **settings) as (base, gunicorn_settings):
            results["gunicorn"] = gunicorn_settings
            results["first_home_request_s"] = round(_first_request(base + "/"), 3)
            results["first_feed_request_s"] = round(_first_request(base + FEED), 3)
            for name, path in paths.items():
                results["pages"][name] = side_by_side(
                    base, path, connections=connections, threads=threads, seconds=seconds
                )
    return results


def drained(base: str, *, timeout: float = 120) -> None:
    """Wait until gunicorn has worked off what the last wrk run left queued.

    Sync workers answer every request wrk had sent before it stopped, to sockets already closed;
    the next run must not queue behind them.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _first_request(base + "/livez") > 0.05:
        time.sleep(0.5)


def side_by_side(base: str, path: str, *, connections: int, threads: int, seconds: int) -> dict:
    """ROUNDS rounds of wrk on /livez then on `path`, each run once the server is idle again."""
    for _warm in range(3):
        _first_request(base + path)
    load = {"connections": connections, "threads": threads, "headers": (*PROXY_HEADERS, *READER_HEADERS)}
    rounds = []
    for _round in range(ROUNDS):
        runs = {}
        for label, target in (("livez", "/livez"), ("page", path)):
            drained(base)
            runs[label] = wrk(base + target, seconds=seconds, **load)
        livez = runs["livez"].ok_per_second
        rounds.append((runs["page"].ok_per_second / livez if livez else 0.0, runs))
    return _combined(path, rounds)


def _combined(path: str, rounds: list[tuple[float, dict]]) -> dict:
    """The median round's rates, the worst round's p99 and every round's errors."""
    ordered = sorted(rounds, key=lambda item: item[0])
    ratio, median_runs = ordered[len(ordered) // 2]
    pages = [runs["page"] for _ratio, runs in rounds]
    page = median_runs["page"].summary() | {
        "latency_p99_ms": round(max(run.latency_p99_ms for run in pages), 2),
        "non_2xx": sum(run.status_errors for run in pages),
        "timeouts": sum(run.timeouts for run in pages),
        "socket_errors": sum(run.socket_errors for run in pages),
    }
    return {
        "path": path,
        "livez": median_runs["livez"].summary(),
        "page": page,
        "ratio": round(ratio, 3),
        "round_ratios": [round(each, 3) for each, _runs in rounds],
    }
