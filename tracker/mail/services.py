"""Outbox operations: enqueue once, claim, record the outcome, retry with backoff."""

import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.mail.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Waits after the 1st, 2nd, … failed attempt.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=20), timedelta(hours=1), timedelta(hours=3))


def _has_line_break(*values: str) -> bool:
    return any("\r" in value or "\n" in value for value in values)


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


def requeue_stale(now: datetime, *, lease: timedelta) -> int:
    """Put back messages whose sender died mid-send (claimed longer ago than `lease`)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < now - lease)
        .values(status=OutboxStatus.QUEUED)
    )
    if result.rowcount:
        logger.warning("outbox: requeued %s message(s) interrupted mid-send", result.rowcount)
    return result.rowcount


def due_message_ids(now: datetime, *, limit: int = 100) -> list[int]:
    """Ids of queued messages whose time has come, oldest first."""
    statement = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def claim(message_id: int, now: datetime) -> bool:
    """Mark a queued message as being sent; False if another dispatcher got it first."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
    )
    return result.rowcount == 1


def mark_sent(message: OutboxMessage, now: datetime) -> None:
    """Record a delivery."""
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.last_error = ""
    db.session.flush()
    logger.info("outbox: sent message %s (%s)", message.id, message.kind)


def mark_failed(message: OutboxMessage, now: datetime, error: str, *, permanent: bool) -> None:
    """Record a failure: retry later with backoff, or give up when permanent or out of attempts."""
    message.last_error = error[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        # Only the SMTP code: servers quote the recipient's address in their replies.
        logger.warning("outbox: message %s failed for good (%s)", message.id, _reply_code(message.last_error))
    else:
        message.status = OutboxStatus.QUEUED
        message.next_attempt_at = now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        logger.info("outbox: message %s will be retried at %s", message.id, message.next_attempt_at)
    db.session.flush()


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
