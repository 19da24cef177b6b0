"""Shared fixtures: a fresh app and database per test, users, records, SMTP, Chromium.

The database is SQLite unless TEST_DATABASE_URL names a PostgreSQL server (tests/databases.py).
"""

import base64
import contextlib
import email
import email.policy
import gzip
import re
import socket
import threading
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from hypothesis import settings
from sqlalchemy import event
from werkzeug.serving import make_server

from bench.redis_server import redis_server
from config import TestConfig
from tests.databases import PostgresDatabases, SQLiteDatabases, database_from_env
from tracker import create_app
from tracker.accounts import services as account_services
from tracker.accounts.models import Role
from tracker.dates import services as date_services
from tracker.dates.models import Recurrence
from tracker.events.models import Event
from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EventKind, Prisoner, PrisonerArticle, TimelineEntry

# Property-based tests explore a fixed set of examples, so a run that passed passes again (CI lands
# reproducibly); `--hypothesis-seed` or a local profile explores further.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parent.parent
TEST_OUTPUT = ROOT / "test-output"
PASSWORD = "a-long-test-password"


DATABASES = pytest.StashKey[SQLiteDatabases | PostgresDatabases]()
# The rare test that only makes sense on one engine says why: @pytest.mark.sqlite(reason="…").
ONLY_ON = {"postgres": "postgresql", "sqlite": "sqlite"}


def pytest_configure(config):
    try:
        config.stash[DATABASES] = database_from_env()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_sessionstart(session):
    databases = session.config.stash[DATABASES]
    try:
        databases.check_server()
    except Exception as error:  # a clear stop, never a run that quietly skips the database
        reason = str(error).splitlines()[0]
        pytest.exit(f"TEST_DATABASE_URL: cannot use the PostgreSQL server: {reason}", returncode=4)


def pytest_report_header(config):
    return config.stash[DATABASES].describe()


def pytest_collection_modifyitems(config, items):
    dialect = config.stash[DATABASES].dialect
    for item in items:
        for marker_name, only_on in ONLY_ON.items():
            marker = item.get_closest_marker(marker_name)
            if marker is not None and dialect != only_on:
                reason = marker.kwargs.get("reason", "")
                item.add_marker(pytest.mark.skip(reason=f"runs only in the {only_on} pass: {reason}".rstrip(": ")))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    # After every fixture's teardown; also after an interrupted run.
    session.config.stash[DATABASES].close()


@pytest.fixture(scope="session")
def databases(pytestconfig) -> SQLiteDatabases | PostgresDatabases:
    """Where test databases come from: SQLite files, or PostgreSQL databases built by the migrations."""
    return pytestconfig.stash[DATABASES]


@pytest.fixture
def app(tmp_path, databases):
    """A fresh app on an empty database (SQLite: a file, so a live server thread shares it)."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = databases.per_test_url(tmp_path)
        INSTANCE_DIR = tmp_path
        UPLOAD_DIR = tmp_path / "uploads"
        MAIL_FILE_DIR = tmp_path / "mail"

    app = create_app(Config)
    databases.prepare(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def start_instance(databases, folder: Path, url: str, *, schema: bool = True, **settings):
    """Another app on its own database at `url`, with its own folders (and the schema, unless told not to)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = type(
        "Config",
        (TestConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_DIR": folder,
            "UPLOAD_DIR": folder / "uploads",
            "MAIL_FILE_DIR": folder / "mail",
            **settings,
        },
    )
    instance = create_app(config)
    if schema:
        databases.prepare(instance)
    return instance


def stop_instance(databases, instance) -> None:
    """Close an instance from `start_instance` and drop its database."""
    with instance.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(instance.config["SQLALCHEMY_DATABASE_URI"])


@pytest.fixture
def make_instance(databases):
    """Another instance beside `app`: make_instance(folder, **settings) -> app on its own empty database."""
    started = []

    def make(folder: Path, **settings):
        instance = start_instance(databases, folder, databases.another_url(folder, folder.name), **settings)
        started.append(instance)
        return instance

    yield make
    for instance in started:
        stop_instance(databases, instance)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask --app wsgi …` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user: make_user(role=Role.EDITOR, email=None) -> user id and email."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.EDITOR, email: str | None = None, password: str = PASSWORD):
        email = email or f"{role.value}{next(counter)}@example.org"
        with app.app_context():
            user = account_services.create_user(email, password, role)
            db.session.commit()
            return user.id, email

    return make


class AuthActions:
    """Sign a test client in and out (flaskr's AuthActions)."""

    def __init__(self, client, make_user):
        self._client = client
        self._make_user = make_user

    def login(self, role: Role = Role.EDITOR):
        """Create a user with `role` and sign in as them."""
        _user_id, email = self._make_user(role)
        response = self._client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.data
        return email

    def logout(self):
        """Sign out."""
        return self._client.post("/logout")


@pytest.fixture
def auth(client, make_user):
    """Sign the test client in with a given role."""
    return AuthActions(client, make_user)


@pytest.fixture
def cache_clock(app, monkeypatch):
    """The clock of `app`'s figure cache, moved by the test: [seconds]; the generation is re-read once a second."""
    from tracker.core import cache

    app.config["FIGURE_CACHE_CHECK_SECONDS"] = 1.0
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    return clock


@pytest.fixture
def other_worker(app):
    """A second app on `app`'s database, as another worker process is."""

    class SameDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]

    return create_app(SameDatabase)


@pytest.fixture
def make_prisoner(app):
    """Create a prisoner: make_prisoner(name_en=..., timeline=[(EventKind, date), ...], articles=[...])."""

    def make(
        name_en: str = "Test Person",
        *,
        timeline: list[tuple[EventKind, date] | tuple[EventKind, date, bool]] = (),
        articles: list[str] = (),
        **fields,
    ) -> int:
        with app.app_context():
            # Records made here stand for ones that existed before slugs, with old numbered addresses.
            fields.setdefault("numbered_address", True)
            place = prisoner_services.place_named(fields.pop("detention_place", ""))
            prisoner = Prisoner(name_en=name_en, place=place, **fields)
            prisoner.articles = [PrisonerArticle(code=code) for code in articles]
            for entry in timeline:
                kind, on, *published = entry
                prisoner.timeline.append(
                    TimelineEntry(kind=kind, occurred_on=on, published=published[0] if published else True)
                )
            db.session.add(prisoner)
            db.session.commit()
            return prisoner.id

    return make


@pytest.fixture
def make_date(app):
    """Create a commemorative date: make_date(slug, month=5, day=21) -> id."""

    def make(
        slug="day-of-solidarity", name="Day of Solidarity", month=5, day=21, on_date=None, timezone="Europe/Minsk"
    ):
        with app.app_context():
            commemorative_date = date_services.save_date(
                None,
                name=name,
                slug=slug,
                description="Why we mark the day.",
                recurrence=Recurrence.ONE_OFF if on_date else Recurrence.ANNUAL,
                month=month,
                day=day,
                on_date=on_date,
                timezone=timezone,
                prisoner_id=None,
            )
            db.session.commit()
            return commemorative_date.id

    return make


@pytest.fixture
def send_outbox(app):
    """send_outbox() -> how many queued messages one pass of the outbox dispatcher sent now."""

    def run() -> int:
        with app.app_context():
            return dispatch_outbox(datetime.now(UTC))

    return run


@pytest.fixture
def link_in():
    """link_in(message or body, path_start) -> the path of the first link in it that starts with `path_start`."""

    def find(message: email.message.EmailMessage | str, path_start: str) -> str:
        body = message if isinstance(message, str) else message.get_content()
        for url in re.findall(r"https?://\S+", body):
            path = urlsplit(url).path
            if path.startswith(path_start):
                return path
        raise AssertionError(f"no {path_start} link in {body!r}")

    return find


@pytest.fixture
def slug_of(app):
    """slug_of(prisoner_id) -> the record's opaque public slug."""

    def read(prisoner_id: int) -> str:
        with app.app_context():
            return db.session.get(Prisoner, prisoner_id).slug

    return read


@pytest.fixture
def event_slug_of(app):
    """event_slug_of(event_id) -> the event's opaque public slug."""

    def read(event_id: int) -> str:
        with app.app_context():
            return db.session.get(Event, event_id).slug

    return read


@pytest.fixture
def token_reveals():
    """token_reveals(token) -> the text that base64 (and zlib) decoding of a token or its dotted parts yields."""

    def decode(token: str) -> list[str]:
        found = []
        for part in {token, *token.split(".")}:
            try:
                raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
            except ValueError:
                continue
            candidates = [raw]
            with contextlib.suppress(zlib.error):
                candidates.append(zlib.decompress(raw))
            for candidate in candidates:
                with contextlib.suppress(UnicodeDecodeError):
                    found.append(candidate.decode())
        return [text for text in found if text]

    return decode


@pytest.fixture
def database_text(app):
    """database_text(*skip_tables) -> every row of every other table, as one text to search."""

    def dump(*skip_tables: str) -> str:
        with app.app_context():
            rows = [
                repr(tuple(row))
                for table in db.metadata.sorted_tables
                if table.name not in skip_tables
                for row in db.session.execute(table.select())
            ]
        return "\n".join(rows)

    return dump


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MessageCollector:
    """aiosmtpd handler that keeps every message it accepts, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.peers: list[tuple] = []  # the client address of each accepted message: one per connection
        self.reject_next: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  aiosmtpd's hook name
        if self.reject_next:
            self.reject_next -= 1
            return "451 Temporary failure, try again later"
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(app) -> Iterator[MessageCollector]:
    """A real SMTP server on loopback; the app's mail settings point at it."""
    handler = MessageCollector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis server of this test's own on a free loopback port; yields its URL."""
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_page_cache(app, redis_url):
    """Point `app`'s shared page cache at a real Redis server of the test's own, as in production."""
    from tracker.extensions import page_cache

    app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    page_cache.init_app(app)
    return redis_url


@pytest.fixture
def stored_pages(app):
    """stored_pages() -> the body, as text, of every page `app`'s shared page cache holds (any store)."""
    from tracker.extensions import page_cache

    def read() -> list[str]:
        with app.app_context():
            store = page_cache.cache
            if hasattr(store, "_read_client"):  # Redis: every key under the app's prefix
                prefix = store.key_prefix
                keys = [key.decode().removeprefix(prefix) for key in store._read_client.keys(f"{prefix}*")]
            else:  # the in-process store of the tests
                keys = list(store._cache)
            entries = [page_cache.get(key) for key in keys]
        entries = [entry for entry in entries if entry]
        # A compressed copy, where there is one, must hold exactly the page: what is checked of the one holds of both.
        assert all(gzip.decompress(entry["gzip"]) == entry["body"] for entry in entries if "gzip" in entry)
        return [entry["body"].decode() for entry in entries]

    return read


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yields the base URL."""
    app.config["SERVER_NAME"] = None
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Browser tests need Debian's chromium at /usr/bin/chromium; `make test` installs it as root.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own context, so no cookies leak between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where browser tests save screenshots, for people to look at (test-output/screenshots)."""
    folder = TEST_OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def without_own_address():
    """without_own_address(html, value) -> the page with its own address's id or slug masked.

    A page repeats its address (the language links' return path); only there may two 404s differ.
    Digits elsewhere ("32x32" in an icon's size) must stay, or a difference could hide behind them.
    """

    def mask(html: str, value) -> str:
        return re.sub(rf"(/|%2F){re.escape(str(value))}(?![\w-])", r"\1…", html)

    return mask


HELD_SINCE_2022 = [(EventKind.DETENTION, date(2022, 3, 1))]


@pytest.fixture
def private_records(make_prisoner, today) -> dict[str, str]:
    """One record of each kind no public list, letter or kit may show, with a text to look for -> {kind: needle}.

    All of them have a birthday this week, so any birthday list would pick them up.
    """
    birthday = date(1980, today.month, min(today.day, 28))
    records = {
        "not named": {"name_en": "Hanna Notnamed", "name_withheld": True, "postal_address": "ИК-4 Notnamed"},
        "hidden address": {"name_en": "Ihar Hiddenaddress", "address_hidden": True, "postal_address": "ИК-5 Hidden"},
        "held-back release": {
            "name_en": "Maryja Heldback",
            "postal_address": "ИК-6 Heldback",
            "timeline": [*HELD_SINCE_2022, (EventKind.RELEASE, today - timedelta(days=3), False)],
        },
        "kept off lists": {"name_en": "Pavel Keptoff", "kept_off_lists": True, "postal_address": "ИК-7 Keptoff"},
        "letters not advised": {"name_en": "Raman Noletters", "letters_not_advised": True, "postal_address": "ИК-8 No"},
        "released": {
            "name_en": "Siarhei Released",
            "postal_address": "ИК-9 Released",
            "timeline": [*HELD_SINCE_2022, (EventKind.RELEASE, today - timedelta(days=30))],
        },
    }
    needles = {}
    for kind, fields in records.items():
        name = fields.pop("name_en")
        make_prisoner(name, birth_date=birthday, timeline=fields.pop("timeline", HELD_SINCE_2022), **fields)
        needles[kind] = fields["postal_address"] if kind == "hidden address" else name
    return needles


@pytest.fixture
def records_read(app):
    """The English names of the prisoner records loaded from the database, in the order they were read."""
    names: list[str] = []

    def loaded(prisoner: Prisoner, _context) -> None:
        names.append(prisoner.name_en)

    event.listen(Prisoner, "load", loaded)
    yield names
    event.remove(Prisoner, "load", loaded)
