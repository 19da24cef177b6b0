"""Requests about records: take one in, list the editors' queue, mark handled, delete after retention."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.prisoners.services import get_public_prisoner_by_slug
from tracker.requests.models import RecordRequest, Requester, RequestKind, new_reference

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestFields:
    """What a requester gave, checked by the form."""

    kind: RequestKind
    requester: Requester
    details: str
    record_name: str = ""
    prisoner_id: int | None = None
    contact: str = ""


def public_record(value: str | None) -> Prisoner | None:
    """The public record a request form was opened from, or None.

    A withheld record and one that never existed both give None, so the form looks the same
    for both and tells nobody that a withheld record exists.
    """
    if not value or len(value) > 16 or not value.isalnum():
        return None
    return get_public_prisoner_by_slug(value)


def _unused_reference() -> str:
    while True:
        reference = new_reference()
        if db.session.scalar(select(RecordRequest.id).where(RecordRequest.reference == reference)) is None:
            return reference


def submit_request(fields: RequestFields, *, now: datetime) -> RecordRequest:
    """Save a new open request. Flushes."""
    record_request = RecordRequest(
        reference=_unused_reference(),
        kind=fields.kind,
        requester=fields.requester,
        prisoner_id=fields.prisoner_id,
        record_name=fields.record_name,
        details=fields.details,
        contact=fields.contact,
        created_at=now,
    )
    db.session.add(record_request)
    db.session.flush()
    # By id and kind only: the text and the contact stay out of the logs.
    logger.info("request %s received (%s)", record_request.id, record_request.kind.value)
    return record_request


def open_requests() -> list[RecordRequest]:
    """Requests no editor has handled yet, oldest first."""
    return list(
        db.session.scalars(
            select(RecordRequest)
            .where(RecordRequest.handled_at.is_(None))
            .order_by(RecordRequest.created_at, RecordRequest.id)
        )
    )


def handled_requests() -> list[RecordRequest]:
    """Handled requests still kept, most recently handled first."""
    return list(
        db.session.scalars(
            select(RecordRequest)
            .where(RecordRequest.handled_at.is_not(None))
            .order_by(RecordRequest.handled_at.desc(), RecordRequest.id.desc())
        )
    )


def handle_request(record_request: RecordRequest, *, editor: User, note: str, now: datetime) -> bool:
    """Mark a request handled with a note of what was done; False if it already was. Flushes."""
    if not record_request.is_open:
        return False
    record_request.handled_at = now
    record_request.handled_by_id = editor.id
    record_request.handled_note = note
    db.session.flush()
    logger.info("request %s handled by user %s", record_request.id, editor.id)
    return True


def delete_handled_requests(now: datetime, *, retention_days: int) -> int:
    """Delete requests handled more than `retention_days` ago; open requests are never deleted."""
    cutoff = now - timedelta(days=retention_days)
    result = db.session.execute(
        delete(RecordRequest).where(RecordRequest.handled_at.is_not(None), RecordRequest.handled_at < cutoff)
    )
    if result.rowcount:
        logger.info("deleted %s handled requests", result.rowcount)
    return result.rowcount
