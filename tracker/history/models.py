"""Record history: one row per version of every versioned record, and the soft-delete columns."""

import enum
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint, inspect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow

# entity type -> model class; filled in as versioned models are defined.
REGISTRY: dict[str, type["Versioned"]] = {}

# Bookkeeping columns: they change on every save or are derived, so they are not part of a version.
# Counters feeding iCalendar SEQUENCE must only grow, and link secrets are not history: a revert leaves them alone.
UNVERSIONED_COLUMNS = frozenset(
    {"id", "search_text", "sort_name", "created_at", "updated_at", "revision", "sequence", "uid", "manage_key"}
)
SOFT_DELETE_COLUMNS = frozenset({"deleted_at", "deleted_reason", "deleted_by_id"})
# Keys a snapshot carries about deletion; shown in diffs, never written back by a revert.
DELETION_KEYS = ("deleted", "deleted_reason")
DELETION_LABELS = {"deleted": _l("Deleted"), "deleted_reason": _l("Reason for deleting")}


class VersionAction(enum.StrEnum):
    """What produced a version."""

    BASELINE = "baseline"  # the state found when history first saw a record made before history existed
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    REVERT = "revert"


class RecordVersion(db.Model):
    """The full state of a record after one change, who made it and which fields it changed."""

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("entity_type", "entity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int]
    number: Mapped[int]
    action: Mapped[VersionAction] = mapped_column(
        Enum(VersionAction, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m])
    )
    # Null for changes made by the CLI, jobs or demo loading.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Who made the change on the instance this history was imported from, e.g. "editor #3 (imported)":
    # accounts are not part of a full export, so an imported version names a role, not a person.
    actor_label: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_fields: Mapped[list[str]] = mapped_column(JSON)
    reverted_to: Mapped[int | None]

    actor = relationship("User")

    def __repr__(self) -> str:
        return f"<RecordVersion {self.entity_type} {self.entity_id} v{self.number}>"


def _to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _from_json(column, value: Any) -> Any:
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    return value


class Versioned:
    """Mixin: every change to the record is kept as a version, and deleting it is a soft delete.

    A model opts in by listing it first among its bases (``class Event(Versioned, db.Model)``);
    the session listeners in tracker.history.capture then record each change, whichever service
    or view made it. ``history_children`` names one-to-many relationships whose rows belong to
    the record (a prisoner's timeline, articles, sources): they are part of each version, so a
    revert restores them too. It maps each relationship to the child fields its rows sort by.

    History pages present a record in its own words: ``history_title`` says what kind of record
    it is, ``history_field_labels`` names the fields of its versions, and ``history_value_labels``
    maps a field's stored values to the labels editors chose them by (a region's name).
    """

    history_type: ClassVar[str]
    history_children: ClassVar[dict[str, tuple[str, ...]]] = {}
    # (endpoint, keyword) of the editors' form for one record, for links from history pages.
    history_edit_endpoint: ClassVar[tuple[str, str] | None] = None
    history_title: ClassVar[str | None] = None
    history_field_labels: ClassVar[Mapping[str, str]] = {}
    history_value_labels: ClassVar[Mapping[str, Mapping[Any, str]]] = {}

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # The server default fills the column in rows that existed before history did.
    deleted_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")

    @declared_attr
    def deleted_by_id(cls) -> Mapped[int | None]:  # noqa: N805  declared_attr receives the class
        """Who deleted the record (null once restored)."""
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "__tablename__" in cls.__dict__:
            cls.history_type = cls.__dict__.get("history_type", cls.__tablename__)
            REGISTRY[cls.history_type] = cls

    @classmethod
    def history_field_label(cls, field: str) -> str:
        """A readable name for a field of this record's versions."""
        label = cls.history_field_labels.get(field) or DELETION_LABELS.get(field)
        return label or field.replace("_", " ").capitalize()

    @classmethod
    def history_value_label(cls, field: str, value: Any) -> Any:
        """A stored value as editors chose it: the label of a choice (a region's name), else as is."""
        if isinstance(value, str | int):
            for choice, label in cls.history_value_labels.get(field, {}).items():
                if str(choice) == str(value):
                    return label
        return value

    @property
    def is_deleted(self) -> bool:
        """Whether the record is soft-deleted."""
        return self.deleted_at is not None

    def history_label(self) -> str:
        """A short name for the record on history pages."""
        return f"#{self.id}"

    def history_snapshot(self) -> dict[str, Any]:
        """The record's state as plain JSON values: columns, child rows and deletion state."""
        snapshot = {column.key: _to_json(getattr(self, column.key)) for column in _plain_columns(type(self))}
        for name, sort_fields in self.history_children.items():
            child_model = inspect(type(self)).relationships[name].mapper.class_
            rows = [
                {column.key: _to_json(getattr(child, column.key)) for column in _child_columns(child_model, type(self))}
                for child in getattr(self, name)
            ]
            if sort_fields:
                rows.sort(key=lambda row: json.dumps([row.get(field) for field in sort_fields]))
            snapshot[name] = rows
        snapshot["deleted"] = self.deleted_at is not None
        snapshot["deleted_reason"] = self.deleted_reason or ""
        return json.loads(json.dumps(snapshot))

    def history_apply(self, snapshot: dict[str, Any]) -> None:
        """Write a snapshot's values back: columns and child rows, never the deletion state."""
        for column in _plain_columns(type(self)):
            if column.key in snapshot:
                setattr(self, column.key, _from_json(column, snapshot[column.key]))
        for name in self.history_children:
            if name not in snapshot:
                continue
            child_model = inspect(type(self)).relationships[name].mapper.class_
            columns = {column.key: column for column in _child_columns(child_model, type(self))}
            # Rows that stay as they are are kept: inserting an equal row before the old one is deleted
            # would break unique constraints such as (prisoner, article code).
            current = {_row_key(child, columns): child for child in getattr(self, name)}
            children = []
            for row in snapshot[name]:
                values = {key: _from_json(columns[key], value) for key, value in row.items() if key in columns}
                children.append(current.pop(_row_key(values, columns), None) or child_model(**values))
            setattr(self, name, children)


def _row_key(row, columns: dict) -> str:
    """A child row's values as one comparable string (row: a child instance or a dict of values)."""
    values = row if isinstance(row, dict) else {key: getattr(row, key) for key in columns}
    return json.dumps({key: _to_json(values.get(key)) for key in columns}, sort_keys=True)


def _plain_columns(model: type) -> list:
    """A versioned model's own columns, minus bookkeeping and deletion columns."""
    return [column for column in inspect(model).columns if column.key not in UNVERSIONED_COLUMNS | SOFT_DELETE_COLUMNS]


def _child_columns(model: type, owner: type) -> list:
    """A child row's columns, minus its id, its owner's key and timestamps."""
    owner_table = inspect(owner).local_table
    return [
        column
        for column in inspect(model).columns
        if column.key not in UNVERSIONED_COLUMNS and not any(key.references(owner_table) for key in column.foreign_keys)
    ]


def child_owners() -> dict[type, tuple[type[Versioned], str]]:
    """child model -> (owning versioned model, the child's attribute holding the owner's id)."""
    owners: dict[type, tuple[type[Versioned], str]] = {}
    for model in REGISTRY.values():
        for name in model.history_children:
            relationship_property = inspect(model).relationships[name]
            child_mapper = relationship_property.mapper
            (remote_column,) = relationship_property.remote_side
            owners[child_mapper.class_] = (model, child_mapper.get_property_by_column(remote_column).key)
    return owners
