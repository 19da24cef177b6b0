"""`python -m bench` (what `make bench` runs): build or reuse the datasets, measure, report.

Figures, in the order they run (the fan-out, the longest, last):
  2  name search p50/p95, Latin queries against Cyrillic names    target p95 ≤ 25 ms, both engines
  4  iCalendar and Atom feeds of 5,000 events                     target ≤ 1 s each
  1  / against /livez on the production gunicorn, wrk -c100        target ratio ≥ 0.7
  5  the spike: wrk -c1000 on 7 public pages, each beside /livez  target ratio ≥ 0.8, p99 ≤ 1 s, no errors
  3  100,000 reminders through outbox + dispatcher vs raw smtplib  target ratio ≥ 0.5, dispatcher ≤ 300 MB
Exits 1 when a target is missed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

from bench import dataset
from bench.redis_server import redis_server
from bench.report import RESULTS, Report, Row, machine_facts

DEFAULT_POSTGRES = "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/postgres"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a tenth of the data and shorter runs, for development")
    parser.add_argument("--only", default="1,2,3,4,5", help="figures to run, e.g. --only 2,4 (default: all)")
    parser.add_argument("--engines", default="sqlite,postgresql", help="engines for figures 1, 2, 4 and 5")
    parser.add_argument("--fanout-engines", default="postgresql", help="engines for figure 3 (the production one)")
    parser.add_argument("--postgres-url", default=os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--queries", type=int, default=None, help="search queries per engine (default 300)")
    parser.add_argument("--feed-events", type=int, default=None, help="events per feed (default 5,000)")
    parser.add_argument("--wrk-seconds", type=int, default=None, help="seconds per wrk run (default 10)")
    parser.add_argument("--wrk-rounds", type=int, default=None, help="alternating rounds of the two URLs (default 3)")
    parser.add_argument("--connections", type=int, default=100, help="wrk connections (default 100)")
    parser.add_argument("--spike-connections", type=int, default=1000, help="wrk connections, figure 5 (1,000)")
    # At 1,000 connections a run must last long enough for many round trips of every connection.
    parser.add_argument("--spike-seconds", type=int, default=None, help="seconds per wrk run, figure 5 (6, 5 rounds)")
    parser.add_argument("--fanout-timeout", type=float, default=1800, help="give up on a fan-out phase after this")
    parser.add_argument("--rebuild", action="store_true", help="build the datasets again even if cached")
    parser.add_argument("--pages", action="store_true", help="also time the most-quoted pages in-process (slow)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    args.figures = {int(part) for part in args.only.split(",") if part.strip()}
    args.engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    args.fanout_engines = [engine.strip() for engine in args.fanout_engines.split(",") if engine.strip()]
    args.sizes = dataset.QUICK if args.quick else dataset.FULL
    args.queries = args.queries or (100 if args.quick else 300)
    args.feed_events = args.feed_events or (1_000 if args.quick else 5_000)
    args.wrk_seconds = args.wrk_seconds or (5 if args.quick else 10)
    args.wrk_rounds = args.wrk_rounds or (1 if args.quick else 3)
    args.spike_seconds = args.spike_seconds or (4 if args.quick else 6)
    return args


def log(message: str) -> None:
    print(message, flush=True)


def prepare(engine: str, args) -> dataset.Dataset:
    """The cached dataset for an engine, built first if need be."""
    if engine == "sqlite":
        built = dataset.sqlite_dataset(args.sizes, rebuild=args.rebuild)
    elif engine == "postgresql":
        built = dataset.postgres_dataset(args.postgres_url, args.sizes, rebuild=args.rebuild)
    else:
        raise SystemExit(f"unknown engine {engine!r}; use sqlite or postgresql")
    how = "reused from cache" if built.cached else f"built in {built.seconds:.0f} s"
    counts = built.counts
    log(f"dataset on {ENGINE_NAMES[engine]}: {counts['prisoners']:,} prisoners, {counts['events']:,} events, "
        f"{counts['confirmed_subscriptions']:,} confirmed subscriptions ({how})")  # fmt: skip
    return built


def figure_2(report: Report, datasets: dict, args) -> None:
    from bench import search

    first = next(iter(datasets.values()))
    queries = search.latin_queries(first.url, args.queries)
    report.details["search_queries_sample"] = queries[:15]
    for engine, built in datasets.items():
        log(f"figure 2: {len(queries)} Latin name searches on {ENGINE_NAMES[engine]}…")
        service, request = search.measure(built.url, queries)
        name = ENGINE_NAMES[engine]
        report.add(
            Row("2. Name search p50 (service)", name, service.p50, "ms", key=f"search.{engine}.service.p50"),
            Row("2. Name search p95 (service)", name, service.p95, "ms", 25, "<=", key=f"search.{engine}.service.p95"),
            Row("2. GET /prisoners?q= p50", name, request.p50, "ms", key=f"search.{engine}.request.p50"),
            Row("2. GET /prisoners?q= p95", name, request.p95, "ms", key=f"search.{engine}.request.p95"),
        )
        report.details[f"search_{engine}"] = {"service": service.summary(), "request": request.summary()}


def figure_4(report: Report, datasets: dict, args) -> None:
    from bench import feeds

    for engine, built in datasets.items():
        available = feeds.upcoming_events(built.url)
        count = min(args.feed_events, available)
        log(f"figure 4: iCalendar and Atom feeds of {count:,} events on {ENGINE_NAMES[engine]}…")
        results = feeds.measure(built.url, count)
        name = ENGINE_NAMES[engine]
        report.add(
            Row(f"4. iCalendar feed, {count:,} events", name, results["ics"]["total_s"], "s", 1, "<=",
                key=f"feeds.{engine}.ics"),
            Row(f"4. Atom feed, {count:,} events", name, results["atom"]["total_s"], "s", 1, "<=",
                key=f"feeds.{engine}.atom"),
            Row("4. iCalendar feed, first in a fresh process", name, results["ics"]["cold_total_s"], "s",
                key=f"feeds.{engine}.ics_cold"),
            Row("4. Atom feed, first in a fresh process", name, results["atom"]["cold_total_s"], "s",
                key=f"feeds.{engine}.atom_cold"),
        )  # fmt: skip
        report.details[f"feeds_{engine}"] = {"upcoming_events_available": available, **results}


def figure_1(report: Report, datasets: dict, args) -> None:
    from bench import web

    for engine, built in datasets.items():
        log(f"figure 1: gunicorn + wrk -c{args.connections} on {ENGINE_NAMES[engine]}, "
            f"{args.wrk_rounds} rounds of /livez and / in turn…")  # fmt: skip
        results = web.measure(built.url, connections=args.connections, seconds=args.wrk_seconds, rounds=args.wrk_rounds)
        name = ENGINE_NAMES[engine]
        report.add(
            Row("1. GET /livez", name, results["livez"]["requests_per_s"], "req/s", key=f"web.{engine}.livez"),
            Row("1. GET /", name, results["home"]["requests_per_s"], "req/s", key=f"web.{engine}.home"),
            Row("1. / vs /livez, req/s ratio (median round)", name, results["ratio"], "x", 0.7, ">=",
                key=f"web.{engine}.ratio"),
            Row("1. First / in a fresh worker (it builds the figures)", name, results["first_home_request_s"], "s",
                key=f"web.{engine}.first_home"),
            Row("1. Scheduler job: build and store the figures", name, results["figures_job_s"], "s",
                key=f"web.{engine}.figures_job"),
            Row("1. First / in a fresh worker (figures stored)", name, results["first_home_request_stored_s"], "s",
                key=f"web.{engine}.first_home_stored"),
        )  # fmt: skip
        report.details[f"web_{engine}"] = results


def figure_5(report: Report, datasets: dict, args) -> None:
    from bench import spike

    for engine, built in datasets.items():
        log(f"figure 5: the spike, wrk -c{args.spike_connections} on each page beside /livez, "
            f"on {ENGINE_NAMES[engine]}…")  # fmt: skip
        results = spike.measure(built.url, connections=args.spike_connections, seconds=args.spike_seconds)
        name = ENGINE_NAMES[engine]
        report.add(
            Row("5. Spike: first / in a fresh worker", name, results["first_home_request_s"], "s", 1, "<=",
                key=f"spike.{engine}.first_home"),
            Row("5. Spike: first events feed in a fresh worker", name, results["first_feed_request_s"], "s", 1, "<=",
                key=f"spike.{engine}.first_feed"),
        )  # fmt: skip
        for page, figures in results["pages"].items():
            _spike_rows(report, name, f"spike.{engine}.{page}", figures)
        report.details[f"spike_{engine}"] = results


def _spike_rows(report: Report, name: str, key: str, figures: dict) -> None:
    page, path = figures["page"], figures["path"]
    report.add(
        Row(f"5. Spike {path}: req/s (/livez {figures['livez']['requests_per_s']:,.0f})", name,
            page["requests_per_s"], "req/s", key=f"{key}.rps"),
        Row(f"5. Spike {path}: vs /livez", name, figures["ratio"], "x", 0.8, ">=", key=f"{key}.ratio"),
        Row(f"5. Spike {path}: p99", name, page["latency_p99_ms"], "ms", 1000, "<=", key=f"{key}.p99"),
        Row(f"5. Spike {path}: timeouts + non-2xx + socket errors", name,
            page["timeouts"] + page["non_2xx"] + page["socket_errors"], "", 0, "<=", key=f"{key}.errors"),
    )  # fmt: skip


def figure_3(report: Report, datasets: dict, args) -> None:
    from bench import fanout

    for engine, built in datasets.items():
        expected = built.counts["confirmed_subscriptions"]
        log(f"figure 3: reminder fan-out of {expected:,} emails on {ENGINE_NAMES[engine]}…")
        result = fanout.run(built.url, expected, timeout=args.fanout_timeout, log=log)
        name = ENGINE_NAMES[engine]
        per_second = result.delivered / result.dispatch_seconds if result.dispatch_seconds else 0.0
        # A dispatcher that did not deliver everything has no ratio worth the name.
        ratio = result.ratio if result.queued and result.delivered >= result.queued else 0.0
        baseline_rate = result.queued / result.baseline_seconds if result.baseline_seconds else 0.0
        report.add(
            Row("3. Fan-out: queue reminders (scheduler job)", name, result.enqueue_seconds, "s",
                key=f"fanout.{engine}.enqueue_s"),
            Row("3. Fan-out: raw smtplib baseline", name, baseline_rate, "msg/s", key=f"fanout.{engine}.baseline"),
            Row("3. Fan-out: outbox + dispatcher", name, per_second, "msg/s", key=f"fanout.{engine}.dispatcher"),
            Row("3. Fan-out: dispatcher vs raw smtplib ratio", name, ratio, "x", 0.5, ">=",
                key=f"fanout.{engine}.ratio"),
            Row("3. Fan-out: dispatcher peak RSS", name, result.dispatch_peak_rss_mb, "MB", 300, "<=",
                key=f"fanout.{engine}.rss"),
        )  # fmt: skip
        for note in result.notes:
            log(f"  fan-out note: {note}")
        report.details[f"fanout_{engine}"] = {**vars(result), "ratio": result.ratio}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The production settings refuse an in-process rate-limit store: the app processes the figures
    # start (jobs, dispatchers) share this private server; each gunicorn gets one of its own.
    with redis_server() as redis_url:
        os.environ["REDIS_URL"] = redis_url
        return run(args)


def run(args: argparse.Namespace) -> int:
    """Every figure asked for, then the report; returns the exit status."""
    started = time.perf_counter()
    report = Report()
    needs_postgres = "postgresql" in args.engines or (3 in args.figures and "postgresql" in args.fanout_engines)
    report.machine = machine_facts(args.postgres_url if needs_postgres else None)
    log(f"machine: {report.machine['cores']} cores, {report.machine['cpu_model']}, "
        f"load average {report.machine['load_average_at_start']}")  # fmt: skip
    engines = list(dict.fromkeys(args.engines + (args.fanout_engines if 3 in args.figures else [])))
    datasets = {engine: prepare(engine, args) for engine in engines}
    report.details["dataset"] = {
        "generator_version": dataset.GENERATOR_VERSION,
        "sizes": vars(args.sizes),
        "counts": {engine: built.counts for engine, built in datasets.items()},
        "build_seconds": {engine: round(built.seconds, 1) for engine, built in datasets.items() if not built.cached},
    }
    main_engines = {engine: datasets[engine] for engine in args.engines}
    timings = {}
    for number, run in ((2, figure_2), (4, figure_4), (1, figure_1), (5, figure_5)):
        if number in args.figures:
            figure_started = time.perf_counter()
            run(report, main_engines, args)
            timings[f"figure_{number}"] = round(time.perf_counter() - figure_started, 1)
    if 3 in args.figures:
        figure_started = time.perf_counter()
        figure_3(report, {engine: datasets[engine] for engine in args.fanout_engines}, args)
        timings["figure_3"] = round(time.perf_counter() - figure_started, 1)
    pages_table = ""
    if args.pages:
        from bench import pages

        engine, built = next(iter(main_engines.items()))
        log(f"pages: the most-quoted URLs in-process on {ENGINE_NAMES[engine]}…")
        figure_started = time.perf_counter()
        report.details["pages"] = {"engine": engine, "results": pages.measure(built.url)}
        pages_table = pages.table(report.details["pages"]["results"])
        timings["pages"] = round(time.perf_counter() - figure_started, 1)
    timings["total"] = round(time.perf_counter() - started, 1)
    report.details["seconds"] = timings
    report.machine["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    log("")
    if pages_table:
        log(pages_table + "\n")
    log(report.table())
    log(f"\n{len(report.failures())} target(s) missed; took {timings['total']:.0f} s; wrote {args.output}")
    report.write(args.output)
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
