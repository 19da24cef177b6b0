"""Shared fixtures: a fresh app and database per test, users, records, SMTP, Chromium."""

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from hypothesis import settings
from werkzeug.serving import make_server

from config import TestConfig
from tracker import create_app
from tracker.accounts import services as account_services
from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, PrisonerArticle, TimelineEntry

# Property-based tests explore a fixed set of examples, so a run that passed passes again (CI lands
# reproducibly); `--hypothesis-seed` or a local profile explores further.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parent.parent
TEST_OUTPUT = ROOT / "test-output"
PASSWORD = "a-long-test-password"


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A fresh app on a fresh SQLite file database (a file, so a live server thread shares it)."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        INSTANCE_DIR = tmp_path
        UPLOAD_DIR = tmp_path / "uploads"
        MAIL_FILE_DIR = tmp_path / "mail"

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
            prisoner = Prisoner(name_en=name_en, **fields)
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


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests save screenshots."""
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT


@pytest.fixture
def postgres_app(tmp_path):
    """A fresh app on a fresh PostgreSQL database built by the real migrations (not create_all)."""
    import os
    import uuid

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server_url = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/postgres")
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # a clear failure, never a silent skip
        pytest.fail(f"PostgreSQL tests need the server at {server_url} (make test starts it as root): {error}")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        INSTANCE_DIR = tmp_path
        UPLOAD_DIR = tmp_path / "uploads"
        MAIL_FILE_DIR = tmp_path / "mail"

    app = create_app(Config)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
