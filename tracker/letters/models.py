"""How often each person was suggested to a letter writer, and the letters writers said they sent.

Neither is public data (tracker.core.changes.PublicData): a click on "I sent a letter" changes no
record, so it must not empty every process's page cache.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class LetterSuggestion(db.Model):
    """How many times a person was suggested to someone about to write: the fairness rule reads it."""

    __tablename__ = "letter_suggestions"

    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"), primary_key=True)
    suggested: Mapped[int] = mapped_column(default=0, server_default="0")
    last_suggested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LetterReport(db.Model):
    """One "I sent a letter": which suggestion it answers and on which day, nothing about the writer."""

    __tablename__ = "letter_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The random key of the suggestion the writer was shown: a second click on it counts nothing.
    suggestion_key: Mapped[str] = mapped_column(String(32), unique=True)
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"), index=True)
    # A day, not a moment: the monthly total needs no more, and a time could be matched to a visit.
    reported_on: Mapped[date] = mapped_column(Date, index=True)
