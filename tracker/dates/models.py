"""Commemorative dates: annual days such as 21 May, and one-off dates."""

import calendar
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.changes import PublicData
from tracker.core.translations import Translatable
from tracker.extensions import db
from tracker.history.models import Versioned
from tracker.prisoners.models import Prisoner
from tracker.timeutil import utcnow

DEFAULT_TIMEZONE = "Europe/Minsk"


class Recurrence(enum.StrEnum):
    """Whether a date comes back every year."""

    ANNUAL = "annual"
    ONE_OFF = "one_off"


RECURRENCE_LABELS = {Recurrence.ANNUAL: _l("Every year"), Recurrence.ONE_OFF: _l("Once")}
MONTH_LABELS = {number: calendar.month_name[number] for number in range(1, 13)}


class CommemorativeDate(Versioned, Translatable, PublicData, db.Model):
    """A day the community marks; reminders and event listings hang off its occurrences."""

    __tablename__ = "commemorative_dates"
    __table_args__ = (
        CheckConstraint(
            "(recurrence = 'annual' AND month IS NOT NULL AND day IS NOT NULL)"
            " OR (recurrence = 'one_off' AND on_date IS NOT NULL)",
            name="recurrence_fields",
        ),
    )

    history_edit_endpoint = ("dates.edit", "date_id")
    history_title = _l("Commemorative date")
    history_field_labels = {
        "slug": _l("Short name for web addresses"),
        "name": _l("Name"),
        "description": _l("Why the day is marked"),
        "recurrence": _l("Recurs"),
        "month": _l("Month"),
        "day": _l("Day of the month"),
        "on_date": _l("Date (for a one-off date)"),
        "timezone": _l("Time zone"),
        "prisoner_id": _l("Linked prisoner"),
        "suggested_actions": _l("What readers can do"),
        "translations": _l("Translations"),
    }
    translated_fields = ("name", "description", "suggested_actions")
    history_value_labels = {"recurrence": RECURRENCE_LABELS, "month": MONTH_LABELS}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # One action per line; empty means the general suggestions (tracker.reminders.actions).
    suggested_actions: Mapped[str] = mapped_column(Text, default="", server_default="")
    recurrence: Mapped[Recurrence] = mapped_column(
        Enum(Recurrence, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m])
    )
    month: Mapped[int | None]
    day: Mapped[int | None]
    on_date: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    prisoner_id: Mapped[int | None] = mapped_column(ForeignKey("prisoners.id", ondelete="SET NULL"))
    # Bumped on every edit; feeds use it as SEQUENCE so calendar apps replace the old copy.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    prisoner: Mapped[Prisoner | None] = relationship()

    def occurrence_in(self, year: int) -> date | None:
        """The day this date falls on in `year` (29 February falls on 28 February in common years)."""
        if self.recurrence == Recurrence.ONE_OFF:
            return self.on_date if self.on_date and self.on_date.year == year else None
        day = self.day
        if self.month == 2 and day == 29 and not calendar.isleap(year):
            day = 28
        return date(year, self.month, day)

    def occurrences_between(self, first: date, last: date) -> list[date]:
        """Every occurrence from `first` to `last` inclusive."""
        found = (self.occurrence_in(year) for year in range(first.year, last.year + 1))
        return [on for on in found if on is not None and first <= on <= last]

    def next_occurrence(self, on_or_after: date) -> date | None:
        """The first occurrence on or after a date, or None for a one-off date already past."""
        if self.recurrence == Recurrence.ONE_OFF:
            return self.on_date if self.on_date and self.on_date >= on_or_after else None
        this_year = self.occurrence_in(on_or_after.year)
        return this_year if this_year >= on_or_after else self.occurrence_in(on_or_after.year + 1)

    def history_label(self) -> str:
        """The date's name, for editors' history pages."""
        return self.name

    def history_apply(self, snapshot: dict) -> None:
        """Write a version back, dropping a link to a prisoner who is no longer named or no longer listed."""
        super().history_apply(snapshot)
        if self.prisoner_id is not None:
            linked = db.session.get(Prisoner, self.prisoner_id)  # None when soft-deleted
            if linked is None or linked.name_withheld:
                self.prisoner_id = None

    def __repr__(self) -> str:
        return f"<CommemorativeDate {self.slug}>"
