import copy
import json
from datetime import UTC, date, datetime

import pytest
from pyrage import x25519
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tracker.accounts import services as account_services
from tracker.accounts.models import Role
from tracker.backup.encryption import decrypt_document, encrypt_document, parse_recipients
from tracker.backup.services import BackupError, export_everything, import_everything
from tracker.consent.models import Channel, ConsentDecision, ConsentOutput, DecisionStatus, GivenBy
from tracker.counts.models import CountSnapshot, Qualifier
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.demo.data import load_demo_data
from tracker.events.models import Event, OccurrenceListing
from tracker.extensions import db
from tracker.history import services as history_services
from tracker.history.capture import ACTOR_KEY
from tracker.history.models import RecordVersion
from tracker.mail.models import OutboxMessage
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EventKind, Prisoner, Source
from tracker.reminders.models import ReminderPage, Subscription
from tracker.reports.models import ActionReport, ReportStatus

D, V, R = EventKind.DETENTION, EventKind.VERDICT, EventKind.RELEASE
PHOTO = "0123456789abcdef0123456789abcdef.jpg"
IMAGE = "fedcba9876543210fedcba9876543210.jpg"
REPORT_PHOTO = "0123456789abcdef0123456789abcdef.jpg"


@pytest.fixture
def full_instance(app, make_prisoner, make_user):
    """Records of every kind, private ones included, history by several people, a photo and an event image."""
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
    editor, _ = make_user(Role.EDITOR, "editor@example.org")
    admin, _ = make_user(Role.ADMIN, "admin@example.org")
    activist, _ = make_user(Role.ACTIVIST, "activist@example.org")
    with app.app_context():
        load_demo_data(date(2026, 1, 10), samples=3)
        db.session.commit()
        # Several versions of one record, by an editor.
        for sentence in ("10 years", "15 years"):
            db.session.info[ACTOR_KEY] = editor
            prisoner_services.save_prisoner(
                db.session.get(Prisoner, named),
                articles=["342"],
                sources=[("https://example.org/a", "A")],
                sentence=sentence,
            )
            db.session.commit()
        first, second, *_ = db.session.scalars(select(Event).order_by(Event.id))
        first.image_filename, first.submitter_id = IMAGE, activist
        first.prisoners = [db.session.get(Prisoner, named)]
        first.pending_changes = {"title": "A proposed title"}
        db.session.info[ACTOR_KEY] = editor
        db.session.commit()
        db.session.info[ACTOR_KEY] = admin
        history_services.soft_delete(second, reason="Duplicate", actor_id=admin)
        db.session.commit()
        solidarity = first.commemorative_date_id
        db.session.add(OccurrenceListing(commemorative_date_id=solidarity, occurrence_on=date(2025, 5, 21),
                                         archived_at=datetime(2025, 5, 22, tzinfo=UTC), final_event_count=4,
                                         final_country_count=3))  # fmt: skip
        db.session.add(ReminderPage(date_id=solidarity, year=2026))
        db.session.add(ActionReport(event_id=first.id, participants=7, letters=21, note="hidden one",
                                    photo_filename=REPORT_PHOTO, status=ReportStatus.HIDDEN))  # fmt: skip
        db.session.add(ConsentDecision(prisoner_id=named, output=ConsentOutput.LETTER_ADDRESS, allowed=False,
                                       given_by=GivenBy.FAMILY, channel=Channel.PHONE, given_on=date(2025, 6, 1),
                                       note="asked by the sister", status=DecisionStatus.APPLIED,
                                       proposed_by_id=editor, decided_by_id=editor,
                                       decided_at=datetime(2025, 6, 1, 9, tzinfo=UTC)))  # fmt: skip
        # Personal data that must stay out of the export.
        db.session.add(Subscription(email="subscriber@example.org"))
        db.session.add(OutboxMessage(kind="test", to_address="subscriber@example.org", subject="s", body_text="b",
                                     message_id="<m@example.org>"))  # fmt: skip
        db.session.commit()
    photos = app.config["UPLOAD_DIR"] / "photos"
    photos.mkdir(parents=True)
    (photos / PHOTO).write_bytes(b"\xff\xd8jpeg bytes")
    events = app.config["UPLOAD_DIR"] / "events"
    events.mkdir(parents=True)
    (events / IMAGE).write_bytes(b"\xff\xd8event image")
    (app.config["UPLOAD_DIR"] / "reports").mkdir(parents=True)
    (app.config["UPLOAD_DIR"] / "reports" / REPORT_PHOTO).write_bytes(b"\xff\xd8report photo")
    return app


def _export(app) -> dict:
    with app.app_context():
        return export_everything(app.config["UPLOAD_DIR"])


def test_full_export_round_trips_into_a_fresh_instance_without_loss(full_instance, tmp_path, make_instance):
    first = _export(full_instance)
    assert first["version"] == 2
    assert first["prisoners"][0]["private_notes"] == "call the lawyer"
    assert first["prisoners"][1]["name_withheld"] is True
    assert [entry["published"] for entry in first["prisoners"][0]["timeline"]] == [True, True, False]
    event, deleted = first["events"][:2]
    assert event["prisoner_ids"] == [first["prisoners"][0]["id"]] and event["tags"][0]["name"] == "sample"
    assert event["image_jpeg_base64"] and event["pending_changes"] == {"title": "A proposed title"}
    assert deleted["deleted_at"] and deleted["deleted_reason"] == "Duplicate"
    assert len(first["occurrence_listings"]) == len(first["reminder_pages"]) == 1
    [decision] = first["consent_decisions"]
    assert decision["note"] == "asked by the sister" and "decided_by_id" not in decision
    assert first["guidance_notes"] and all(note["source_url"] for note in first["guidance_notes"])
    named_history = [row for row in first["record_versions"] if row["entity_type"] == "prisoners"
                     and row["entity_id"] == first["prisoners"][0]["id"]]  # fmt: skip
    assert [(row["action"], row["actor_label"]) for row in named_history] == [
        ("create", ""), ("update", ""), ("update", "editor #1 (imported)"), ("update", "editor #1 (imported)"),
    ]  # fmt: skip
    assert ("delete", "admin #2 (imported)") in [
        (row["action"], row["actor_label"]) for row in first["record_versions"]
    ]
    other = make_instance(tmp_path / "other")
    with other.app_context():
        document = json.loads(json.dumps(first))
        assert import_everything(document, other.config["UPLOAD_DIR"])["prisoners"] == len(first["prisoners"])
        db.session.commit()
    assert _export(other) == first
    assert (other.config["UPLOAD_DIR"] / "photos" / PHOTO).read_bytes() == b"\xff\xd8jpeg bytes"
    assert (other.config["UPLOAD_DIR"] / "events" / IMAGE).read_bytes() == b"\xff\xd8event image"
    assert first["action_reports"][0]["status"] == "hidden" and first["action_reports"][0]["photo_jpeg_base64"]
    assert (other.config["UPLOAD_DIR"] / "reports" / REPORT_PHOTO).read_bytes() == b"\xff\xd8report photo"
    with other.app_context():
        # Deleted stays deleted; history goes on from the imported versions.
        assert db.session.scalar(select(func.count()).select_from(Event)) == len(first["events"]) - 1
        prisoner = db.session.get(Prisoner, first["prisoners"][0]["id"])
        prisoner_services.save_prisoner(prisoner, articles=["342"], sources=[], sentence="20 years")
        db.session.commit()
        numbers = db.session.scalars(
            select(RecordVersion.number).where(
                RecordVersion.entity_type == "prisoners", RecordVersion.entity_id == prisoner.id
            )  # fmt: skip
        ).all()
        assert numbers == [1, 2, 3, 4, 5]


def test_accounts_subscribers_and_outbox_stay_out_of_the_export(full_instance):
    document = _export(full_instance)
    text = json.dumps(document)
    for private in ("editor@example.org", "admin@example.org", "activist@example.org", "subscriber@example.org"):
        assert private not in text
    for field in ("password_hash", "session_token", "totp_secret", "deleted_by_id", "actor_id"):
        assert f'"{field}"' not in text
    assert all("submitter_id" not in event for event in document["events"])
    # Snapshots keep their shape, but never point at an account a revert could hand the record to.
    snapshots = [row["snapshot"] for row in document["record_versions"] if row["entity_type"] == "events"]
    assert snapshots and all(snapshot["submitter_id"] is None for snapshot in snapshots)


def test_imported_history_names_a_role_never_an_account_of_the_new_instance(full_instance, tmp_path, make_instance):
    first = _export(full_instance)
    other = make_instance(tmp_path / "other")
    with other.app_context():
        import_everything(first, other.config["UPLOAD_DIR"])
        db.session.commit()
        # Account #1 of the new instance is someone else than editor #1 of the old one.
        account_services.create_user("newcomer@example.org", PASSWORD, Role.EDITOR)
        db.session.commit()
    client = other.test_client()
    assert client.post("/login", data={"email": "newcomer@example.org", "password": PASSWORD}).status_code == 303
    page = client.get(f"/history/prisoners/{first['prisoners'][0]['id']}").get_data(as_text=True)
    assert "editor #1 (imported)" in page and "newcomer@example.org" not in page


def test_an_export_of_version_1_still_imports(full_instance, tmp_path, make_instance):
    first = _export(full_instance)
    legacy = {
        key: copy.deepcopy(first[key]) for key in ("format", "prisoners", "count_snapshots", "commemorative_dates")
    }
    legacy["version"] = 1
    for row in legacy["prisoners"]:
        row["deleted_by_id"] = None
    other = make_instance(tmp_path / "other")
    with other.app_context():
        assert import_everything(legacy, other.config["UPLOAD_DIR"])["prisoners"] == len(first["prisoners"])
        db.session.commit()
    again = _export(other)
    assert again["prisoners"] == first["prisoners"] and again["events"] == []


def test_cli_export_is_encrypted_and_imports_with_the_identity(full_instance, tmp_path, make_instance, age_key):
    path = tmp_path / "export.json.age"
    result = full_instance.test_cli_runner().invoke(args=["backup", "export", str(path), "--recipient", age_key.public])
    assert result.exit_code == 0, result.output
    encrypted = path.read_bytes()
    assert encrypted.startswith(b"age-encryption.org/v1\n")
    for plain in ("Vitold", "Ashurok", "Ашурок", "call the lawyer", "Shklov", "private_notes"):
        assert plain.encode() not in encrypted
    document = decrypt_document(encrypted, [age_key.identity])
    assert document == _export(full_instance)
    other = make_instance(tmp_path / "other")
    result = other.test_cli_runner().invoke(
        args=["backup", "import", str(path), "--identity", str(age_key.identity_file)]
    )
    assert result.exit_code == 0, result.output
    assert _export(other) == document


def test_cli_export_refuses_to_write_without_a_recipient(full_instance, tmp_path):
    path = tmp_path / "export.json"
    result = full_instance.test_cli_runner().invoke(args=["backup", "export", str(path)])
    assert result.exit_code != 0 and "only encrypted" in result.output and "--recipient" in result.output
    result = full_instance.test_cli_runner().invoke(args=["backup", "export", str(path), "--recipient", "age1nope"])
    assert result.exit_code != 0 and "not a valid age public key" in result.output
    assert not path.exists()


def test_cli_export_encrypts_to_the_configured_recipients(full_instance, tmp_path, age_key):
    other_key = x25519.Identity.generate()
    full_instance.config["BACKUP_AGE_RECIPIENTS"] = [age_key.public, str(other_key.to_public())]
    path = tmp_path / "export.json.age"
    result = full_instance.test_cli_runner().invoke(args=["backup", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert decrypt_document(path.read_bytes(), [other_key]) == decrypt_document(path.read_bytes(), [age_key.identity])


def test_cli_import_of_an_encrypted_export_needs_the_right_identity(full_instance, tmp_path, make_instance, age_key):
    path = tmp_path / "export.json.age"
    path.write_bytes(encrypt_document(_export(full_instance), parse_recipients([age_key.public])))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(f"{x25519.Identity.generate()}\n", encoding="utf-8")
    other = make_instance(tmp_path / "other")
    for args, message in (
        ([], "give --identity"),
        (["--identity", str(wrong)], "could not be decrypted"),
        (["--identity", str(path)], "not an age secret key"),
    ):
        result = other.test_cli_runner().invoke(args=["backup", "import", str(path), *args])
        assert result.exit_code != 0 and message in result.output, args
    with other.app_context():
        assert db.session.scalar(select(func.count()).select_from(Prisoner)) == 0


def test_cli_still_imports_a_plain_export_written_before_encryption(full_instance, tmp_path, make_instance):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_export(full_instance)), encoding="utf-8")
    other = make_instance(tmp_path / "other")
    result = other.test_cli_runner().invoke(args=["backup", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "not encrypted" in result.output
    assert _export(other) == json.loads(path.read_text(encoding="utf-8"))


def test_import_refuses_an_instance_that_holds_records(full_instance):
    with full_instance.app_context(), pytest.raises(BackupError, match="empty"):
        import_everything(_export(full_instance), full_instance.config["UPLOAD_DIR"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda doc: doc.update(format="other"), "not a full export"),
        (lambda doc: doc.update(version=99), "version"),
        (lambda doc: doc["prisoners"][0].update(secret_field=1), "unknown field"),
        (lambda doc: doc["prisoners"][0].update(birth_date="yesterday"), "bad value"),
        (lambda doc: doc["prisoners"][0].update(photo_filename="../../etc/passwd"), "bad photo"),
        (lambda doc: doc["prisoners"][0].update(deleted_by_id=1), "unknown field"),
        (lambda doc: doc["events"][0].update(image_filename="../x.jpg"), "bad image"),
        (lambda doc: doc["events"][0].update(image_jpeg_base64="not base64!"), "bad image"),
        (lambda doc: doc["events"][0].update(submitter_id=1), "unknown field"),
        (lambda doc: doc["events"][0].update(starts_at="soon"), "bad value"),
        (lambda doc: doc["events"][0].update(prisoner_ids=[999]), "does not hold"),
        (lambda doc: doc["events"][0]["tags"][0].update(colour="red"), "unknown field"),
        (lambda doc: doc["occurrence_listings"][0].update(occurrence_on="May"), "bad value"),
        (lambda doc: doc["reminder_pages"][0].update(email="a@example.org"), "unknown field"),
        (lambda doc: doc["record_versions"][0].update(actor_id=1), "unknown field"),
        (lambda doc: doc["record_versions"][0].update(action="rewrite"), "bad value"),
        (lambda doc: doc["record_versions"][0].update(entity_type="users"), "unknown kind"),
        (lambda doc: doc["record_versions"][0].update(snapshot=[]), "bad snapshot"),
        (lambda doc: doc.update(events={}), "not a list"),
    ],
)
def test_bad_export_files_are_refused_and_nothing_is_written(
    full_instance, tmp_path, change, message, make_instance, age_key
):
    document = _export(full_instance)
    change(document)
    other = make_instance(tmp_path / "other")
    path = tmp_path / "bad.json.age"
    path.write_bytes(encrypt_document(document, parse_recipients([age_key.public])))
    result = other.test_cli_runner().invoke(
        args=["backup", "import", str(path), "--identity", str(age_key.identity_file)]
    )
    assert result.exit_code != 0 and message in result.output
    with other.app_context():
        for model in (Prisoner, Event, RecordVersion):
            assert (
                db.session.scalar(select(func.count()).select_from(model).execution_options(include_deleted=True)) == 0
            )
    assert not (other.config["UPLOAD_DIR"] / "events").exists()


def test_a_version_snapshot_naming_an_account_is_refused(full_instance, tmp_path, make_instance):
    document = _export(full_instance)
    [row] = [row for row in document["record_versions"] if row["entity_type"] == "events"][:1]
    row["snapshot"]["submitter_id"] = 3
    other = make_instance(tmp_path / "other")
    with other.app_context(), pytest.raises(BackupError, match="account"):
        import_everything(document, other.config["UPLOAD_DIR"])


def test_only_admins_download_the_full_export(client, auth, full_instance, age_key):
    assert client.get("/admin/export").status_code == 302
    assert client.post("/admin/export", data={"recipients": age_key.public}).status_code == 302
    auth.login(Role.EDITOR)
    assert client.get("/admin/export").status_code == 403
    assert client.post("/admin/export", data={"recipients": age_key.public}).status_code == 403


def test_the_web_export_is_only_ever_encrypted(client, auth, full_instance, age_key):
    auth.login(Role.ADMIN)
    page = client.get("/admin/export")
    assert page.status_code == 200 and "age-keygen" in page.get_data(as_text=True)
    for recipients in ("", "age1nope", f"{age_key.public}\nnot a key"):
        refused = client.post("/admin/export", data={"recipients": recipients})
        assert refused.status_code == 400 and refused.mimetype == "text/html", recipients
        assert "call the lawyer" not in refused.get_data(as_text=True)
    response = client.post("/admin/export", data={"recipients": f"\n{age_key.public}\n"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].endswith(".json.age")
    encrypted = response.get_data()
    for plain in ("Vitold", "Ashurok", "call the lawyer", "private_notes"):
        assert plain.encode() not in encrypted
    document = decrypt_document(encrypted, [age_key.identity])
    assert document["prisoners"][0]["private_notes"] == "call the lawyer"
    assert client.get("/admin/export.json").status_code == 404


def test_new_records_after_an_import_get_fresh_ids(full_instance, tmp_path, make_instance):
    first = _export(full_instance)
    other = make_instance(tmp_path / "other")
    with other.app_context():
        import_everything(first, other.config["UPLOAD_DIR"])
        db.session.commit()
    assert _export(other) == first
    with other.app_context():
        added = Prisoner(name_en="After import")
        db.session.add(added)
        db.session.commit()  # also a new version: PostgreSQL's sequences moved past the imported ids
        assert added.id == max(row["id"] for row in first["prisoners"]) + 1
        version = db.session.scalar(select(RecordVersion).where(RecordVersion.entity_id == added.id,
                                                                RecordVersion.entity_type == "prisoners"))  # fmt: skip
        assert version.id == max(row["id"] for row in first["record_versions"]) + 1


def test_the_export_carries_places_articles_and_every_translation(app, tmp_path, make_instance):
    with app.app_context():
        load_demo_data(date(2026, 11, 25), samples=3)
        db.session.commit()
    first = _export(app)
    shklov = next(place for place in first["places"] if place["name"] == "Penal colony No. 17, Shklov")
    assert shklov["translations"]["name"]["be"] == "Папраўчая калонія № 17, Шклоў"
    assert next(row for row in first["articles"] if row["code"] == "342")["translations"]["title"]["uk"]
    solidarity = next(row for row in first["commemorative_dates"] if row["slug"] == "day-of-solidarity")
    assert solidarity["translations"]["description"]["ru"].startswith("21 мая 2021 года")
    ashurok = next(row for row in first["prisoners"] if row["name_en"] == "Vitold Ashurok")
    assert ashurok["place_id"] == shklov["id"] and ashurok["translations"]["biography"]["uk"]
    other = make_instance(tmp_path / "other")
    with other.app_context():
        import_everything(json.loads(json.dumps(first)), other.config["UPLOAD_DIR"])
        db.session.commit()
        prisoner = db.session.scalar(select(Prisoner).where(Prisoner.name_en == "Vitold Ashurok"))
        assert prisoner.place.translation("name", "ru") == "Исправительная колония № 17, Шклов"
    assert _export(other)["places"] == first["places"]
