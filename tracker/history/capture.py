"""Session listeners that keep history and hide soft-deleted records.

History is captured here, in the session, rather than by calls from each service: every flush that
touches a versioned record (or one of its child rows) marks it, and the commit writes one version per
marked record, so no service, view, CLI command or job written later can change a record without
leaving a trace. Versions are written at commit, not per flush, because autoflush splits one save
into several flushes and an editor's one save should be one version. Each version holds the full
snapshot after the change; a commit that leaves the snapshot as it was (saving an unchanged form
rebuilds the same articles and sources) writes nothing.

An import of a full export brings its versions along and must not add any: it sets
``SUPPRESS_KEY`` in ``session.info`` (see ``suppress_capture``) for the rest of the transaction.

Soft-deleted rows are likewise hidden from every ORM query in one place, so a new public query
(an API endpoint, a feed) cannot forget the filter. Pages that must see deleted rows (history,
the admins' deleted-records page, uniqueness checks) ask with ``include_deleted``.
"""

import logging
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session, with_loader_criteria

from tracker.history.models import RecordVersion, VersionAction, Versioned, child_owners

logger = logging.getLogger(__name__)

INCLUDE_DELETED = {"include_deleted": True}
# session.info keys: an explicit actor (CLI, jobs) and the versions a revert service targets.
ACTOR_KEY = "history_actor_id"
REVERT_KEY = "history_reverts"
TOUCHED_KEY = "history_touched"
CREATED_KEY = "history_created"
SUPPRESS_KEY = "history_suppressed"

_versions = RecordVersion.__table__


@event.listens_for(Session, "do_orm_execute")
def _hide_soft_deleted(state) -> None:
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get("include_deleted", False)
    ):
        state.statement = state.statement.options(
            with_loader_criteria(Versioned, lambda model: model.deleted_at.is_(None), include_aliases=True)
        )


def suppress_capture(session: Session) -> None:
    """Write no version for anything this transaction changes (the import of a full export)."""
    session.info[SUPPRESS_KEY] = True


def _owner_of(instance: Any, owners: dict) -> tuple[type[Versioned], int] | None:
    """(model, id) of the versioned record an instance is or belongs to."""
    if isinstance(instance, Versioned):
        return (type(instance), instance.id) if instance.id is not None else None
    owner = owners.get(type(instance))
    if owner is None:
        return None
    model, key = owner
    owner_id = getattr(instance, key, None)
    return (model, owner_id) if owner_id is not None else None


def _touched(session: Session) -> dict[tuple[type[Versioned], int], Versioned | None]:
    """Versioned records this flush changes, with the instance when the session holds it."""
    owners = child_owners()
    touched: dict[tuple[type[Versioned], int], Versioned | None] = {}
    for instance in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(instance, Versioned) and instance in session.deleted:
            continue  # a hard delete leaves nothing to version; the app only soft-deletes
        key = _owner_of(instance, owners)
        if key is not None and (isinstance(instance, Versioned) or key not in touched):
            touched[key] = instance if isinstance(instance, Versioned) else None
    return touched


def _latest(connection, model: type[Versioned], record_id: int):
    return connection.execute(
        select(_versions.c.number, _versions.c.snapshot)
        .where(_versions.c.entity_type == model.history_type, _versions.c.entity_id == record_id)
        .order_by(_versions.c.number.desc())
        .limit(1)
    ).first()


def _insert(connection, model, record_id, number, action, snapshot, changed, actor_id=None, reverted_to=None):
    connection.execute(
        insert(_versions).values(
            entity_type=model.history_type,
            entity_id=record_id,
            number=number,
            action=action,
            actor_id=actor_id,
            snapshot=snapshot,
            changed_fields=changed,
            reverted_to=reverted_to,
        )
    )


@event.listens_for(Session, "before_flush")
def _record_baselines(session: Session, flush_context, instances) -> None:
    """Keep the stored state of a record made before history existed, before its first change."""
    if session.info.get(SUPPRESS_KEY):
        return
    touched = _touched(session)
    if not touched:
        return
    connection = session.connection()
    for model, record_id in touched:
        if _latest(connection, model, record_id) is not None:
            continue
        # A separate session on the same connection reads the row as stored, not as edited.
        reader = Session(bind=connection, autoflush=False)
        stored = reader.get(model, record_id, execution_options=INCLUDE_DELETED)
        if stored is not None:
            snapshot = stored.history_snapshot()
            _insert(connection, model, record_id, 1, VersionAction.BASELINE, snapshot, [])
        reader.expunge_all()


def _actor_id(session: Session) -> int | None:
    if ACTOR_KEY in session.info:
        return session.info[ACTOR_KEY]
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _action(previous: dict | None, snapshot: dict, created: bool) -> VersionAction:
    if created:
        return VersionAction.CREATE
    if previous is not None and previous.get("deleted") != snapshot["deleted"]:
        return VersionAction.DELETE if snapshot["deleted"] else VersionAction.RESTORE
    return VersionAction.UPDATE


def changed_keys(previous: dict | None, snapshot: dict) -> list[str]:
    """Keys whose values differ; for a new record, the keys that hold something."""
    if previous is None:
        return [key for key, value in snapshot.items() if value not in (None, "", [], False)]
    return [key for key in snapshot if previous.get(key) != snapshot[key]]


@event.listens_for(Session, "after_flush")
def _remember_touched(session: Session, flush_context) -> None:
    """Note which records this flush changed; their versions are written once, at commit."""
    if session.info.get(SUPPRESS_KEY):
        return
    touched = session.info.setdefault(TOUCHED_KEY, {})
    created = session.info.setdefault(CREATED_KEY, set())
    for key, record in _touched(session).items():
        touched[key] = record or touched.get(key)
    for instance in session.new:
        if isinstance(instance, Versioned):
            created.add((type(instance), instance.id))


@event.listens_for(Session, "before_commit")
def _record_versions(session: Session) -> None:
    """Write one version for every record whose snapshot the transaction changed."""
    session.flush()
    touched: dict = session.info.pop(TOUCHED_KEY, {})
    created: set = session.info.pop(CREATED_KEY, set())
    reverts: dict = session.info.pop(REVERT_KEY, {})
    if not touched:
        return
    connection = session.connection()
    actor_id = _actor_id(session)
    for (model, record_id), record in sorted(touched.items(), key=lambda item: (item[0][0].history_type, item[0][1])):
        record = record or session.get(model, record_id, execution_options=INCLUDE_DELETED)
        if record is None:
            continue
        snapshot = record.history_snapshot()
        latest = _latest(connection, model, record_id)
        previous = latest.snapshot if latest is not None else None
        if previous == snapshot:
            continue
        reverted_to = reverts.get((model.history_type, record_id))
        if reverted_to is not None:
            action = VersionAction.REVERT
        else:
            action = _action(previous, snapshot, (model, record_id) in created)
        number = latest.number + 1 if latest is not None else 1
        _insert(
            connection,
            model,
            record_id,
            number,
            action,
            snapshot,
            changed_keys(previous, snapshot),
            actor_id=actor_id,
            reverted_to=reverted_to,
        )
        logger.info("%s %s: version %s (%s)", model.history_type, record_id, number, action.value)


@event.listens_for(Session, "after_transaction_end")
def _forget_touched(session: Session, transaction) -> None:
    if transaction.parent is None:
        for key in (TOUCHED_KEY, CREATED_KEY, REVERT_KEY, SUPPRESS_KEY):
            session.info.pop(key, None)
