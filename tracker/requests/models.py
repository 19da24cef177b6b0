"""Requests from people outside the site: a correction, a withdrawal or a change of consent.

A request is never public data: it is in no page but the editors' queue, in no feed, API or
export, and it is deleted a while after an editor handles it.
"""

import enum
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.timeutil import as_utc, utcnow

# No 0/O or 1/I/L, so a reference read out over the phone is not misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random reference such as K7QD-M3XP: it tells nothing of how many requests came before."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


class RequestKind(enum.StrEnum):
    """What the requester asks for."""

    CORRECTION = "correction"
    WITHDRAWAL = "withdrawal"
    CONSENT = "consent"


class Requester(enum.StrEnum):
    """Who asks, in relation to the person the record is about."""

    PERSON = "person"
    FAMILY = "family"
    LAWYER = "lawyer"
    OTHER = "other"


KIND_LABELS = {
    RequestKind.CORRECTION: _l("Correct something in a record"),
    RequestKind.WITHDRAWAL: _l("Remove a person from the site"),
    RequestKind.CONSENT: _l("Change what may be published about a person"),
}
REQUESTER_LABELS = {
    Requester.PERSON: _l("I am the person the record is about"),
    Requester.FAMILY: _l("A family member"),
    Requester.LAWYER: _l("A lawyer"),
    Requester.OTHER: _l("Someone else"),
}


def _enum(enum_class: type[enum.Enum]) -> Enum:
    return Enum(enum_class, native_enum=False, length=20, values_callable=lambda members: [m.value for m in members])


class RecordRequest(db.Model):
    """One request about a record, open until an editor marks it handled."""

    __tablename__ = "record_requests"
    __table_args__ = (Index("ix_record_requests_handled_created", "handled_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, default=new_reference)
    kind: Mapped[RequestKind] = mapped_column(_enum(RequestKind))
    requester: Mapped[Requester] = mapped_column(_enum(Requester))
    # Set only when the form was opened from a public record's page; otherwise the name says who.
    prisoner_id: Mapped[int | None] = mapped_column(ForeignKey("prisoners.id", ondelete="SET NULL"))
    record_name: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text)
    # Optional and free-form; shown to editors only, never logged, deleted with the request.
    contact: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_note: Mapped[str] = mapped_column(Text, default="")

    prisoner: Mapped[Prisoner | None] = relationship()
    handled_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        """Whether no editor has handled it yet."""
        return self.handled_at is None

    def due_at(self, response_days: int) -> datetime:
        """When the answer is due under the response-time target."""
        return as_utc(self.created_at) + timedelta(days=response_days)

    def is_overdue(self, now: datetime, response_days: int) -> bool:
        """Whether it is still open past the response-time target."""
        return self.is_open and now > self.due_at(response_days)

    def age_days(self, now: datetime) -> int:
        """Whole days since it arrived."""
        return (now - as_utc(self.created_at)).days

    def deleted_after(self, retention_days: int) -> datetime | None:
        """When the retention job deletes it, once handled."""
        return None if self.handled_at is None else as_utc(self.handled_at) + timedelta(days=retention_days)

    def __repr__(self) -> str:
        return f"<RecordRequest {self.id} {self.kind}>"
