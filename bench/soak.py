"""Bounded load test: real gunicorn on loopback, N concurrent clients for D seconds (`make soak`).

Builds a fresh database with the real migrations, loads the demo data plus a few thousand
generated records, and starts what docs/deploy.md runs: gunicorn with gunicorn.conf.py and the
production configuration (a random SECRET_KEY), the scheduler, and two mail dispatchers sending
to an SMTP server on loopback. N clients then browse, search names in Latin and Cyrillic
script, poll feeds and the API with conditional requests, and submit events through the public
form for D seconds. The run fails (exit status 1) on any 5xx, connection error or timeout, any
other status a visitor should not see, any traceback in a process's log, any submission that
reached the "received" page but is missing from the database, and any confirmation email not
delivered, or delivered twice, within 30 s of the end.

The clients stand where nginx stands (127.0.0.1) and send what it adds: X-Forwarded-Proto:
https and X-Forwarded-For with an address of their own (TRUSTED_PROXY_HOPS=1, as deployed).
Like a browser they send Secure cookies to a secure context and a Referer only as the page's
referrer policy allows. The event submission limit is raised through the environment, and the
output says to what.

    python -m bench.soak --clients 50 --duration 60 [--database sqlite] [--records 3000]
"""

import argparse
import contextlib
import email
import email.policy
import logging
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from aiosmtpd.controller import Controller

from bench.redis_server import redis_server

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/postgres"
TITLE_PREFIX = "SOAK"

# Names from the demo generator in both scripts, whole and in part, and a few that match nobody.
NAME_SEARCHES = [
    "ashurak", "Ashurok", "Ашурок", "Ашурак", "Kavalou", "Ковалёў", "Ковалев", "Hanna", "Ганна", "Zhuk", "Жук",
    "Siarhei Bondar", "Сергей Бондарь", "Natallia", "Наталля Новік", "Lapitsk", "Лапицк", "Šaŭčuk", "Шевчук",
    "Katsiaryna Zaitsava", "Кацярына", "nobody-by-this-name", "Неизвестный",
]  # fmt: skip
EVENT_SEARCHES = ["vigil", "letters", "пікет", "picket", "soak", "Warsaw"]
ACCEPT_LANGUAGES = ["en", "ru-RU,ru;q=0.9,en;q=0.5", "be,ru;q=0.8", "uk-UA,uk;q=0.9", "pl,en;q=0.7", "de-DE"]
TIMEZONES = ["Europe/Warsaw", "Europe/Vilnius", "Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tbilisi"]
CITIES = [("Warsaw", "PL"), ("Vilnius", "LT"), ("Berlin", "DE"), ("London", "GB"), ("Prague", "CZ"), ("Riga", "LV")]
ERROR_TEXT = re.compile(r'class="error"[^>]*>(.*?)</(?:p|li|div|span)>', re.S)
META_REFERRER = re.compile(r'<meta\s+name="referrer"\s+content="([^"]*)"', re.I)
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>\s*(?:<p[^>]*>(.*?)</p>)?", re.S)
TAGS = ["solidarity", "letters", "vigil", "picket", "concert", "film"]

# How often a client does each kind of thing, as weights.
MIX = {"page": 34, "search": 20, "feed": 16, "api": 18, "not_found": 2, "submit": 10}


@dataclass
class Options:
    """What to run: clients, duration, data size, database engine, server settings."""

    clients: int = 50
    duration: float = 60.0
    records: int = 3000
    events: int = 300
    database: str = "postgresql"
    postgres_url: str = DEFAULT_POSTGRES_URL
    workers: int | None = None  # gunicorn.conf.py's own default unless given
    think: float = 0.2  # mean pause between one client's actions, in seconds
    scheduler: bool = True
    dispatchers: int = 2  # mail dispatcher processes; 0 leaves the outbox alone
    request_timeout: float = 60.0
    seed: int = 1
    keep: bool = False


@dataclass
class Sample:
    """One request as a client saw it."""

    kind: str
    url: str
    status: int | None
    seconds: float
    problem: str | None = None


@dataclass
class Catalog:
    """URLs worth asking for, found in the loaded data before the clock starts."""

    pages: list[str]
    searches: list[str]
    feeds: list[str]
    api: list[str]
    missing_ids: list[int]


@dataclass
class Report:
    """Everything the run measured and every reason it failed."""

    samples: list[Sample] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    found: int = 0
    duplicated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    without_mail: list[str] = field(default_factory=list)
    mail_checked: bool = False
    unsent: list[str] = field(default_factory=list)
    sent_twice: list[str] = field(default_factory=list)
    server_statuses: Counter = field(default_factory=Counter)
    server_times: dict[str, list[int]] = field(default_factory=dict)
    log_problems: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- database ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(options: Options, folder: Path, log: Callable[[str], None]) -> Iterator[str]:
    """A new empty database for this run (dropped afterwards unless --keep); yields its URL."""
    if options.database == "sqlite":
        yield f"sqlite:///{folder / 'soak.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tracker_soak_{secrets.token_hex(6)}"
    admin = create_engine(options.postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(options.postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if options.keep:
            log(f"kept database {name}")
        else:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare(database_url: str, folder: Path, options: Options) -> Catalog:
    """The real migrations (what `flask db upgrade` runs), then the demo data, `records` generated
    prisoners and `events` approved events; the scheduler's jobs run once, as on a live site."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from config import Config
    from tracker import create_app
    from tracker.demo.data import load_demo_data
    from tracker.events.jobs import update_listings
    from tracker.events.models import Event, EventStatus, OccurrenceListing
    from tracker.extensions import db
    from tracker.prisoners.models import Prisoner
    from tracker.reminders.jobs import publish_reminder_pages
    from tracker.reminders.models import ReminderPage
    from tracker.scheduler import run_job

    class SeedConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = folder
        UPLOAD_DIR = folder / "uploads"
        MAIL_FILE_DIR = folder / "mail"

    app = create_app(SeedConfig)
    today = date.today()
    # A line per record loaded is noise here; the levels come back afterwards (pytest runs this in-process).
    loggers = [logging.getLogger(name) for name in ("alembic", "tracker")]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        with app.app_context():
            upgrade()
            load_demo_data(today, samples=options.records)
            _generated_events(today, options.events, random.Random(options.seed))
            db.session.commit()
        run_job(app, update_listings)
        run_job(app, publish_reminder_pages)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    with app.app_context():
        public = db.session.execute(select(Prisoner.id, Prisoner.slug).where(Prisoner.name_withheld.is_(False))).all()
        prisoner_ids, prisoner_slugs = [row.id for row in public], [row.slug for row in public]
        event_slugs = list(db.session.scalars(select(Event.slug).where(Event.status == EventStatus.APPROVED)))
        listings = [
            (listing.commemorative_date.slug, listing.occurrence_on.year)
            for listing in db.session.scalars(select(OccurrenceListing))
        ]
        reminder_pages = [
            (page.commemorative_date.slug, page.year) for page in db.session.scalars(select(ReminderPage))
        ]
        top_id = max(prisoner_ids)
        db.session.remove()
        db.engine.dispose()
    return _catalog(prisoner_slugs, event_slugs, listings, reminder_pages, top_id, today)


def _generated_events(today: date, count: int, rng: random.Random) -> None:
    """Approved events over the past and the coming months, in several countries, some online."""
    from sqlalchemy import select

    from tracker.dates.models import CommemorativeDate
    from tracker.events.models import Event, EventStatus, EventTag
    from tracker.extensions import db

    solidarity = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == "day-of-solidarity"))
    for number in range(count):
        city, country = rng.choice(CITIES)
        online = number % 5 == 0
        starts = datetime.combine(today + timedelta(days=rng.randrange(-200, 300)), datetime.min.time(), UTC)
        starts += timedelta(hours=rng.randrange(8, 20))
        db.session.add(
            Event(
                status=EventStatus.APPROVED,
                title=f"LOAD EVENT {number} — {rng.choice(['Vigil', 'Letters evening', 'Пікет', 'Concert'])}",
                description="Generated for the load test, not a real event.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                timezone="Europe/Berlin",
                city="" if online else city,
                country="" if online else country,
                venue="" if online else "Town square",
                online_url="https://example.org/stream" if online else "",
                organizer_name="Load test organizers",
                private_contact="organizers@example.org",
                commemorative_date=solidarity if number % 4 == 0 else None,
                occurrence_on=date(today.year + 1, 5, 21) if number % 4 == 0 else None,
                language=rng.choice(["be", "ru", "en", "pl"]),
                cancelled=number % 17 == 0,
                confirmed_at=starts,
                approved_at=starts,
                tags=[EventTag(name=tag) for tag in rng.sample(TAGS, 2)],
            )
        )
    db.session.flush()


def _catalog(prisoner_slugs, event_slugs, listings, reminder_pages, top_id, today: date) -> Catalog:
    rng = random.Random(7)
    some_prisoners = rng.sample(prisoner_slugs, min(200, len(prisoner_slugs)))
    some_events = rng.sample(event_slugs, min(60, len(event_slugs)))
    last_page, last_api_page = -(-len(prisoner_slugs) // 25), -(-len(prisoner_slugs) // 100)
    pages = [
        *("/", "/counts", "/prisoners", "/prisoners?page=2", f"/prisoners?page={last_page}"),
        *("/prisoners?status=sentenced", "/prisoners?region=brest", "/prisoners?status=released&region=minsk-city"),
        *("/dates", "/dates?kind=birthday", f"/dates?from={(today + timedelta(days=30)).isoformat()}"),
        *("/events", "/events/archive", "/events?country=PL", "/events?mode=online", "/events?tag=vigil"),
        *("/events/submit", "/reminders", "/events/embed", "/static/css/site.css", "/healthz"),
    ]
    pages += [f"/prisoners/{slug}" for slug in some_prisoners]
    pages += [f"/events/{slug}" for slug in some_events]
    pages += [f"/events/on/{slug}/{year}" for slug, year in listings]
    pages += [f"/reminders/{slug}/{year}" for slug, year in reminder_pages]
    searches = [f"/prisoners?{urlencode({'q': name})}" for name in NAME_SEARCHES]
    searches += [f"/events?{urlencode({'q': text})}" for text in EVENT_SEARCHES]
    searches += [f"/api/v1/prisoners?{urlencode({'q': name})}" for name in NAME_SEARCHES[:8]]
    feeds = [
        "/dates/calendar.ics", "/dates/calendar/birthday.ics", "/dates/calendar/commemorative.ics",
        "/dates/calendar/expected-release.ics", "/events/feed.ics", "/events/feed.atom", "/events/archive/feed.atom",
        "/events/feed.atom?country=DE", "/events/feed.ics?tag=letters",
    ]  # fmt: skip
    feeds += [f"/events/on/{slug}/{year}/feed.{fmt}" for slug, year in listings for fmt in ("ics", "atom")]
    feeds += [f"/events/{slug}/event.ics" for slug in some_events[:10]]
    api = [
        *("/api/v1/", "/api/v1/counts", "/api/v1/counts/snapshots", "/api/v1/dates", "/api/v1/dates/upcoming"),
        *("/api/v1/events", "/api/v1/events?when=past", "/api/v1/openapi.json", "/api/v1/prisoners"),
        *(f"/api/v1/prisoners?per_page=100&page={last_api_page}", "/api/v1/prisoners?region=gomel&article=342"),
    ]
    api += [f"/api/v1/prisoners/{slug}" for slug in some_prisoners[:50]]
    api += [f"/api/v1/events/{slug}" for slug in some_events[:20]]
    missing_ids = [top_id + 1000 + number for number in range(20)]
    return Catalog(pages=pages, searches=searches, feeds=feeds, api=api, missing_ids=missing_ids)


# ---- server -----------------------------------------------------------------------------------------------


def server_environment(
    database_url: str, folder: Path, port: int, smtp_port: int, options: Options, redis_url: str
) -> tuple[dict[str, str], str]:
    """The production environment (docs/deploy.md) for every process; and the one setting changed for the load."""
    env = dict(os.environ)
    # Per client address, as nginx forwards it: a client may submit about once a second, far more than a person.
    submit_limit = f"{max(1, int(options.duration))} per hour"
    env.update(
        TRACKER_CONFIG="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SITE_URL="https://tracker.example.org",
        TRACKER_INSTANCE_DIR=str(folder),
        UPLOAD_DIR=str(folder / "uploads"),
        TRUSTED_PROXY_HOPS="1",  # the clients stand where nginx does
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_USE_TLS="0",
        MAIL_DISPATCH_IDLE_SECONDS="1",
        EVENTS_SUBMIT_RATE_LIMIT=submit_limit,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    if options.workers:
        env["GUNICORN_WORKERS"] = str(options.workers)
    return env, submit_limit


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """Run a process with its output in `log_path`; stop it with SIGTERM, as systemd does, and wait.

    A process still running 45 s later is killed, and its return code says so.
    """
    with log_path.open("wb") as log_file:
        # Our own fixed commands (gunicorn, the scheduler), never anything from input.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=45)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Poll /livez until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode} before it served")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base_url}/livez", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /livez within {timeout:.0f} s")


# ---- clients ----------------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """Every form of a page: its named fields with their values, and the options of its selects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.options: list[dict[str, list[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append(defaultdict(list))
            self.options.append(defaultdict(list))
        elif not self.forms:
            return
        elif tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            # What a browser would send untouched: checked boxes only, no file or button inputs.
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind not in {"file", "submit", "button", "image", "reset"}:
                self.forms[-1][name].append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self.forms[-1][name].append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self.options[-1][self._select].append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    @classmethod
    def of(cls, html: str) -> "FormFields":
        """Parse a page."""
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def form_with(self, field_name: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The fields and options of the first form that has `field_name`."""
        for fields, options in zip(self.forms, self.options, strict=True):
            if field_name in fields or field_name in options:
                return fields, options
        raise LookupError(f"no form with a {field_name!r} field")


def browser_origin_headers(page: requests.Response, origin: str) -> dict[str, str]:
    """Referer and Origin a browser sends with a same-origin form post, given the page's referrer policy."""
    policies = [value.strip().lower() for value in page.headers.get("Referrer-Policy", "").split(",")]
    # A <meta name="referrer"> in the page overrides the header.
    policies += [value.strip().lower() for value in META_REFERRER.findall(page.text)]
    policy = policies[-1] or "strict-origin-when-cross-origin"
    if policy == "no-referrer":
        return {"Origin": "null"}
    if policy in {"origin", "strict-origin"}:
        return {"Origin": origin, "Referer": f"{origin}/"}
    return {"Origin": origin, "Referer": origin + urlsplit(page.url).path}


def why(response: requests.Response) -> str:
    """The error messages a refused page shows, or its title, to say why a status was unexpected."""
    text = response.text[:200_000]
    messages = [re.sub(r"<[^>]+>|\s+", " ", found).strip() for found in ERROR_TEXT.findall(text)]
    if not messages and (heading := HEADING.search(text)):
        messages = [re.sub(r"<[^>]+>|\s+", " ", part or "").strip() for part in heading.groups()]
    return f" ({'; '.join(messages)[:300]})" if messages else ""


def tiny_png(rng: random.Random) -> bytes:
    """A small real PNG, so some submissions carry an image as organizers' do."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3))).save(buffer, format="PNG")
    return buffer.getvalue()


class Client(threading.Thread):
    """One visitor: a session with its own cookies, language and conditional-request cache."""

    def __init__(self, number: int, base_url: str, catalog: Catalog, options: Options, run_id: str, deadline: float):
        super().__init__(name=f"soak-client-{number}", daemon=True)
        self.number = number
        self.base_url = base_url
        # What the reverse proxy in front of production would show the browser as the site's origin.
        self.origin = "https://" + urlsplit(base_url).netloc
        self.catalog = catalog
        self.options = options
        self.run_id = run_id
        self.deadline = deadline
        self.rng = random.Random(options.seed * 1000 + number)
        self.samples: list[Sample] = []
        self.accepted: list[str] = []
        self.validators: dict[str, dict[str, str]] = {}
        self.submissions = 0
        self.session = requests.Session()
        self.session.headers.update(
            {
                "User-Agent": f"tracker-soak/{number}",
                "Accept-Language": self.rng.choice(ACCEPT_LANGUAGES),
                # What nginx sets in front of production (docs/deploy.md): each client has its own address.
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"198.18.{number // 250}.{number % 250 + 1}",
            }
        )

    def run(self) -> None:
        kinds, weights = zip(*MIX.items(), strict=True)
        while time.monotonic() < self.deadline:
            action = self.rng.choices(kinds, weights)[0]
            try:
                getattr(self, action)()
            except Exception as error:  # a bug in the client must show, not end the thread quietly
                self.samples.append(Sample(action, "(client)", None, 0.0, f"client error: {error!r}"))
            if self.options.think:
                time.sleep(self.rng.uniform(0, 2 * self.options.think))
        self.session.close()

    def _cookies(self) -> dict[str, str]:
        # Browsers count loopback as a secure context and send Secure cookies to it; requests does not.
        return {cookie.name: cookie.value for cookie in self.session.cookies}

    def fetch(self, kind: str, url: str, expected: set[int], *, method: str = "GET", conditional: bool = False, **kw):
        """Make one request and record it; returns the response, or None on a connection error or timeout."""
        headers = dict(kw.pop("headers", {}))
        held = self.validators.get(url, {}) if conditional else {}
        if "ETag" in held:
            headers["If-None-Match"] = held["ETag"]
        if "Last-Modified" in held:
            headers["If-Modified-Since"] = held["Last-Modified"]
        started = time.perf_counter()
        try:
            response = self.session.request(
                method,
                self.base_url + url,
                headers=headers,
                cookies=self._cookies(),
                timeout=self.options.request_timeout,
                allow_redirects=False,
                **kw,
            )
        except requests.RequestException as error:
            problem = f"{type(error).__name__}: {error}"
            self.samples.append(Sample(kind, url, None, time.perf_counter() - started, problem))
            return None
        seconds = time.perf_counter() - started
        if conditional and response.status_code == 200:
            fresh = {name: response.headers[name] for name in ("ETag", "Last-Modified") if name in response.headers}
            if fresh:
                self.validators[url] = fresh
        allowed = expected | ({304} if held else set())
        problem = None if response.status_code in allowed else f"status {response.status_code}{why(response)}"
        self.samples.append(Sample(kind, url, response.status_code, seconds, problem))
        return response

    def page(self) -> None:
        self.fetch("page", self.rng.choice(self.catalog.pages), {200})

    def search(self) -> None:
        url = self.rng.choice(self.catalog.searches)
        self.fetch("search", url, {200}, conditional=url.startswith("/api/"))

    def feed(self) -> None:
        self.fetch("feed", self.rng.choice(self.catalog.feeds), {200}, conditional=True)

    def api(self) -> None:
        self.fetch("api", self.rng.choice(self.catalog.api), {200}, conditional=True)

    def not_found(self) -> None:
        missing = self.rng.choice(self.catalog.missing_ids)
        self.fetch("not found", self.rng.choice([f"/prisoners/{missing}", f"/api/v1/prisoners/{missing}"]), {404})

    def submit(self) -> None:
        """Fetch the form, fill it as an organizer would, post it, follow the redirect to "received"."""
        form_page = self.fetch("form", "/events/submit", {200})
        if form_page is None or form_page.status_code != 200:
            return
        fields, options = FormFields.of(form_page.text).form_with("title")
        self.submissions += 1
        title = f"{TITLE_PREFIX} {self.run_id} c{self.number} n{self.submissions} — пікет салідарнасці"
        payload = self._event_values(title, fields, options)
        files = {"image": ("", b"", "application/octet-stream")}
        if self.rng.random() < 0.1:
            files = {"image": ("poster.png", tiny_png(self.rng), "image/png")}
        headers = browser_origin_headers(form_page, self.origin)
        posted = self.fetch("post", "/events/submit", {303}, method="POST", data=payload, files=files, headers=headers)
        if posted is None or posted.status_code != 303:
            return
        target = urlsplit(posted.headers.get("Location", "")).path
        if target != "/events/received":
            self.samples.append(Sample("post", "/events/submit", 303, 0.0, f"redirected to {target!r}"))
            return
        received = self.fetch("received", target, {200})
        if received is not None and received.status_code == 200:
            self.accepted.append(title)

    def _event_values(self, title: str, fields, options) -> dict[str, object]:
        rng = self.rng
        starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=rng.randrange(3, 300))
        values: dict[str, object] = {name: sent[0] for name, sent in fields.items() if sent}
        values.update(
            title=title,
            description=f"A *load-test* event by client {self.number}. See https://example.org/{self.run_id}.",
            starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            timezone=rng.choice(TIMEZONES),
            organizer_name=f"Soak organizers {self.number}",
            private_contact=f"soak-{self.run_id}-{self.number}@example.org",
            language=rng.choice(options.get("language") or ["en"]),
            tags=", ".join(rng.sample(TAGS, rng.randrange(0, 3))),
            extra_note="",  # the honeypot stays empty, as people leave it
        )
        if rng.random() < 0.25:
            values["online_url"] = "https://example.org/live"
        else:
            city, country = rng.choice(CITIES)
            values.update(city=city, country=country, venue="Town square", address="Main street 1")
            if rng.random() < 0.3:
                values["city_only"] = "y"
        occurrences = [value for value in options.get("occurrence", []) if value]
        if occurrences and rng.random() < 0.5:
            values["occurrence"] = rng.choice(occurrences)
        prisoners = options.get("prisoner_ids", [])
        if prisoners and rng.random() < 0.3:
            values["prisoner_ids"] = rng.sample(prisoners, min(len(prisoners), rng.randrange(1, 3)))
        return {name: value for name, value in values.items() if value is not None}


# ---- checks -----------------------------------------------------------------------------------------------


class MailSink:
    """An SMTP server's handler on loopback: keeps the subject of every message it accepts."""

    def __init__(self):
        self.subjects: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.subjects.append(str(message["Subject"]))
        return "250 Message accepted for delivery"

    def delivered(self, run_id: str) -> Counter:
        """How many messages named each of this run's submissions (confirmations quote the title)."""
        return Counter(key for subject in list(self.subjects) if (key := submission_key(subject, run_id)))


def submission_key(text: str, run_id: str) -> str | None:
    """The unique part of a submission's title ("SOAK <run> c<client> n<number>") found in `text`."""
    found = re.search(rf"{TITLE_PREFIX} {run_id} c\d+ n\d+", text)
    return found.group(0) if found else None


def wait_for_mail(sink: MailSink, titles: list[str], run_id: str, timeout: float) -> None:
    """Give the dispatchers up to `timeout` seconds to send a confirmation for every accepted submission."""
    expected = {submission_key(title, run_id) for title in titles}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not expected <= set(sink.delivered(run_id)):
        time.sleep(0.5)


TRACEBACK_MARKERS = ("Traceback (most recent call last)", "[CRITICAL]", "[ERROR]", "unhandled error", "WORKER TIMEOUT")
ACCESS_LINE = re.compile(r'^\S+ "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \S+ (?P<ms>\d+)ms')


def read_logs(access_log: Path, *other_logs: Path) -> tuple[Counter, dict[str, list[int]], list[str]]:
    """Statuses and milliseconds per path that gunicorn logged, and every log line that marks an error."""
    statuses: Counter = Counter()
    times = defaultdict(list)
    problems = []
    for path in (access_log, *other_logs):
        if not path.exists():
            continue
        for line in path.read_text(errors="replace").splitlines():
            match = ACCESS_LINE.match(line)
            if match:
                statuses[int(match["status"])] += 1
                times[route_of(match["path"])].append(int(match["ms"]))
            elif any(marker in line for marker in TRACEBACK_MARKERS):
                problems.append(f"{path.name}: {line.strip()}")
    return statuses, times, problems


def check_database(database_url: str, accepted: list[str], run_id: str, report: Report) -> None:
    """Every accepted title is stored exactly once, with its confirmation email in the outbox."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, title FROM events WHERE title LIKE :prefix"),
                {"prefix": f"{TITLE_PREFIX} {run_id} %"},
            ).all()
            queued = set(
                connection.scalars(
                    text("SELECT dedupe_key FROM outbox_messages WHERE dedupe_key LIKE 'event-confirm:%'")
                )
            )
    finally:
        engine.dispose()
    stored = Counter(title for _id, title in rows)
    ids = defaultdict(list)
    for event_id, title in rows:
        ids[title].append(event_id)
    report.found = sum(1 for title in accepted if stored[title] >= 1)
    report.missing = [title for title in accepted if stored[title] == 0]
    report.duplicated = [title for title, count in stored.items() if count > 1]
    report.without_mail = [
        title for title in accepted for event_id in ids[title] if f"event-confirm:{event_id}" not in queued
    ]


# ---- the run ----------------------------------------------------------------------------------------------


def run_soak(options: Options, log: Callable[[str], None] = print) -> Report:
    """Set everything up, run the clients, tear down, and check; never raises for a failed check."""
    report = Report()
    run_id = secrets.token_hex(3)
    clock = time.perf_counter()

    def phase(message: str) -> None:
        log(f"[{time.perf_counter() - clock:5.1f} s] {message}")

    with tempfile.TemporaryDirectory(prefix="tracker-soak-") as tmp:
        folder = Path(tmp)
        with fresh_database(options, folder, log) as database_url, redis_server() as redis_url:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            sink = MailSink()
            smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
            env, submit_limit = server_environment(database_url, folder, port, smtp.port, options, redis_url)
            report.notes.append(
                f"EVENTS_SUBMIT_RATE_LIMIT raised from the default '5 per hour' to '{submit_limit}' per client "
                "address (each client submits far more often than a person); nothing else differs from production"
            )
            flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
            commands = {"gunicorn": [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]}
            if options.scheduler:
                commands["scheduler"] = [*flask, "scheduler"]
            for number in range(options.dispatchers):
                commands[f"dispatcher-{number}"] = [*flask, "dispatcher"]
            logs = {name: folder / f"{name}.log" for name in commands}
            processes: dict[str, subprocess.Popen] = {}
            smtp.start()
            try:
                with contextlib.ExitStack() as stack:
                    # The workers import the app while the data loads: the app reads no database until asked.
                    processes["gunicorn"] = stack.enter_context(running(commands["gunicorn"], env, logs["gunicorn"]))
                    catalog = prepare(database_url, folder, options)
                    phase(
                        f"{options.database}: migrated, loaded the demo data, {options.records} generated records "
                        f"and {options.events} events"
                    )
                    # The scheduler and the dispatchers start on the loaded data, as on a live site.
                    for name, command in commands.items():
                        if name not in processes:
                            processes[name] = stack.enter_context(running(command, env, logs[name]))
                    try:
                        wait_until_up(base_url, processes["gunicorn"])
                    except RuntimeError as error:
                        report.failures.append(str(error))
                    else:
                        phase(f"gunicorn up at {base_url}; {options.clients} clients for {options.duration:g} s")
                        _run_clients(base_url, catalog, options, run_id, report)
                        if options.dispatchers:
                            phase("clients done; waiting for the dispatchers to send the confirmations")
                            wait_for_mail(sink, report.accepted, run_id, timeout=30)
                        phase(f"stopping {', '.join(commands)}")
            finally:
                smtp.stop()
            for name, process in processes.items():
                # gunicorn and the dispatchers stop gracefully; the scheduler has no handler and just ends.
                if process.returncode not in ({0, -signal.SIGTERM} if name == "scheduler" else {0}):
                    report.failures.append(f"{name} did not stop cleanly on SIGTERM (return code {process.returncode})")
            report.server_statuses, report.server_times, report.log_problems = read_logs(*logs.values())
            check_database(database_url, report.accepted, run_id, report)
            if options.dispatchers:
                delivered = sink.delivered(run_id)
                report.mail_checked = True
                report.unsent = [title for title in report.accepted if not delivered[submission_key(title, run_id)]]
                report.sent_twice = [key for key, count in delivered.items() if count > 1]
            phase("checked the logs, the database and the mail")
            if report.log_problems or options.keep:
                for path in logs.values():
                    if path.exists():
                        kept = Path(tempfile.gettempdir()) / f"soak-{run_id}-{path.name}"
                        kept.write_bytes(path.read_bytes())
                        report.notes.append(f"log kept at {kept}")
    _judge(report)
    return report


def _run_clients(base_url: str, catalog: Catalog, options: Options, run_id: str, report: Report) -> None:
    started = time.monotonic()
    deadline = started + options.duration
    clients = [Client(number, base_url, catalog, options, run_id, deadline) for number in range(options.clients)]
    for client in clients:
        client.start()
    for client in clients:
        # A client finishes the action it started at the deadline; a hung one is a failure, not a hang.
        client.join(timeout=max(0.0, deadline - time.monotonic()) + 3 * options.request_timeout)
        if client.is_alive():
            report.failures.append(f"{client.name} still running after the deadline")
    report.elapsed = time.monotonic() - started
    for client in clients:
        report.samples.extend(client.samples)
        report.accepted.extend(client.accepted)


def _judge(report: Report) -> None:
    problems = [sample for sample in report.samples if sample.problem]
    server_errors = [sample for sample in report.samples if sample.status and sample.status >= 500]
    no_answer = [sample for sample in report.samples if sample.status is None]
    if server_errors:
        report.failures.append(f"{len(server_errors)} server errors (5xx)")
    if no_answer:
        report.failures.append(f"{len(no_answer)} requests without an answer (connection error, timeout)")
    other = [sample for sample in problems if sample not in server_errors and sample not in no_answer]
    if other:
        report.failures.append(f"{len(other)} unexpected answers")
    logged_errors = sum(count for status, count in report.server_statuses.items() if status >= 500)
    if logged_errors:
        report.failures.append(f"gunicorn's access log holds {logged_errors} responses with status 5xx")
    if report.log_problems:
        report.failures.append(f"{len(report.log_problems)} error lines in the logs")
    if not report.accepted:
        report.failures.append("no submission was accepted")
    if report.missing:
        report.failures.append(f"{len(report.missing)} accepted submissions missing from the database")
    if report.duplicated:
        report.failures.append(f"{len(report.duplicated)} submissions stored more than once")
    if report.without_mail:
        report.failures.append(f"{len(report.without_mail)} accepted submissions without a confirmation email queued")
    if report.unsent:
        report.failures.append(f"{len(report.unsent)} confirmation emails not delivered within 30 s of the end")
    if report.sent_twice:
        report.failures.append(f"{len(report.sent_twice)} confirmation emails delivered more than once")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(report: Report, options: Options) -> str:
    """The table printed at the end of a run."""
    lines = [f"{'kind':<10} {'requests':>8} {'problems':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"]
    by_kind = defaultdict(list)
    for sample in report.samples:
        by_kind[sample.kind].append(sample)
    for kind in ["page", "search", "feed", "api", "not found", "form", "post", "received"]:
        samples = by_kind.pop(kind, [])
        by_kind_line(lines, kind, samples)
    for kind, samples in sorted(by_kind.items()):
        by_kind_line(lines, kind, samples)
    by_kind_line(lines, "all", report.samples)
    total = len(report.samples)
    rate = total / report.elapsed if report.elapsed else 0.0
    lines.append(f"{total} requests in {report.elapsed:.1f} s ({rate:.0f}/s) from {options.clients} clients")
    statuses = Counter(sample.status or "no answer" for sample in report.samples)
    lines.append(
        "status codes seen by clients: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items(), key=str))
    )
    lines.append(
        "status codes in gunicorn's access log: "
        + ", ".join(f"{code}: {n}" for code, n in sorted(report.server_statuses.items()))
    )
    lines.append(
        f"accepted submissions found in the database: {report.found}/{len(report.accepted)}"
        f" (missing {len(report.missing)}, stored twice {len(report.duplicated)},"
        f" confirmation not queued {len(report.without_mail)})"
    )
    if report.mail_checked:
        delivered = len(report.accepted) - len(report.unsent)
        lines.append(
            f"confirmation emails delivered by {options.dispatchers} dispatchers: {delivered}/{len(report.accepted)}"
            f" (twice: {len(report.sent_twice)})"
        )
    # Clients' latency includes the wait for a free worker; gunicorn's own time is the work itself.
    lines.append(f"slowest paths in gunicorn's access log: {'requests':>8} {'p50 ms':>8} {'max ms':>8}")
    slowest = sorted(report.server_times.items(), key=lambda item: max(item[1]), reverse=True)[:8]
    lines.extend(
        f"  {path:<37} {len(times):>8} {statistics.median(times):>8.0f} {max(times):>8}" for path, times in slowest
    )
    lines.extend(report.notes)
    shown = [sample for sample in report.samples if sample.problem][:15]
    for sample in shown:
        lines.append(f"  problem: {sample.kind} {sample.url} -> {sample.problem}")
    lines.extend(f"  log: {line}" for line in report.log_problems[:15])
    lines.extend(f"  missing: {title}" for title in report.missing[:10])
    lines.append("FAILED: " + "; ".join(report.failures) if report.failures else "PASSED")
    return "\n".join(lines)


def route_of(url: str) -> str:
    """A URL with its ids and query values blanked, to group requests by what they ask the server to do."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/<n>", parts.path)
    keys = sorted({pair.partition("=")[0] for pair in parts.query.split("&") if pair})
    return path + (f"?{'&'.join(keys)}" if keys else "")


def by_kind_line(lines: list[str], kind: str, samples: list[Sample]) -> None:
    """Append one row of the summary table."""
    if not samples:
        return
    timings = [sample.seconds * 1000 for sample in samples if sample.status is not None]
    problems = sum(1 for sample in samples if sample.problem)
    if timings:
        p50, p95, top = statistics.median(timings), _percentile(timings, 0.95), max(timings)
        lines.append(f"{kind:<10} {len(samples):>8} {problems:>8} {p50:>8.0f} {p95:>8.0f} {top:>8.0f}")
    else:
        lines.append(f"{kind:<10} {len(samples):>8} {problems:>8} {'-':>8} {'-':>8} {'-':>8}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; exit status 1 when any check failed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--records", type=int, default=3000, help="generated prisoner records")
    parser.add_argument("--events", type=int, default=300, help="generated approved events")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL),
        help="server to create the run's database on (a role that may CREATE DATABASE)",
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--think", type=float, default=0.2, help="mean pause between a client's actions, seconds")
    parser.add_argument("--no-scheduler", dest="scheduler", action="store_false")
    parser.add_argument("--dispatchers", type=int, default=2, help="mail dispatcher processes (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    options = Options(**vars(parser.parse_args(argv)))
    report = run_soak(options)
    print(summary(report, options))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
