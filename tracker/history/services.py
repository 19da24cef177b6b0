"""History operations: read versions and diffs, revert, soft delete, restore, stale verification."""

import logging
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.history.capture import INCLUDE_DELETED, REVERT_KEY
from tracker.history.models import DELETION_KEYS, REGISTRY, RecordVersion, Versioned
from tracker.timeutil import utcnow

logger = logging.getLogger(__name__)

REASON_MAX_LENGTH = 500


class HistoryError(ValueError):
    """A history operation that cannot be done as asked; str() is a message for the user."""


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a version."""

    field: str
    old: Any
    new: Any

    @property
    def is_list(self) -> bool:
        """Whether the field holds child rows (timeline, articles, sources)."""
        return isinstance(self.old, list) or isinstance(self.new, list)

    @property
    def removed(self) -> list:
        """Child rows the version took away."""
        return [row for row in self.old or [] if row not in (self.new or [])]

    @property
    def added(self) -> list:
        """Child rows the version added."""
        return [row for row in self.new or [] if row not in (self.old or [])]


@dataclass(frozen=True)
class VersionDiff:
    """A version and what it changed compared with the one before."""

    version: RecordVersion
    changes: list[FieldChange]


def model_for(entity_type: str) -> type[Versioned] | None:
    """The versioned model an entity type names, or None."""
    return REGISTRY.get(entity_type)


def get_record(entity_type: str, record_id: int) -> Versioned | None:
    """A versioned record by type and id, deleted or not."""
    model = model_for(entity_type)
    if model is None:
        return None
    return db.session.get(model, record_id, execution_options=INCLUDE_DELETED)


def list_versions(record: Versioned) -> list[RecordVersion]:
    """Every version of a record, oldest first."""
    return list(
        db.session.scalars(
            select(RecordVersion)
            .where(RecordVersion.entity_type == record.history_type, RecordVersion.entity_id == record.id)
            .order_by(RecordVersion.number)
        )
    )


def get_version(record: Versioned, number: int) -> RecordVersion | None:
    """One version of this record (never another record's), or None."""
    return db.session.scalar(
        select(RecordVersion).where(
            RecordVersion.entity_type == record.history_type,
            RecordVersion.entity_id == record.id,
            RecordVersion.number == number,
        )
    )


def diff_snapshots(old: dict | None, new: dict) -> list[FieldChange]:
    """The fields whose values differ between two snapshots, in the newer snapshot's order."""
    old = old or {}
    return [FieldChange(key, old.get(key), value) for key, value in new.items() if old.get(key) != value]


def version_diffs(record: Versioned) -> list[VersionDiff]:
    """Each version with its changes against the version before, newest first."""
    diffs = []
    previous = None
    for version in list_versions(record):
        changes = diff_snapshots(previous, version.snapshot)
        if previous is None:  # the first version: show what it holds, not every empty field
            changes = [change for change in changes if change.new not in ("", [], False)]
        diffs.append(VersionDiff(version, changes))
        previous = version.snapshot
    return list(reversed(diffs))


def _without_deletion(snapshot: dict) -> dict:
    return {key: value for key, value in snapshot.items() if key not in DELETION_KEYS}


def revert(record: Versioned, number: int) -> bool:
    """Bring a record back to an earlier version's values; the revert is a new version.

    Returns False when the record already holds those values. Raises HistoryError for an unknown
    version, a deleted record, or values that now clash with another record.
    """
    if record.is_deleted:
        raise HistoryError(_l("Restore the record before reverting it."))
    version = get_version(record, number)
    if version is None:
        raise HistoryError(_l("This record has no version %(number)s.", number=number))
    if _without_deletion(record.history_snapshot()) == _without_deletion(version.snapshot):
        return False
    try:
        record.history_apply(version.snapshot)
        db.session.flush()
    except (IntegrityError, ValueError, TypeError):
        # The caller rolls the whole request back, so nothing of the failed revert is kept.
        raise HistoryError(
            _l("Version %(number)s clashes with another record and cannot be restored.", number=number)
        ) from None
    db.session.info.setdefault(REVERT_KEY, {})[(record.history_type, record.id)] = number
    logger.info("%s %s: reverted to version %s", record.history_type, record.id, number)
    return True


def soft_delete(record: Versioned, *, reason: str, actor_id: int | None) -> None:
    """Hide a record from every public page and count, keeping it and its history for restoring."""
    reason = (reason or "").strip()
    if not reason:
        raise HistoryError(_l("Give a reason for deleting the record."))
    if len(reason) > REASON_MAX_LENGTH:
        raise HistoryError(_l("Keep the reason under %(max)s characters.", max=REASON_MAX_LENGTH))
    if record.is_deleted:
        raise HistoryError(_l("This record is already deleted."))
    record.deleted_at = utcnow()
    record.deleted_reason = reason
    record.deleted_by_id = actor_id
    db.session.flush()
    logger.info("%s %s: deleted", record.history_type, record.id)


def restore(record: Versioned) -> None:
    """Bring a soft-deleted record back."""
    if not record.is_deleted:
        raise HistoryError(_l("This record is not deleted."))
    record.deleted_at = None
    record.deleted_reason = ""
    record.deleted_by_id = None
    db.session.flush()
    logger.info("%s %s: restored", record.history_type, record.id)


def deleted_records() -> list[Versioned]:
    """Every soft-deleted record of every versioned type, most recently deleted first."""
    records: list[Versioned] = []
    for model in REGISTRY.values():
        statement = select(model).where(model.deleted_at.is_not(None)).execution_options(**INCLUDE_DELETED)
        records.extend(db.session.scalars(statement))
    return sorted(records, key=lambda record: record.deleted_at, reverse=True)


def recent_versions(limit: int = 20) -> list[RecordVersion]:
    """The latest changes to any record, newest first."""
    statement = select(RecordVersion).order_by(RecordVersion.created_at.desc(), RecordVersion.id.desc())
    return list(db.session.scalars(statement.limit(limit)))
