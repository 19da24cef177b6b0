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


def test_sqlite_databases_use_write_ahead_logging_for_several_processes(app):
    from sqlalchemy import text

    from tracker.extensions import db

    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 10000
