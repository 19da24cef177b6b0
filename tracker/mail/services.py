"""Outbox operations: enqueue once, claim, record the outcome, retry with backoff."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from tracker.core.batching import chunks
from tracker.extensions import db
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.timeutil import utcnow

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Kinds whose neutral subject says "Reminder"; every other message is a "Notification".
REMINDER_KINDS = frozenset({"reminder", "event-nudge"})

# Waits after the 1st, 2nd, … failed attempt.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1), timedelta(hours=3))


def _has_line_break(*values: str) -> bool:
    return any("\r" in value or "\n" in value for value in values)


def neutral_subject(kind: str, language: str) -> str:
    """A subject that says nothing about the tracker, in the recipient's language."""
    with force_locale(language):
        return _("Reminder") if kind in REMINDER_KINDS else _("Notification")


def _neutral_headers(headers: dict[str, str]) -> dict[str, str]:
    # Extension headers (X-Reminder-For names the date) go; the standard ones mail clients need stay.
    return {name: value for name, value in headers.items() if not name.lower().startswith("x-")}


def enqueue(
    *,
    to_address: str,
    subject: str,
    body_text: str,
    kind: str,
    now: datetime,
    body_html: str | None = None,
    headers: dict[str, str] | None = None,
    language: str = "en",
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue a message; returns None when `dedupe_key` was queued before (a no-op, even under races)."""
    headers = headers or {}
    if current_app.config["MAIL_NEUTRAL_SUBJECTS"]:
        subject, headers = neutral_subject(kind, language), _neutral_headers(headers)
    if _has_line_break(to_address, subject, *headers.keys(), *headers.values()):
        raise ValueError("line breaks are not allowed in addresses, subjects or headers")
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or "localhost"
    message = OutboxMessage(
        kind=kind,
        dedupe_key=dedupe_key,
        to_address=to_address,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
        language=language,
        message_id=f"<{secrets.token_hex(16)}@{domain}>",
        next_attempt_at=now,
        created_at=now,
    )
    if dedupe_key is not None and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    try:
        # A savepoint, so a concurrent enqueue of the same key fails alone, not the caller's transaction.
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        logger.info("outbox: %s already queued by another run", dedupe_key)
        return None
    logger.info("outbox: queued message %s (%s)", message.id, kind)
    return message


@dataclass(frozen=True)
class Draft:
    """One message to queue with enqueue_many()."""

    to_address: str
    subject: str
    body_text: str
    kind: str
    dedupe_key: str
    headers: dict[str, str] = field(default_factory=dict)
    language: str = "en"


def enqueue_many(drafts: Iterable[Draft], *, now: datetime, chunk_size: int = 500) -> int:
    """Queue many messages in a few statements; returns how many were new (a queued dedupe key is skipped).

    INSERT … ON CONFLICT DO NOTHING makes a key queued by a concurrent run a no-op without a
    savepoint per message, so a fan-out costs a few statements per chunk, not several per message.
    """
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or "localhost"
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    neutral = current_app.config["MAIL_NEUTRAL_SUBJECTS"]
    # A fan-out shares a handful of (kind, language) pairs: each neutral subject is looked up once.
    neutral_subjects: dict[tuple[str, str], str] = {}
    queued = 0
    for chunk in chunks(drafts, chunk_size):
        rows = []
        for draft in chunk:
            if _has_line_break(draft.to_address, draft.subject, *draft.headers.keys(), *draft.headers.values()):
                raise ValueError("line breaks are not allowed in addresses, subjects or headers")
            subject, headers = draft.subject, draft.headers
            if neutral:
                key = (draft.kind, draft.language)
                if key not in neutral_subjects:
                    neutral_subjects[key] = neutral_subject(draft.kind, draft.language)
                subject, headers = neutral_subjects[key], _neutral_headers(headers)
            rows.append(
                {
                    "kind": draft.kind,
                    "dedupe_key": draft.dedupe_key,
                    "to_address": draft.to_address,
                    "subject": subject,
                    "body_text": draft.body_text,
                    "body_html": None,
                    "headers": headers,
                    "language": draft.language,
                    "message_id": f"<{secrets.token_hex(16)}@{domain}>",
                    "status": OutboxStatus.QUEUED,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "last_error": "",
                }
            )
        statement = (
            insert(OutboxMessage)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboxMessage.id, sort_by_parameter_order=True)
        )
        queued += len(db.session.execute(statement, rows).all())
    db.session.flush()
    logger.info("outbox: queued %s message(s) in bulk", queued)
    return queued


def queued_keys(keys: Iterable[str], *, chunk_size: int = 1000) -> set[str]:
    """Which of `keys` are already in the outbox (in chunks: databases cap a statement's parameters)."""
    found: set[str] = set()
    for chunk in chunks(keys, chunk_size):
        found.update(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))))
    return found


def requeue_stale(now: datetime, *, lease: timedelta) -> int:
    """Put back messages whose sender died mid-send (claimed longer ago than `lease`)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < now - lease)
        .values(status=OutboxStatus.QUEUED, claimed_by=None)
    )
    if result.rowcount:
        logger.warning("outbox: requeued %s message(s) interrupted mid-send", result.rowcount)
    return result.rowcount


def claim_batch(now: datetime, *, worker: str, limit: int) -> list[int]:
    """Claim up to `limit` due messages for `worker` and return their ids, oldest first.

    On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets several dispatchers claim side by side, each
    passing over rows another is claiming. SQLite ignores the locking clause; there the whole
    UPDATE holds the database's single write lock, so a claim is still atomic.
    """
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        # Evaluated once, in a materialized CTE: as a plain `IN (subquery)` PostgreSQL may rescan the
        # locking subquery while updating and claim more than `limit` rows (some another dispatcher
        # is about to lock).
        .cte("due")
        .prefix_with("MATERIALIZED")
    )
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(select(due.c.id)), OutboxMessage.status == OutboxStatus.QUEUED)
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=utcnow(),
            claimed_by=worker,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed.scalars())


def claim(message_id: int, now: datetime, *, worker: str = "") -> bool:
    """Mark one queued message as being sent; False if another dispatcher got it first."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.SENDING, claimed_at=now, claimed_by=worker, attempts=OutboxMessage.attempts + 1)
    )
    return result.rowcount == 1


def release(message_ids: list[int], *, worker: str, connection: Connection | None = None) -> int:
    """Hand claimed but unsent messages back to the queue (a dispatcher stopping or out of time).

    Like the marks below, it runs on the session, or on `connection` where the dispatcher gives
    one (an autocommit connection: the statement is committed when it returns).
    """
    if not message_ids:
        return 0
    result = (connection or db.session).execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker,
        )
        .values(status=OutboxStatus.QUEUED, claimed_by=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def mark_sent(message_id: int, now: datetime, *, worker: str, connection: Connection | None = None) -> bool:
    """Record a delivery; False (and a warning) if the claim was lost to a lease timeout meanwhile."""
    result = (connection or db.session).execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker,
        )
        .values(status=OutboxStatus.SENT, sent_at=now, last_error="")
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        logger.warning("outbox: message %s was sent after its claim ran out; it may go out twice", message_id)
        return False
    logger.debug("outbox: sent message %s", message_id)
    return True


def mark_failed(
    message_id: int,
    attempts: int,
    now: datetime,
    error: str,
    *,
    permanent: bool,
    worker: str,
    connection: Connection | None = None,
) -> None:
    """Record a failure: retry later with backoff, or give up when permanent or out of attempts."""
    values: dict = {"last_error": error[:2000], "claimed_by": None}
    if permanent or attempts >= MAX_ATTEMPTS:
        values["status"] = OutboxStatus.FAILED
        # Only the SMTP code: servers quote the recipient's address in their replies.
        logger.warning("outbox: message %s failed for good (%s)", message_id, _reply_code(error))
    else:
        values["status"] = OutboxStatus.QUEUED
        values["next_attempt_at"] = now + BACKOFF[min(attempts, len(BACKOFF)) - 1]
        logger.info("outbox: message %s will be retried at %s", message_id, values["next_attempt_at"])
    (connection or db.session).execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == worker,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _reply_code(error: str) -> str:
    code = error.split(" ", 1)[0]
    return code if code.isdigit() else "no SMTP code"


def retry(message: OutboxMessage, now: datetime) -> None:
    """An admin sends a failed message again."""
    if message.status != OutboxStatus.FAILED:
        raise ValueError("only failed messages can be retried")
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = now
    db.session.flush()
    logger.info("outbox: message %s queued again by an admin", message.id)


def list_messages(status: OutboxStatus | None = None, *, limit: int = 200) -> list[OutboxMessage]:
    """The newest outbox rows, optionally of one status."""
    statement = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        statement = statement.where(OutboxMessage.status == status)
    return list(db.session.scalars(statement))
