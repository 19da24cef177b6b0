"""Full export of every record (private fields included) and its import into an empty instance."""

import base64
import binascii
import enum
import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Enum, func, inspect, select, text
from sqlalchemy.orm import selectinload

from tracker.counts.models import CountSnapshot
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.prisoners.models import Prisoner, PrisonerArticle, Source, TimelineEntry

logger = logging.getLogger(__name__)

FORMAT = "political-prisoner-tracker/full-export"
VERSION = 1
# Derived from other columns, rebuilt on import; foreign keys are implied by nesting.
DERIVED = {Prisoner: {"search_text"}, TimelineEntry: {"prisoner_id"}, PrisonerArticle: {"prisoner_id"}}
DERIVED[Source] = {"prisoner_id"}
TABLES = (Prisoner, TimelineEntry, PrisonerArticle, Source, CountSnapshot, CommemorativeDate)
PHOTO_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


class BackupError(ValueError):
    """A file that cannot be imported, or an instance that is not empty; str() is for the operator (CLI, English)."""


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
    """Every stored column of a row, JSON-ready, by attribute name."""
    skip = DERIVED.get(type(obj), set())
    return {
        attr.key: _to_json(getattr(obj, attr.key)) for attr in inspect(type(obj)).column_attrs if attr.key not in skip
    }


def export_everything(photo_dir: Path) -> dict:
    """Every prisoner (not-named ones, private notes, held-back entries), figure and date, plus photos."""
    prisoners = db.session.scalars(
        select(Prisoner)
        .options(selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources))
        .order_by(Prisoner.id)
        .execution_options(include_deleted=True)  # a soft-deleted record is still part of the record
    )
    exported = []
    for prisoner in prisoners:
        row = _row(prisoner)
        row["timeline"] = [_row(entry) for entry in sorted(prisoner.timeline, key=lambda entry: entry.id)]
        row["articles"] = [_row(article) for article in sorted(prisoner.articles, key=lambda article: article.id)]
        row["sources"] = [_row(source) for source in sorted(prisoner.sources, key=lambda source: source.id)]
        photo = photo_dir / prisoner.photo_filename if prisoner.photo_filename else None
        row["photo_jpeg_base64"] = (
            base64.b64encode(photo.read_bytes()).decode("ascii") if photo and photo.is_file() else None
        )
        exported.append(row)
    return {
        "format": FORMAT,
        "version": VERSION,
        "prisoners": exported,
        "count_snapshots": [
            _row(item)
            for item in db.session.scalars(
                select(CountSnapshot).order_by(CountSnapshot.id).execution_options(include_deleted=True)
            )
        ],
        "commemorative_dates": [
            _row(item)
            for item in db.session.scalars(
                select(CommemorativeDate).order_by(CommemorativeDate.id).execution_options(include_deleted=True)
            )
        ],
    }


def _from_json(model, data: dict, *, where: str):
    """A new row of `model` from exported values, refusing unknown fields and malformed values."""
    if not isinstance(data, dict):
        raise BackupError(f"{where} is not an object.")
    attrs = {attr.key: attr for attr in inspect(model).column_attrs}
    values = {}
    for key, value in data.items():
        if key not in attrs or key in DERIVED.get(model, set()):
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


def instance_is_empty() -> bool:
    """Whether no record of any exported kind exists yet."""
    return all(
        not db.session.scalar(select(func.count()).select_from(model).execution_options(include_deleted=True))
        for model in TABLES
    )


def import_everything(document: dict, photo_dir: Path) -> int:
    """Load a full export into an empty instance, keeping every id; returns how many prisoners. Flushes."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a full export of this tracker.")
    if document.get("version") != VERSION:
        raise BackupError(f"This export has version {document.get('version')!r}; this tracker reads version {VERSION}.")
    if not instance_is_empty():
        raise BackupError("This instance already holds records; import into an empty one.")
    photos: dict[str, bytes] = {}
    for number, data in enumerate(document.get("prisoners") or [], start=1):
        where = f"prisoners[{number}]"
        if not isinstance(data, dict):
            raise BackupError(f"{where} is not an object.")
        data = dict(data)
        timeline, articles, sources = data.pop("timeline", []), data.pop("articles", []), data.pop("sources", [])
        photo = data.pop("photo_jpeg_base64", None)
        prisoner = _from_json(Prisoner, data, where=where)
        prisoner.timeline = [_from_json(TimelineEntry, item, where=f"{where}.timeline") for item in timeline]
        prisoner.articles = [_from_json(PrisonerArticle, item, where=f"{where}.articles") for item in articles]
        prisoner.sources = [_from_json(Source, item, where=f"{where}.sources") for item in sources]
        if prisoner.photo_filename:
            # The name becomes a path: only the names this tracker itself generates are accepted.
            if not PHOTO_NAME.fullmatch(prisoner.photo_filename) or not isinstance(photo, str):
                raise BackupError(f"{where} has a bad photo.")
            try:
                photos[prisoner.photo_filename] = base64.b64decode(photo, validate=True)
            except (binascii.Error, ValueError):
                raise BackupError(f"{where} has a bad photo.") from None
        db.session.add(prisoner)
    for number, data in enumerate(document.get("count_snapshots") or [], start=1):
        db.session.add(_from_json(CountSnapshot, data, where=f"count_snapshots[{number}]"))
    db.session.flush()
    for number, data in enumerate(document.get("commemorative_dates") or [], start=1):
        db.session.add(_from_json(CommemorativeDate, data, where=f"commemorative_dates[{number}]"))
    db.session.flush()
    _reset_sequences()
    photo_dir.mkdir(parents=True, exist_ok=True)
    for name, content in photos.items():
        (photo_dir / name).write_bytes(content)
    count = len(document.get("prisoners") or [])
    logger.info("imported a full export: %s prisoners", count)
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
