import json
from datetime import date

import pytest

from config import TestConfig
from tracker import create_app
from tracker.accounts.models import Role
from tracker.backup.services import BackupError, export_everything, import_everything
from tracker.counts.models import CountSnapshot, Qualifier
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, Source

D, V, R = EventKind.DETENTION, EventKind.VERDICT, EventKind.RELEASE
PHOTO = "0123456789abcdef0123456789abcdef.jpg"


def fresh_app(folder):
    """Another instance with its own empty database and upload folder."""
    folder.mkdir()

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'other.sqlite3'}"
        INSTANCE_DIR = folder
        UPLOAD_DIR = folder / "uploads"

    other = create_app(Config)
    with other.app_context():
        db.create_all()
    return other


@pytest.fixture
def full_instance(app, make_prisoner):
    """Records of every kind, private ones included, and a photo on disk."""
    named = make_prisoner(
        "Vitold Ashurok", name_be="Вітольд Ашурок", aliases="Ashurak\nАшурак", birth_date=date(1970, 1, 1),
        articles=["342", "361-1"], private_notes="call the lawyer", postal_address="Shklov", address_hidden=True,
        photo_filename=PHOTO, last_verified_on=date(2025, 5, 1),
        timeline=[(D, date(2020, 9, 18)), (V, date(2021, 1, 1)), (R, date(2024, 1, 1), False)],
    )  # fmt: skip
    make_prisoner("Withheld", name_withheld=True, timeline=[(D, date(2022, 1, 1))])
    with app.app_context():
        db.session.get(Prisoner, named).sources = [Source(url="https://example.org/a", title="A")]
        db.session.add(CountSnapshot(count=1150, qualifier=Qualifier.AT_LEAST, reported_on=date(2025, 1, 1),
                                     source_name="Viasna", source_url="https://example.org/v", note="n"))  # fmt: skip
        db.session.add(CommemorativeDate(slug="day", name="Day", recurrence=Recurrence.ANNUAL, month=5, day=21,
                                         prisoner_id=named))  # fmt: skip
        db.session.add(
            CommemorativeDate(slug="once", name="Once", recurrence=Recurrence.ONE_OFF, on_date=date(2027, 2, 3))
        )
        db.session.commit()
    photos = app.config["UPLOAD_DIR"] / "photos"
    photos.mkdir(parents=True)
    (photos / PHOTO).write_bytes(b"\xff\xd8jpeg bytes")
    return app


def _export(app) -> dict:
    with app.app_context():
        return export_everything(app.config["UPLOAD_DIR"] / "photos")


def test_full_export_round_trips_into_a_fresh_instance_without_loss(full_instance, tmp_path):
    first = _export(full_instance)
    assert first["prisoners"][0]["private_notes"] == "call the lawyer"
    assert first["prisoners"][1]["name_withheld"] is True
    assert [entry["published"] for entry in first["prisoners"][0]["timeline"]] == [True, True, False]
    other = fresh_app(tmp_path / "other")
    with other.app_context():
        assert import_everything(json.loads(json.dumps(first)), other.config["UPLOAD_DIR"] / "photos") == 2
        db.session.commit()
    assert _export(other) == first
    assert (other.config["UPLOAD_DIR"] / "photos" / PHOTO).read_bytes() == b"\xff\xd8jpeg bytes"


def test_cli_export_and_import_round_trip(full_instance, tmp_path):
    path = tmp_path / "export.json"
    result = full_instance.test_cli_runner().invoke(args=["backup", "export", str(path)])
    assert result.exit_code == 0, result.output
    other = fresh_app(tmp_path / "other")
    result = other.test_cli_runner().invoke(args=["backup", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _export(other) == json.loads(path.read_text(encoding="utf-8"))


def test_import_refuses_an_instance_that_holds_records(full_instance):
    with full_instance.app_context(), pytest.raises(BackupError, match="empty"):
        import_everything(_export(full_instance), full_instance.config["UPLOAD_DIR"] / "photos")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda doc: doc.update(format="other"), "not a full export"),
        (lambda doc: doc.update(version=99), "version"),
        (lambda doc: doc["prisoners"][0].update(secret_field=1), "unknown field"),
        (lambda doc: doc["prisoners"][0].update(birth_date="yesterday"), "bad value"),
        (lambda doc: doc["prisoners"][0].update(photo_filename="../../etc/passwd"), "bad photo"),
    ],
)
def test_bad_export_files_are_refused_and_nothing_is_written(full_instance, tmp_path, change, message):
    document = _export(full_instance)
    change(document)
    other = fresh_app(tmp_path / "other")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = other.test_cli_runner().invoke(args=["backup", "import", str(path)])
    assert result.exit_code != 0 and message in result.output
    with other.app_context():
        assert db.session.query(Prisoner).count() == 0


def test_only_admins_download_the_full_export(client, auth, full_instance):
    assert client.get("/admin/export.json").status_code == 302
    auth.login(Role.EDITOR)
    assert client.get("/admin/export.json").status_code == 403
    auth.logout()
    auth.login(Role.ADMIN)
    response = client.get("/admin/export.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["prisoners"][0]["private_notes"] == "call the lawyer"


@pytest.mark.postgres
def test_full_export_imports_into_postgres_and_new_records_get_fresh_ids(full_instance, postgres_app):
    first = _export(full_instance)
    with postgres_app.app_context():
        import_everything(first, postgres_app.config["UPLOAD_DIR"] / "photos")
        db.session.commit()
        added = Prisoner(name_en="After import")
        db.session.add(added)
        db.session.commit()
        assert added.id == 3
        db.session.delete(added)
        db.session.commit()
    assert _export(postgres_app) == first
