"""The real migrations, on whichever engine the run uses: from empty to head, down and back up."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, inspect, text

import tracker
from tests.conftest import start_instance, stop_instance
from tracker.extensions import db

MIGRATIONS = Path(tracker.__file__).parent / "migrations"


def migration_chain() -> list[str]:
    """Every revision from the first to the newest."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


@pytest.fixture
def unmigrated_app(tmp_path, databases):
    """An app on a database without a single table."""
    app = start_instance(databases, tmp_path / "unmigrated", databases.empty_url(tmp_path, "unmigrated"), schema=False)
    with app.app_context():
        yield app
        db.session.remove()
    stop_instance(databases, app)


def schema_differences() -> list:
    """What autogenerate would write: the migrated schema against the models."""
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def current_revision() -> str | None:
    """The revision the database is at."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def tables() -> set[str]:
    """Every table in the database."""
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_migrations_form_one_line_from_the_first_to_the_newest():
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    assert len(scripts.get_bases()) == 1
    assert len(scripts.get_heads()) == 1, "two migrations share a parent: make one follow the other"
    chain = migration_chain()
    assert [scripts.get_revision(revision).down_revision for revision in chain] == [None, *chain[:-1]]


def test_upgrading_an_empty_database_builds_the_schema_the_models_describe(unmigrated_app):
    upgrade()
    assert current_revision() == migration_chain()[-1]
    assert schema_differences() == []


def test_the_newest_migration_downgrades_and_upgrades_again(unmigrated_app):
    *_, previous, newest = [None, *migration_chain()]
    upgrade()
    downgrade(revision="-1")
    assert current_revision() == previous
    upgrade()
    assert current_revision() == newest
    assert schema_differences() == []


def test_every_migration_downgrades_one_step_at_a_time_to_an_empty_database(unmigrated_app):
    chain = migration_chain()
    upgrade()
    for expected in reversed([None, *chain[:-1]]):
        downgrade(revision="-1")
        assert current_revision() == expected
    assert tables() <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []


def test_events_submitted_before_slugs_get_one_each(unmigrated_app):
    upgrade(revision="14329b3b5ba9")
    at = datetime(2027, 5, 21, 16, tzinfo=UTC)
    with db.engine.begin() as connection:
        events = Table("events", MetaData(), autoload_with=connection)
        connection.execute(
            events.insert(),
            [
                {
                    "uid": f"{number}@events.tracker",
                    "manage_key": "0" * 32,
                    "status": "approved",
                    "title": "Vigil",
                    "description": "",
                    "starts_at": at,
                    "ends_at": at,
                    "timezone": "UTC",
                    "venue": "",
                    "address": "",
                    "city": "",
                    "country": "",
                    "online_url": "",
                    "city_only": False,
                    "organizer_name": "Razam",
                    "public_contact": "",
                    "private_contact": "a@example.org",
                    "language": "en",
                    "submitter_locale": "en",
                    "cancelled": False,
                    "rescheduled": False,
                    "sequence": 0,
                    "rejection_reason": "",
                    "created_at": at,
                    "updated_at": at,
                }  # fmt: skip
                for number in range(3)
            ],
        )
    upgrade()
    with db.engine.connect() as connection:
        slugs = list(connection.execute(text("SELECT slug FROM events")).scalars())
    assert len(set(slugs)) == 3 and not any(slug is None or slug.isdigit() for slug in slugs)
    assert schema_differences() == []


def test_text_stored_with_control_characters_is_cleaned(unmigrated_app):
    upgrade(revision="6b2e9d4c1a73")
    at = datetime(2027, 5, 21, 16, tzinfo=UTC)
    # U+0000 aside: PostgreSQL cannot store it, so no stored row holds it.
    controls = "".join(chr(code) for code in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
    with db.engine.begin() as connection:
        dates = Table("commemorative_dates", MetaData(), autoload_with=connection)
        connection.execute(
            dates.insert(),
            {
                "slug": "day",
                "name": f"Day{controls} of Solidarity",
                "description": f"Why:\n\tbecause{controls}.",
                "recurrence": "annual",
                "month": 5,
                "day": 21,
                "timezone": "Europe/Minsk",
                "revision": 0,
                "created_at": at,
                "updated_at": at,
            },  # fmt: skip
        )
    upgrade()
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT name, description FROM commemorative_dates")).one()
    assert tuple(row) == ("Day of Solidarity", "Why:\n\tbecause.")


def _filler(column):
    """A value for a NOT NULL column a test does not care about."""
    type_name = type(column.type).__name__.upper()
    if "BOOL" in type_name:
        return False
    if "INT" in type_name:
        return 0
    if "DATETIME" in type_name or "TIMESTAMP" in type_name:
        return datetime(2026, 12, 7, tzinfo=UTC)
    if type_name == "DATE":
        return datetime(2026, 12, 7).date()
    return "unknown" if column.name in {"gender", "region"} else ""


def test_free_text_places_become_one_place_each_and_records_point_at_it(unmigrated_app):
    upgrade(revision="a1d4e7b2c9f0")
    texts = ["Penal colony No. 17, Shklov", " Penal colony No. 17, Shklov", "Prison No. 8, Zhodzina", ""]
    with db.engine.begin() as connection:
        prisoners = Table("prisoners", MetaData(), autoload_with=connection)
        required = [c for c in prisoners.columns if not c.nullable and c.server_default is None and not c.primary_key]
        rows = [
            {**{c.name: _filler(c) for c in required}, "slug": f"slug{number}", "detention_place": place}
            for number, place in enumerate(texts)
        ]
        connection.execute(prisoners.insert(), rows)
    upgrade()
    with db.engine.connect() as connection:
        places = dict(connection.execute(text("SELECT name, id FROM places")).all())
        assert sorted(places) == ["Penal colony No. 17, Shklov", "Prison No. 8, Zhodzina"]
        pointed = connection.execute(text("SELECT slug, place_id FROM prisoners ORDER BY slug")).all()
    shklov, zhodzina = places["Penal colony No. 17, Shklov"], places["Prison No. 8, Zhodzina"]
    assert pointed == [("slug0", shklov), ("slug1", shklov), ("slug2", zhodzina), ("slug3", None)]
    downgrade(revision="a1d4e7b2c9f0")
    with db.engine.connect() as connection:
        back = connection.execute(text("SELECT detention_place FROM prisoners ORDER BY slug")).scalars().all()
    assert back == ["Penal colony No. 17, Shklov", "Penal colony No. 17, Shklov", "Prison No. 8, Zhodzina", ""]
