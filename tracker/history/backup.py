"""The record history in the full export: every version, with the editor named by role only.

Accounts are not exported, so a version's ``actor_id`` becomes ``actor_label`` ("editor #3
(imported)"), and account references inside snapshots are emptied: a revert on the new instance
can never hand a record to an unrelated account there.
"""

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.backup.serializers import (
    BackupError,
    ExportContext,
    ImportContext,
    Serializer,
    account_references,
    add_serializer,
    to_row,
)
from tracker.extensions import db
from tracker.history.models import REGISTRY, RecordVersion

IMPORTED_ACTOR = "{role} #{id} (imported)"


class RecordVersionSerializer(Serializer):
    """Every version of every versioned record; registered after the records' own lists."""

    key = "record_versions"
    models = (RecordVersion,)

    def export(self, context: ExportContext) -> list[dict]:
        """Each version by id."""
        versions = db.session.scalars(
            select(RecordVersion).options(selectinload(RecordVersion.actor)).order_by(RecordVersion.id)
        )
        return [self._row(version) for version in versions]

    @staticmethod
    def _row(version: RecordVersion) -> dict:
        row = to_row(version)
        if version.actor is not None:
            row["actor_label"] = IMPORTED_ACTOR.format(role=version.actor.role.value, id=version.actor_id)
        model = REGISTRY.get(version.entity_type)
        snapshot = dict(version.snapshot)
        for key in account_references(model) if model else ():
            if key in snapshot:
                snapshot[key] = None
        row["snapshot"] = snapshot
        return row

    def load(self, items: list, context: ImportContext) -> None:
        """Each version as exported, refusing unknown kinds of record and snapshots that name accounts."""
        for number, data in enumerate(items, start=1):
            where = f"record_versions[{number}]"
            version = context.row(RecordVersion, data, where=where)
            model = REGISTRY.get(version.entity_type)
            if model is None:
                raise BackupError(f"{where} is about an unknown kind of record.")
            if not isinstance(version.snapshot, dict) or not isinstance(version.changed_fields, list):
                raise BackupError(f"{where} has a bad snapshot.")
            if any(version.snapshot.get(key) is not None for key in account_references(model)):
                raise BackupError(f"{where} names a user account in its snapshot.")
            db.session.add(version)


def init_app(app: Flask) -> None:
    """Make the record history part of the full export."""
    add_serializer(app, RecordVersionSerializer())
