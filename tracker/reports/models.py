"""What organisers report after an event: how many took part and wrote, a note, a photo.

Not public data (tracker.core.changes.PublicData): a report is private until a moderator approves
it, so submitting one must not empty every process's page cache; approving or hiding one moves
the data generation on explicitly (services.decide), because approved totals are on public pages.
"""

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.events.models import Event
from tracker.extensions import db
from tracker.timeutil import utcnow


class ReportStatus(enum.StrEnum):
    """Only APPROVED reports count and show."""

    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


class ActionReport(db.Model):
    """One report per event: a new one replaces the old and waits for a moderator again."""

    __tablename__ = "action_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: an event is counted once however often its organiser edits the report.
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    participants: Mapped[int] = mapped_column(default=0)
    letters: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    photo_filename: Mapped[str | None] = mapped_column(String(100))
    # The photo a moderator looked at for faces (or blurred); any other stays off public pages.
    photo_checked: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[ReportStatus] = mapped_column(
        Enum(ReportStatus, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m]),
        default=ReportStatus.PENDING,
        index=True,
    )
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[Event] = relationship()

    @property
    def is_public(self) -> bool:
        """Whether visitors may see the report (and its numbers count)."""
        return self.status == ReportStatus.APPROVED and self.event.is_public

    @property
    def public_photo(self) -> str | None:
        """The photo visitors may see: only of an approved report, and only one checked for faces."""
        if not self.is_public or not self.photo_filename:
            return None
        return self.photo_filename if self.photo_filename == self.photo_checked else None
