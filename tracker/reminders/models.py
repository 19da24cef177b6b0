"""Email subscriptions to reminders, and which reminder pages are published."""

import enum
from datetime import datetime

from sqlalchemy import Column, DateTime, Enum, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.changes import PublicData
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.timeutil import utcnow


class SubscriptionStatus(enum.StrEnum):
    """Double opt-in: nothing but the confirmation is sent until CONFIRMED."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"


subscription_dates = Table(
    "subscription_dates",
    db.metadata,
    Column("subscription_id", Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("date_id", Integer, ForeignKey("commemorative_dates.id", ondelete="CASCADE"), primary_key=True),
)


class Subscription(db.Model):
    """An email address that asked for reminders; never shown on a public page or logged."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    all_dates: Mapped[bool] = mapped_column(default=True)
    # Days before a date, comma-separated, e.g. "7,1".
    lead_days_text: Mapped[str] = mapped_column(String(50), default="7,1")
    status: Mapped[SubscriptionStatus] = mapped_column(
        Enum(SubscriptionStatus, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m]),
        default=SubscriptionStatus.PENDING,
    )
    # Bumped whenever a confirmation is used or the subscriber leaves, so older confirmation links go stale.
    generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    dates: Mapped[list[CommemorativeDate]] = relationship(secondary=subscription_dates, order_by=CommemorativeDate.name)

    @property
    def lead_days(self) -> list[int]:
        """Lead times in days, longest first."""
        values = {int(part) for part in (self.lead_days_text or "").split(",") if part.strip().isdigit()}
        return sorted(values, reverse=True)

    @lead_days.setter
    def lead_days(self, values: list[int]) -> None:
        self.lead_days_text = ",".join(str(value) for value in sorted(set(values), reverse=True))

    def covers(self, commemorative_date: CommemorativeDate) -> bool:
        """Whether reminders for this date are wanted."""
        return self.all_dates or any(chosen.id == commemorative_date.id for chosen in self.dates)

    def __repr__(self) -> str:
        return f"<Subscription {self.id} {self.status}>"


class ReminderPage(PublicData, db.Model):
    """A published reminder page for one occurrence of a date; no row means 404."""

    __tablename__ = "reminder_pages"
    __table_args__ = (UniqueConstraint("date_id", "year", name="uq_reminder_pages_date_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date_id: Mapped[int] = mapped_column(ForeignKey("commemorative_dates.id", ondelete="CASCADE"))
    year: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    commemorative_date: Mapped[CommemorativeDate] = relationship()
