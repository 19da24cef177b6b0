"""Reported count snapshots: figures published by others, with their source."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.changes import PublicData
from tracker.core.translations import Translatable
from tracker.extensions import db
from tracker.history.models import Versioned
from tracker.timeutil import utcnow


class Qualifier(enum.StrEnum):
    """How the source qualified its figure."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    OVER = "over"


QUALIFIER_LABELS = {Qualifier.EXACT: _l("exactly"), Qualifier.AT_LEAST: _l("at least"), Qualifier.OVER: _l("over")}


class CountSnapshot(Versioned, Translatable, PublicData, db.Model):
    """A count of political prisoners as a named source reported it on a date."""

    __tablename__ = "count_snapshots"
    history_edit_endpoint = ("counts.edit_snapshot", "snapshot_id")
    history_title = _l("Reported figure")
    history_field_labels = {
        "count": _l("Reported count"),
        "qualifier": _l("Qualifier"),
        "reported_on": _l("Reported on"),
        "source_name": _l("Source"),
        "source_url": _l("Source URL"),
        "note": _l("Note"),
        "translations": _l("Translations"),
    }
    translated_fields = ("source_name", "note")
    history_value_labels = {"qualifier": QUALIFIER_LABELS}

    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int]
    qualifier: Mapped[Qualifier] = mapped_column(
        Enum(Qualifier, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m])
    )
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    source_name: Mapped[str] = mapped_column(String(200))
    source_url: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def history_label(self) -> str:
        """Figure, source and date, for editors' history pages."""
        return f"{self.count} — {self.source_name}, {self.reported_on.isoformat() if self.reported_on else ''}"


class StoredFigures(db.Model):
    """The count figures built for one data generation and day, shared by every web worker.

    Derived data: the scheduler writes it, nothing else depends on it being there, and a row of an
    older generation is never read.
    """

    __tablename__ = "stored_count_figures"

    generation: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
