"""Full export of every record (private fields included) and its import into an empty instance.

Each feature registers the lists it adds to the export (tracker.backup.serializers: a feature's
``backup.py``); rows keep their ids, and soft-deleted rows are included.

What stays out, on purpose:
- user accounts (emails, password hashes, TOTP secrets, session tokens): credentials are never
  exported. Every reference to an account is dropped: ``submitter_id`` of events and
  ``deleted_by_id`` of soft-deleted records (who deleted a record is in its DELETE version), and
  a version names the editor's role instead of the account (tracker.history.backup).
- reminder subscriptions (subscribers' email addresses) and the mail outbox: personal data,
  not the record; subscribers sign up again on the new instance.
- the scheduler heartbeat and the API's data-change marker: operational state, rebuilt by use.

An import writes no history of its own (tracker.history.capture.suppress_capture): the
versions in the file are the history, and they round-trip unchanged.
"""

import logging
from pathlib import Path

from sqlalchemy import func, select, text

from tracker.backup.serializers import BackupError, ExportContext, ImportContext, serializers
from tracker.core.text import clean_strings
from tracker.extensions import db
from tracker.history.capture import suppress_capture

__all__ = ["BackupError", "export_everything", "import_everything", "instance_is_empty"]

logger = logging.getLogger(__name__)

FORMAT = "political-prisoner-tracker/full-export"
VERSION = 2
# Version 1 held no events, listings, reminder pages or history, and kept `deleted_by_id`.
READABLE_VERSIONS = (1, 2)


def export_everything(upload_dir: Path) -> dict:
    """Every record (not-named prisoners, private notes, held-back entries, pending events), with images.

    Photos are read from ``upload_dir/photos``, event images from ``upload_dir/events``.
    """
    context = ExportContext(upload_dir)
    document = {"format": FORMAT, "version": VERSION}
    for serializer in serializers():
        document[serializer.key] = serializer.export(context)
    return document


def instance_is_empty() -> bool:
    """Whether no record of any exported kind exists yet."""
    return all(
        not db.session.scalar(select(func.count()).select_from(model).execution_options(include_deleted=True))
        for serializer in serializers()
        for model in serializer.models
    )


def import_everything(document: dict, upload_dir: Path) -> dict[str, int]:
    """Load a full export into an empty instance, keeping every id; returns how many rows of each list. Flushes.

    Writes no history of its own for the rest of the transaction; the caller commits or rolls back.
    """
    version = _check_document(document)
    # A file from an older tracker (or edited by hand) may hold what no form accepts today.
    document = clean_strings(document)
    if not instance_is_empty():
        raise BackupError("This instance already holds records; import into an empty one.")
    suppress_capture(db.session)
    context = ImportContext(version, upload_dir)
    counts = {}
    for serializer in serializers():
        items = _items(document, serializer.key)
        serializer.load(items, context)
        db.session.flush()
        counts[serializer.key] = len(items)
    _reset_sequences()
    context.write_files()
    logger.info("imported a full export: %s", ", ".join(f"{count} {key}" for key, count in counts.items()))
    return counts


def _check_document(document) -> int:
    """The export's format version, or BackupError when this tracker cannot read the file."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a full export of this tracker.")
    version = document.get("version")
    if version not in READABLE_VERSIONS:
        raise BackupError(
            f"This export has version {version!r}; this tracker reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}."
        )
    return version


def _items(document: dict, key: str) -> list:
    items = document.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise BackupError(f"{key} is not a list.")
    return items


def _reset_sequences() -> None:
    # Rows came with their ids, so PostgreSQL's sequences must move past them before the next insert.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for serializer in serializers():
        for model in serializer.models:
            table = model.__tablename__
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  table names from the models
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1), (SELECT MAX(id) FROM {table}) IS NOT NULL)"
                )
            )
