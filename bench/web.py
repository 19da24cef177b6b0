"""Figure 1: the home page against a trivial endpoint, served by the production gunicorn setup.

One gunicorn (gunicorn.conf.py, production settings, the benchmark database) serves both URLs
in the same run: after a warm-up, wrk drives the two URLs in turn with the same connections and
duration, for several rounds (/livez then /, then / then /livez, and so on, so neither always
goes first). Each round gives the ratio of their successful requests per second; the figure is
the median round. On a virtual machine whose speed drifts between runs, one pair of wrk runs
would measure the drift as much as the page.

Each worker reads the home page's figures once and keeps them (tracker.core.cache). In
production the scheduler builds them after each change and stores them for every worker; a
worker that finds none for the current data builds them itself, which at this scale is slow.
Both first requests are reported beside the figure: one in a worker that had to build, and one
in a fresh worker after the scheduler's job had stored them. At wrk's request rate
max_requests would recycle every worker (and its cache) every few seconds, so the run sets
GUNICORN_TIMEOUT and GUNICORN_MAX_REQUESTS=0 to measure the steady state.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.dataset import ROOT
from bench.fanout import app_environment
from bench.redis_server import redis_server
from bench.smtp_sink import free_port

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
LUA = Path(__file__).with_name("wrk_report.lua")


@dataclass
class WrkRun:
    """One wrk run's totals."""

    url: str
    requests: int
    seconds: float
    status_errors: int
    timeouts: int
    socket_errors: int
    latency_p50_ms: float
    latency_p99_ms: float

    @property
    def ok_per_second(self) -> float:
        """Successful (2xx/3xx) responses per second."""
        return (self.requests - self.status_errors) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        """The figures for the report."""
        return {
            "requests_per_s": round(self.ok_per_second, 1),
            "requests": self.requests,
            "non_2xx": self.status_errors,
            "timeouts": self.timeouts,
            "socket_errors": self.socket_errors,
            "latency_p50_ms": round(self.latency_p50_ms, 2),
            "latency_p99_ms": round(self.latency_p99_ms, 2),
        }


@contextmanager
def gunicorn(database_url: str, *, workers: int | None = None, redis_url: str | None = None, **settings: str):
    """Serve wsgi:app with gunicorn.conf.py on a free loopback port; yields (base URL, settings).

    Without `redis_url`, a Redis of its own: the page cache starts empty, and two databases never
    share cached pages. `settings` are more environment variables for the app.
    """
    if redis_url:
        yield from _gunicorn(database_url, redis_url, workers=workers, settings=settings)
        return
    with redis_server() as own_redis:
        yield from _gunicorn(database_url, own_redis, workers=workers, settings=settings)


def _gunicorn(database_url: str, redis_url: str, *, workers: int | None, settings: dict[str, str]):
    instance = Path(tempfile.mkdtemp(prefix="bench-web-"))
    port = free_port()
    env = {**app_environment(database_url, instance), "REDIS_URL": redis_url, **settings}
    # Steady state: let the first build of the figures finish, and keep workers (and their caches).
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_TIMEOUT="900", GUNICORN_MAX_REQUESTS="0")
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    log = open(instance / "gunicorn.log", "w")  # noqa: SIM115  closed below; the access log goes here
    process = subprocess.Popen(  # noqa: S603
        [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, instance / "gunicorn.log")
        settings = {
            "workers": int(env.get("GUNICORN_WORKERS", os.cpu_count() * 2 + 1)),
            "worker_class": env.get("GUNICORN_WORKER_CLASS", "sync"),
            "config": "gunicorn.conf.py (production settings, access log on)",
            "overrides": "GUNICORN_TIMEOUT=900 GUNICORN_MAX_REQUESTS=0",
        }
        yield base, settings
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        shutil.rmtree(instance, ignore_errors=True)


def _wait_until_up(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/livez", timeout=2) as response:  # noqa: S310  loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /livez in time")


def timed_get(url: str, timeout: float = 900, headers: dict[str, str] | None = None) -> float:
    """Seconds one GET takes; raises on a non-2xx answer."""
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310  loopback
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  loopback
        response.read()
    return time.monotonic() - started


def warm_up(base: str, path: str, *, workers: int, budget_seconds: float = 900) -> int:
    """Rounds of concurrent requests until one round is all fast: every worker has built its caches.

    Returns how many rounds it took.
    """
    deadline = time.monotonic() + budget_seconds
    rounds = 0
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        while time.monotonic() < deadline:
            rounds += 1
            durations = list(pool.map(lambda _n: timed_get(base + path), range(2 * workers)))
            if max(durations) < 1.0:
                break
    return rounds


def wrk(
    url: str, *, connections: int, threads: int, seconds: int, timeout: int = 10, headers: tuple[str, ...] = ()
) -> WrkRun:
    """Run wrk against a URL (with `headers`, "Name: value" each) and read its JSON summary."""
    command = [
        "wrk", f"-c{connections}", f"-t{threads}", f"-d{seconds}s", f"--timeout={timeout}s", "-s", str(LUA),
        *(part for header in headers for part in ("-H", header)), url,
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    return WrkRun(
        url=url,
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        status_errors=report["status_errors"],
        timeouts=report["timeouts"],
        socket_errors=report["connect_errors"] + report["read_errors"] + report["write_errors"],
        latency_p50_ms=report["latency_p50_us"] / 1000,
        latency_p99_ms=report["latency_p99_us"] / 1000,
    )


def _drop_stored_figures(database_url: str) -> None:
    # The cached dataset keeps what an earlier run's job stored; the cold first request must build.
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM stored_count_figures"))
    engine.dispose()


@dataclass
class Round:
    """One round of the two URLs, driven one after the other."""

    trivial: WrkRun
    home: WrkRun

    @property
    def ratio(self) -> float:
        """/ against /livez, successful requests per second."""
        return self.home.ok_per_second / self.trivial.ok_per_second if self.trivial.ok_per_second else 0.0


def alternating_rounds(base: str, *, rounds: int, connections: int, threads: int, seconds: int) -> list[Round]:
    """`rounds` rounds of /livez and /, the first URL of each round alternating."""
    results = []
    for number in range(rounds):
        runs = {}
        for path in ("/livez", "/") if number % 2 == 0 else ("/", "/livez"):
            wrk(base + path, connections=connections, threads=threads, seconds=2)  # connections open, caches warm
            runs[path] = wrk(base + path, connections=connections, threads=threads, seconds=seconds)
        results.append(Round(trivial=runs["/livez"], home=runs["/"]))
    return results


def median_round(rounds: list[Round]) -> Round:
    """The round with the middle ratio; of an even number, the lower of the two middle ones."""
    return sorted(rounds, key=lambda each: each.ratio)[(len(rounds) - 1) // 2]


def measure(database_url: str, *, connections: int = 100, threads: int = 2, seconds: int = 10, rounds: int = 3) -> dict:
    """/livez and / side by side on one gunicorn; returns the median round, every ratio and the cold first request."""
    _drop_stored_figures(database_url)
    with gunicorn(database_url) as (base, settings):
        workers = settings["workers"]
        first_home = timed_get(base + "/")
        started = time.monotonic()
        warm_up(base, "/livez", workers=workers)
        warm_up_rounds = warm_up(base, "/", workers=workers)
        warm_up_seconds = time.monotonic() - started
        measured = alternating_rounds(base, rounds=rounds, connections=connections, threads=threads, seconds=seconds)
    median = median_round(measured)
    job = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.jobs", "figures"],
        env=app_environment(database_url, Path(tempfile.mkdtemp(prefix="bench-figures-"))),
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    with gunicorn(database_url) as (base, _settings):
        first_home_stored = timed_get(base + "/")
    return {
        "first_home_request_s": round(first_home, 2),
        "figures_job_s": round(json.loads(job.stdout.strip().splitlines()[-1])["seconds"], 2),
        "first_home_request_stored_s": round(first_home_stored, 2),
        "warm_up_s": round(warm_up_seconds, 1),
        "warm_up_rounds": warm_up_rounds,
        "gunicorn": settings,
        "wrk": f"wrk -c{connections} -t{threads} -d{seconds}s, {rounds} alternating rounds",
        "livez": median.trivial.summary(),
        "home": median.home.summary(),
        "ratio": median.ratio,
        "round_ratios": [round(each.ratio, 3) for each in measured],
        "rounds": [{"livez": each.trivial.summary(), "home": each.home.summary()} for each in measured],
    }
