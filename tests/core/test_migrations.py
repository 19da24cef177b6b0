from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

import config
from tracker import create_app
from tracker.core.schema import include_object
from tracker.extensions import db


def test_sqlite_migrations_match_the_models_and_downgrade_cleanly(tmp_path):
    class Migrated(config.TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"

    app = create_app(Migrated)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object("sqlite")})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        db.engine.dispose()
