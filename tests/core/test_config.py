import os
import subprocess
import sys

import pytest

import config
from tracker import create_app


def test_production_refuses_to_start_without_a_real_secret(monkeypatch):
    class Production(config.ProductionConfig):
        SECRET_KEY = config._DEV_SECRET
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://u:p@localhost/db"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_production_refuses_to_start_without_a_database_url():
    class Production(config.ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = ""

    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(Production)


def test_unknown_config_name_is_an_error(monkeypatch):
    monkeypatch.setenv("TRACKER_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="Unknown TRACKER_CONFIG"):
        config.config_from_env()


def test_factory_has_no_side_effects(tmp_path):
    class Quiet(config.TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'untouched.sqlite3'}"

    create_app(Quiet)
    assert not (tmp_path / "untouched.sqlite3").exists()  # no migration, no connection at start-up


@pytest.mark.sqlite(reason="PRAGMAs of SQLite's own")
def test_sqlite_databases_use_write_ahead_logging_for_several_processes(app):
    from sqlalchemy import text

    from tracker.extensions import db

    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 10000


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    from flask import request

    from config import TestConfig
    from tracker import create_app

    class BehindNginx(TestConfig):
        TRUSTED_PROXY_HOPS = 1
        INSTANCE_DIR = tmp_path

    for config_class, expected in ((TestConfig, "127.0.0.1"), (BehindNginx, "203.0.113.7")):
        app = create_app(config_class)
        seen = []
        app.add_url_rule("/_whoami", "whoami", lambda seen=seen: seen.append(request.remote_addr) or "")
        app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
        assert seen == [expected]


def test_language_choice_needs_no_session_or_form_token(tmp_path):
    from config import TestConfig
    from tracker import create_app

    class WithCsrf(TestConfig):
        WTF_CSRF_ENABLED = True
        INSTANCE_DIR = tmp_path

    client = create_app(WithCsrf).test_client()
    response = client.post("/language", data={"language": "be", "next": "/prisoners"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/prisoners"
    assert "lang=be" in response.headers["Set-Cookie"]
    # Other forms still need their token.
    assert client.post("/login", data={"email": "a@example.org", "password": "x"}).status_code == 400


DEVELOPMENT_LINKS = """
import config
from tracker import create_app
from tracker.core.urls import external_url

app = create_app(config.Config)
with app.app_context():
    print(app.config["SITE_URL"])
    print(external_url("events.index_feed", fmt="ics"))
"""


@pytest.mark.parametrize(
    ("environment", "origin"),
    [
        ({"PORT": "8000"}, "http://localhost:8000"),
        ({"FLASK_RUN_PORT": "5105"}, "http://localhost:5105"),
        ({}, "http://localhost:5000"),
        ({"PORT": "8000", "SITE_URL": "https://tracker.example.org"}, "https://tracker.example.org"),
    ],
)
def test_development_links_point_at_the_port_being_served(tmp_path, environment, origin):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORT", "FLASK_RUN_PORT", "SITE_URL", "TRACKER_CONFIG"}
    }
    env.update(environment, TRACKER_INSTANCE_DIR=str(tmp_path))
    shown = subprocess.run(
        [sys.executable, "-c", DEVELOPMENT_LINKS], env=env, cwd=config.BASE_DIR, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [origin, f"{origin}/events/feed.ics"]


def test_make_run_hands_its_port_to_every_process_it_starts():
    makefile = (config.BASE_DIR / "Makefile").read_text()
    assert "\nexport PORT\n" in makefile
    printed = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "show-port", "PORT=8000"],
        input="show-port:\n\t@echo $$PORT\n",
        cwd=config.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert printed.stdout.strip() == "8000"


@pytest.mark.parametrize("store", ["memory://", "async+memory://"])
def test_production_refuses_to_start_with_an_in_process_rate_limit_store(store):
    class Production(config.ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://u:p@localhost/db"
        SITE_URL = "https://tracker.example.org"
        RATELIMIT_STORAGE_URI = store

    with pytest.raises(RuntimeError, match="shared rate-limit store"):
        create_app(Production)


def test_production_starts_with_a_shared_rate_limit_store():
    class Production(config.ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://u:p@localhost/db"
        SITE_URL = "https://tracker.example.org"
        RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

    assert create_app(Production).config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
