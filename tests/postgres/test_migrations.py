"""The real migrations on the production database engine."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.core.schema import include_object
from tracker.demo.data import load_demo_data
from tracker.extensions import db


def test_migrations_build_the_schema_the_models_describe(postgres_app):
    with postgres_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object("postgresql")})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_demo_data_and_public_pages_on_postgresql(postgres_app):
    from datetime import date

    with postgres_app.app_context():
        load_demo_data(date(2026, 11, 25))
        db.session.commit()
    client = postgres_app.test_client()
    for url in ("/", "/counts", "/prisoners?q=Ашурак", "/counts.json", "/healthz"):
        assert client.get(url).status_code == 200, url
    assert "Vitold Ashurok" in client.get("/prisoners?q=ashurak").get_data(as_text=True)
