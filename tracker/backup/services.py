"""Full export of every record (private fields included) and its import into an empty instance.

What a full export holds, ids kept: prisoners (timeline, articles, sources, photo), count snapshots,
commemorative dates, solidarity events (tags, dedicated prisoners, image), occurrence listing pages,
published reminder pages and the record history (every version). Soft-deleted rows are included.

What stays out, on purpose:
- user accounts (emails, password hashes, TOTP secrets, session tokens): credentials are never
  exported. Every reference to an account is dropped: ``submitter_id`` of events and
  ``deleted_by_id`` of soft-deleted records (who deleted a record is in its DELETE version), and
  a version's ``actor_id`` becomes ``actor_label``, e.g. "editor #3 (imported)": the role and
  the account number on the exporting instance, provenance without a person's address. The same
  references are emptied inside version snapshots, so a revert can never hand a record to an
  unrelated account of the new instance.
- reminder subscriptions (subscribers' email addresses) and the mail outbox: personal data,
  not the record; subscribers sign up again on the new instance.
- the scheduler heartbeat and the API's data-change marker: operational state, rebuilt by use.

An import writes no history of its own (tracker.history.capture.suppress_capture): the
versions in the file are the history, and they round-trip unchanged.
"""

import base64
import binascii
import enum
import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Enum, func, insert, inspect, select, text
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.counts.models import CountSnapshot
from tracker.dates.models import CommemorativeDate
from tracker.events.models import Event, EventTag, OccurrenceListing, event_prisoners
from tracker.extensions import db
from tracker.history.capture import suppress_capture
from tracker.history.models import REGISTRY, RecordVersion
from tracker.prisoners.models import Prisoner, PrisonerArticle, Source, TimelineEntry
from tracker.reminders.models import ReminderPage

logger = logging.getLogger(__name__)

FORMAT = "political-prisoner-tracker/full-export"
VERSION = 2
# Version 1 held no events, listings, reminder pages or history, and kept `deleted_by_id`.
READABLE_VERSIONS = (1, 2)
# Derived from other columns, rebuilt on import; foreign keys are implied by nesting.
DERIVED = {Prisoner: {"search_text", "sort_name"}, TimelineEntry: {"prisoner_id"}, PrisonerArticle: {"prisoner_id"}}
DERIVED[Source] = {"prisoner_id"}
DERIVED[EventTag] = {"event_id"}
TABLES = (
    Prisoner,
    TimelineEntry,
    PrisonerArticle,
    Source,
    CountSnapshot,
    CommemorativeDate,
    Event,
    EventTag,
    OccurrenceListing,
    ReminderPage,
    RecordVersion,
)
IMAGE_NAME = re.compile(r"[0-9a-f]{32}\.jpg")
PHOTO_NAME = IMAGE_NAME  # the name version 1 used
IMPORTED_ACTOR = "{role} #{id} (imported)"


class BackupError(ValueError):
    """A file that cannot be imported, or an instance that is not empty; str() is for the operator (CLI, English)."""


def account_references(model) -> set[str]:
    """Attributes of `model` that point at a user account: never exported."""
    users = User.__table__
    return {
        attr.key
        for attr in inspect(model).column_attrs
        if any(key.references(users) for key in attr.columns[0].foreign_keys)
    }


def _omitted(model) -> set[str]:
    return DERIVED.get(model, set()) | account_references(model)


def _to_json(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes that were stored as UTC.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(obj) -> dict:
    """Every stored column of a row, JSON-ready, by attribute name (account references left out)."""
    skip = _omitted(type(obj))
    return {
        attr.key: _to_json(getattr(obj, attr.key)) for attr in inspect(type(obj)).column_attrs if attr.key not in skip
    }


def _image(folder: Path, name: str | None) -> str | None:
    path = folder / name if name else None
    return base64.b64encode(path.read_bytes()).decode("ascii") if path and path.is_file() else None


def _all(model):
    # A soft-deleted record is still part of the record.
    return db.session.scalars(select(model).order_by(model.id).execution_options(include_deleted=True))


def _version_row(version: RecordVersion) -> dict:
    row = _row(version)
    if version.actor is not None:
        row["actor_label"] = IMPORTED_ACTOR.format(role=version.actor.role.value, id=version.actor_id)
    model = REGISTRY.get(version.entity_type)
    snapshot = dict(version.snapshot)
    for key in account_references(model) if model else ():
        if key in snapshot:
            snapshot[key] = None
    row["snapshot"] = snapshot
    return row


def export_everything(upload_dir: Path) -> dict:
    """Every record (not-named prisoners, private notes, held-back entries, pending events), with images.

    Photos are read from ``upload_dir/photos``, event images from ``upload_dir/events``.
    """
    prisoners = db.session.scalars(
        select(Prisoner)
        .options(selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources))
        .order_by(Prisoner.id)
        .execution_options(include_deleted=True)
    )
    exported = []
    for prisoner in prisoners:
        row = _row(prisoner)
        row["timeline"] = [_row(entry) for entry in sorted(prisoner.timeline, key=lambda entry: entry.id)]
        row["articles"] = [_row(article) for article in sorted(prisoner.articles, key=lambda article: article.id)]
        row["sources"] = [_row(source) for source in sorted(prisoner.sources, key=lambda source: source.id)]
        row["photo_jpeg_base64"] = _image(upload_dir / "photos", prisoner.photo_filename)
        exported.append(row)
    dedications: dict[int, list[int]] = {}
    for event_id, prisoner_id in db.session.execute(
        select(event_prisoners.c.event_id, event_prisoners.c.prisoner_id).order_by(
            event_prisoners.c.event_id, event_prisoners.c.prisoner_id
        )
    ):
        dedications.setdefault(event_id, []).append(prisoner_id)
    events = []
    for event in db.session.scalars(
        select(Event).options(selectinload(Event.tags)).order_by(Event.id).execution_options(include_deleted=True)
    ):
        row = _row(event)
        row["tags"] = [_row(tag) for tag in sorted(event.tags, key=lambda tag: tag.id)]
        row["prisoner_ids"] = dedications.get(event.id, [])
        row["image_jpeg_base64"] = _image(upload_dir / "events", event.image_filename)
        events.append(row)
    versions = db.session.scalars(
        select(RecordVersion).options(selectinload(RecordVersion.actor)).order_by(RecordVersion.id)
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "prisoners": exported,
        "count_snapshots": [_row(item) for item in _all(CountSnapshot)],
        "commemorative_dates": [_row(item) for item in _all(CommemorativeDate)],
        "events": events,
        "occurrence_listings": [_row(item) for item in _all(OccurrenceListing)],
        "reminder_pages": [_row(item) for item in _all(ReminderPage)],
        "record_versions": [_version_row(version) for version in versions],
    }


def _from_json(model, data: dict, *, where: str):
    """A new row of `model` from exported values, refusing unknown fields and malformed values."""
    if not isinstance(data, dict):
        raise BackupError(f"{where} is not an object.")
    attrs = {attr.key: attr for attr in inspect(model).column_attrs}
    values = {}
    for key, value in data.items():
        if key not in attrs or key in _omitted(model):
            raise BackupError(f"{where} has an unknown field {key!r}.")
        column_type = attrs[key].columns[0].type
        try:
            if value is None:
                values[key] = None
            elif isinstance(column_type, DateTime):
                values[key] = datetime.fromisoformat(value)
            elif isinstance(column_type, Date):
                values[key] = date.fromisoformat(value)
            elif isinstance(column_type, Enum) and column_type.enum_class is not None:
                values[key] = column_type.enum_class(value)
            else:
                values[key] = value
        except (TypeError, ValueError):
            raise BackupError(f"{where}: {key} has a bad value.") from None
    return model(**values)


def _items(document: dict, key: str) -> list:
    items = document.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise BackupError(f"{key} is not a list.")
    return items


def _object(data, where: str) -> dict:
    if not isinstance(data, dict):
        raise BackupError(f"{where} is not an object.")
    return dict(data)


def _decode_image(name: str | None, encoded, *, where: str, what: str, into: dict[str, bytes]) -> None:
    if not name:
        return
    # The name becomes a path: only the names this tracker itself generates are accepted.
    if not isinstance(name, str) or not IMAGE_NAME.fullmatch(name) or not isinstance(encoded, str):
        raise BackupError(f"{where} has a bad {what}.")
    try:
        into[name] = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise BackupError(f"{where} has a bad {what}.") from None


def instance_is_empty() -> bool:
    """Whether no record of any exported kind exists yet."""
    return all(
        not db.session.scalar(select(func.count()).select_from(model).execution_options(include_deleted=True))
        for model in TABLES
    )


def import_everything(document: dict, upload_dir: Path) -> int:
    """Load a full export into an empty instance, keeping every id; returns how many prisoners. Flushes.

    Writes no history of its own for the rest of the transaction; the caller commits or rolls back.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a full export of this tracker.")
    version = document.get("version")
    if version not in READABLE_VERSIONS:
        raise BackupError(
            f"This export has version {version!r}; this tracker reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}."
        )
    if not instance_is_empty():
        raise BackupError("This instance already holds records; import into an empty one.")
    suppress_capture(db.session)
    photos: dict[str, bytes] = {}
    images: dict[str, bytes] = {}

    def legacy(data: dict, model) -> dict:
        # Version 1 kept account references (`deleted_by_id`); those accounts are not on this instance.
        if version == 1:
            for key in account_references(model):
                data.pop(key, None)
        return data

    prisoner_ids = set()
    for number, data in enumerate(_items(document, "prisoners"), start=1):
        where = f"prisoners[{number}]"
        data = legacy(_object(data, where), Prisoner)
        timeline, articles, sources = data.pop("timeline", []), data.pop("articles", []), data.pop("sources", [])
        photo = data.pop("photo_jpeg_base64", None)
        prisoner = _from_json(Prisoner, data, where=where)
        if not all(isinstance(items, list) for items in (timeline, articles, sources)):
            raise BackupError(f"{where} has a bad timeline, articles or sources list.")
        prisoner.timeline = [_from_json(TimelineEntry, item, where=f"{where}.timeline") for item in timeline]
        prisoner.articles = [_from_json(PrisonerArticle, item, where=f"{where}.articles") for item in articles]
        prisoner.sources = [_from_json(Source, item, where=f"{where}.sources") for item in sources]
        _decode_image(prisoner.photo_filename, photo, where=where, what="photo", into=photos)
        prisoner_ids.add(prisoner.id)
        db.session.add(prisoner)
    for number, data in enumerate(_items(document, "count_snapshots"), start=1):
        where = f"count_snapshots[{number}]"
        db.session.add(_from_json(CountSnapshot, legacy(_object(data, where), CountSnapshot), where=where))
    db.session.flush()
    for number, data in enumerate(_items(document, "commemorative_dates"), start=1):
        where = f"commemorative_dates[{number}]"
        db.session.add(_from_json(CommemorativeDate, legacy(_object(data, where), CommemorativeDate), where=where))
    db.session.flush()
    dedications = []
    for number, data in enumerate(_items(document, "events"), start=1):
        where = f"events[{number}]"
        data = _object(data, where)
        tags, dedicated = data.pop("tags", []), data.pop("prisoner_ids", [])
        image = data.pop("image_jpeg_base64", None)
        event = _from_json(Event, data, where=where)
        if not isinstance(tags, list):
            raise BackupError(f"{where} has a bad tags list.")
        event.tags = [_from_json(EventTag, item, where=f"{where}.tags") for item in tags]
        if not isinstance(dedicated, list) or not all(
            isinstance(prisoner_id, int) and prisoner_id in prisoner_ids for prisoner_id in dedicated
        ):
            raise BackupError(f"{where} is dedicated to a prisoner the export does not hold.")
        _decode_image(event.image_filename, image, where=where, what="image", into=images)
        dedications += [{"event_id": event.id, "prisoner_id": prisoner_id} for prisoner_id in dedicated]
        db.session.add(event)
    db.session.flush()
    if dedications:
        db.session.execute(insert(event_prisoners), dedications)
    for key, model in (("occurrence_listings", OccurrenceListing), ("reminder_pages", ReminderPage)):
        for number, data in enumerate(_items(document, key), start=1):
            db.session.add(_from_json(model, data, where=f"{key}[{number}]"))
    for number, data in enumerate(_items(document, "record_versions"), start=1):
        where = f"record_versions[{number}]"
        version_row = _from_json(RecordVersion, data, where=where)
        model = REGISTRY.get(version_row.entity_type)
        if model is None:
            raise BackupError(f"{where} is about an unknown kind of record.")
        if not isinstance(version_row.snapshot, dict) or not isinstance(version_row.changed_fields, list):
            raise BackupError(f"{where} has a bad snapshot.")
        if any(version_row.snapshot.get(key) is not None for key in account_references(model)):
            raise BackupError(f"{where} names a user account in its snapshot.")
        db.session.add(version_row)
    db.session.flush()
    _reset_sequences()
    for folder, files in ((upload_dir / "photos", photos), (upload_dir / "events", images)):
        if files:
            folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / name).write_bytes(content)
    count = len(prisoner_ids)
    logger.info(
        "imported a full export: %s prisoners, %s events, %s versions",
        count,
        len(_items(document, "events")),
        len(_items(document, "record_versions")),
    )
    return count


def _reset_sequences() -> None:
    # Rows came with their ids, so PostgreSQL's sequences must move past them before the next insert.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in TABLES:
        table = model.__tablename__
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  fixed table names
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), (SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
        )
