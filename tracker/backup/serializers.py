"""What a feature gives the full export: a serializer for its tables, and the helpers to write one.

Each feature registers its serializers on the app (``add_serializer``, called from its ``init_app``);
the export writes one list per serializer under its key and an import loads them in the order they
were registered, so a serializer whose rows point at another's comes after it (``requires``).
"""

import base64
import binascii
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask, current_app
from sqlalchemy import Date, DateTime, Enum, inspect, select

from tracker.accounts.models import User
from tracker.extensions import db

SERIALIZERS = "tracker.backup_serializers"
IMAGE_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


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


def _to_json(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes that were stored as UTC.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _omitted(model, derived: Iterable[str]) -> set[str]:
    return set(derived) | account_references(model)


def to_row(obj, *, derived: Iterable[str] = ()) -> dict:
    """Every stored column of a row, JSON-ready, by attribute name, minus `derived` and account references."""
    skip = _omitted(type(obj), derived)
    return {
        attr.key: _to_json(getattr(obj, attr.key)) for attr in inspect(type(obj)).column_attrs if attr.key not in skip
    }


def from_row(model, data: dict, *, where: str, derived: Iterable[str] = ()):
    """A new row of `model` from exported values, refusing unknown fields and malformed values."""
    if not isinstance(data, dict):
        raise BackupError(f"{where} is not an object.")
    attrs = {attr.key: attr for attr in inspect(model).column_attrs}
    skip = _omitted(model, derived)
    values = {}
    for key, value in data.items():
        if key not in attrs or key in skip:
            raise BackupError(f"{where} has an unknown field {key!r}.")
        try:
            values[key] = _value_from_json(attrs[key].columns[0].type, value)
        except (TypeError, ValueError):
            raise BackupError(f"{where}: {key} has a bad value.") from None
    return model(**values)


def _value_from_json(column_type, value):
    if value is None:
        return None
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    return value


def as_object(data, where: str) -> dict:
    """A copy of an exported object, or BackupError when it is not one."""
    if not isinstance(data, dict):
        raise BackupError(f"{where} is not an object.")
    return dict(data)


def all_rows(model) -> Iterable:
    """Every row of `model` by id, soft-deleted ones too: they are still part of the record."""
    return db.session.scalars(select(model).order_by(model.id).execution_options(include_deleted=True))


@dataclass
class ExportContext:
    """Where the export reads uploaded images from."""

    upload_dir: Path

    def image(self, folder: str, name: str | None) -> str | None:
        """An uploaded image as base64, or None when there is none."""
        path = self.upload_dir / folder / name if name else None
        return base64.b64encode(path.read_bytes()).decode("ascii") if path and path.is_file() else None


@dataclass
class ImportContext:
    """The file's format version, and the images to write once every row is in."""

    version: int
    upload_dir: Path
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def row(self, model, data, *, where: str, derived: Iterable[str] = ()):
        """A new row of `model` from an exported object (account references of version 1 dropped)."""
        data = as_object(data, where)
        if self.version == 1:
            # Version 1 kept account references (`deleted_by_id`); those accounts are not on this instance.
            for key in account_references(model):
                data.pop(key, None)
        return from_row(model, data, where=where, derived=derived)

    def image(self, folder: str, name: str | None, encoded, *, where: str, what: str) -> None:
        """Keep an exported image for writing under `folder`, refusing names this tracker would not make."""
        if not name:
            return
        # The name becomes a path: only the names this tracker itself generates are accepted.
        if not isinstance(name, str) or not IMAGE_NAME.fullmatch(name) or not isinstance(encoded, str):
            raise BackupError(f"{where} has a bad {what}.")
        try:
            self.files[(folder, name)] = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise BackupError(f"{where} has a bad {what}.") from None

    def write_files(self) -> None:
        """Write the kept images into the upload folder."""
        for (folder, name), content in self.files.items():
            (self.upload_dir / folder).mkdir(parents=True, exist_ok=True)
            (self.upload_dir / folder / name).write_bytes(content)


class Serializer:
    """One list of the full export: how a feature's rows are written out and loaded back.

    ``models`` are every table the list fills, so an import can check they are empty and move
    PostgreSQL's id sequences past the imported ids; ``requires`` names the lists whose rows
    these point at, which must be loaded first.
    """

    key: ClassVar[str]
    models: ClassVar[tuple[type, ...]]
    requires: ClassVar[tuple[str, ...]] = ()

    def export(self, context: ExportContext) -> list[dict]:
        """Every row, JSON-ready."""
        raise NotImplementedError

    def load(self, items: list, context: ImportContext) -> None:
        """Add the exported rows to the session; BackupError for anything malformed."""
        raise NotImplementedError


class TableSerializer(Serializer):
    """A table whose rows stand alone: written and read column by column."""

    model: ClassVar[type]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            cls.models = (cls.model,)

    def export(self, context: ExportContext) -> list[dict]:
        """Every row by id."""
        return [to_row(row) for row in all_rows(self.model)]

    def load(self, items: list, context: ImportContext) -> None:
        """Every row as exported."""
        for number, data in enumerate(items, start=1):
            db.session.add(context.row(self.model, data, where=f"{self.key}[{number}]"))


def add_serializer(app: Flask, serializer: Serializer) -> None:
    """Make a feature's rows part of the full export, loaded after the lists it requires."""
    registered = app.extensions.setdefault(SERIALIZERS, [])
    missing = set(serializer.requires) - {known.key for known in registered}
    if missing:
        raise RuntimeError(f"backup list {serializer.key!r} needs {sorted(missing)} registered before it")
    registered.append(serializer)


def serializers() -> list[Serializer]:
    """The current app's serializers, in load order."""
    return current_app.extensions.get(SERIALIZERS, [])
