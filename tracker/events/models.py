"""Solidarity events, their dedications and tags, and per-occurrence listing pages."""

import enum
import functools
import secrets
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.changes import PublicData
from tracker.core.slugs import opaque_slug
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.history.models import Versioned
from tracker.prisoners.models import Prisoner
from tracker.timeutil import as_utc, utcnow


@functools.cache
def _zone(name: str) -> ZoneInfo:
    # ZoneInfo keeps only the last few zones loaded; a feed of events from many zones would read
    # the time zone files again and again.
    return ZoneInfo(name)


class EventStatus(enum.StrEnum):
    """Where a submission stands; only APPROVED events are public."""

    UNCONFIRMED = "unconfirmed"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


event_prisoners = Table(
    "event_prisoners",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("prisoner_id", ForeignKey("prisoners.id", ondelete="CASCADE"), primary_key=True),
)


def _new_uid() -> str:
    return f"{uuid.uuid4()}@events.tracker"


def _new_manage_key() -> str:
    return secrets.token_hex(16)


class Event(Versioned, PublicData, db.Model):
    """An action organizers hold, e.g. on 21 May; public only once a moderator approves it."""

    # What only moderators and the organizer see: changing it leaves the public pages as they are.
    unpublished_columns = frozenset(
        {"private_contact", "manage_key", "pending_changes", "rejection_reason", "submitter_locale", "updated_at"}
    )

    history_children = {"tags": ("name",)}
    history_edit_endpoint = ("moderation.edit", "event_id")
    history_title = _l("Solidarity event")
    history_field_labels = {
        "slug": _l("Public address"),
        "title": _l("Title"),
        "description": _l("Description (Markdown)"),
        "starts_at": _l("Starts (local time)"),
        "ends_at": _l("Ends (local time)"),
        "timezone": _l("Time zone"),
        "venue": _l("Venue"),
        "address": _l("Street address"),
        "city": _l("City"),
        "country": _l("Country"),
        "online_url": _l("Online link"),
        "city_only": _l("Show the city only; give the exact address on request"),
        "organizer_name": _l("Organizer"),
        "public_contact": _l("Public contact (optional)"),
        "private_contact": _l("Your email (only moderators see it)"),
        "language": _l("Language of the event"),
        "tags": _l("Tags (comma-separated)"),
    }

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public identifier in URLs and the API (tracker.core.slugs); ids stay for moderators' pages.
    slug: Mapped[str | None] = mapped_column(String(16), default=opaque_slug, unique=True, index=True)
    # Only events that had a numbered address before slugs move from it (see Prisoner.numbered_address).
    numbered_address: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Stable iCalendar UID: calendars that imported the event match updates on it.
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=_new_uid)
    # Part of every signed edit link; replacing it revokes old links.
    manage_key: Mapped[str] = mapped_column(String(32), default=_new_manage_key)
    status: Mapped[EventStatus] = mapped_column(
        Enum(EventStatus, native_enum=False, length=20, values_callable=lambda m: [x.value for x in m]),
        default=EventStatus.UNCONFIRMED,
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="", index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    online_url: Mapped[str] = mapped_column(String(500), default="")
    # "Show city only, exact address on request": venue and address never leave the moderation pages.
    city_only: Mapped[bool] = mapped_column(default=False)
    organizer_name: Mapped[str] = mapped_column(String(200))
    public_contact: Mapped[str] = mapped_column(String(200), default="")
    # For moderators only: never on a public page, in a feed, or in a log line.
    private_contact: Mapped[str] = mapped_column(String(254))
    commemorative_date_id: Mapped[int | None] = mapped_column(
        ForeignKey("commemorative_dates.id", ondelete="SET NULL"), index=True
    )
    occurrence_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8), default="en")
    submitter_locale: Mapped[str] = mapped_column(String(8), default="en")
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    image_filename: Mapped[str | None] = mapped_column(String(100))
    # The image a moderator looked at and found free of identifiable faces (or blurred): any other
    # image, such as one an organiser uploads later, stays off public pages until checked.
    image_checked: Mapped[str | None] = mapped_column(String(100))
    cancelled: Mapped[bool] = mapped_column(default=False)
    rescheduled: Mapped[bool] = mapped_column(default=False)
    # iCalendar SEQUENCE: raised on every change to a published event.
    sequence: Mapped[int] = mapped_column(default=0)
    # A submitter's edit of an approved event waits here for a moderator; the public sees the approved version.
    pending_changes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    commemorative_date: Mapped[CommemorativeDate | None] = relationship()
    prisoners: Mapped[list[Prisoner]] = relationship(secondary=event_prisoners, order_by=Prisoner.id)
    tags: Mapped[list["EventTag"]] = relationship(cascade="all, delete-orphan", order_by="EventTag.name")

    @property
    def zone(self) -> ZoneInfo:
        """The event's own time zone."""
        return _zone(self.timezone)

    @property
    def local_start(self) -> datetime:
        """Start in the event's local time."""
        return as_utc(self.starts_at).astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        """End in the event's local time."""
        return as_utc(self.ends_at).astimezone(self.zone)

    @property
    def is_online(self) -> bool:
        """Whether people can join over the internet."""
        return bool(self.online_url)

    @property
    def is_in_person(self) -> bool:
        """Whether the event has a physical place."""
        return bool(self.city)

    @property
    def is_public(self) -> bool:
        """Whether visitors may see the event."""
        return self.status == EventStatus.APPROVED

    @property
    def tag_names(self) -> list[str]:
        """Tags as plain strings."""
        return [tag.name for tag in self.tags]

    @property
    def public_image(self) -> str | None:
        """The image visitors may see: only one a moderator checked for faces."""
        return self.image_filename if self.image_filename and self.image_filename == self.image_checked else None

    @property
    def public_prisoners(self) -> list[Prisoner]:
        """Dedications that may be shown (a record withheld later drops out)."""
        return [prisoner for prisoner in self.prisoners if not prisoner.name_withheld and not prisoner.dedications_off]

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"

    def history_label(self) -> str:
        """The event's title on history pages."""
        return self.title

    def history_apply(self, snapshot: dict) -> None:
        """Write a version back, but never reveal an address hidden since, nor undo moderation or cancelling.

        Publication state, cancellation and the submitter's contact follow their own flows; a revert
        restores what the event says, not where it is in moderation.
        """
        kept = {name: getattr(self, name) for name in ("status", "cancelled", "pending_changes", "private_contact")}
        city_only = self.city_only
        super().history_apply(snapshot)
        for name, value in kept.items():
            setattr(self, name, value)
        self.city_only = self.city_only or city_only


class EventTag(PublicData, db.Model):
    """A short keyword on an event, for filtering."""

    __tablename__ = "event_tags"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(30), index=True)


class OccurrenceListing(PublicData, db.Model):
    """The listing page of one occurrence of a commemorative date, opened and archived by the scheduler."""

    __tablename__ = "event_occurrence_listings"
    __table_args__ = (UniqueConstraint("commemorative_date_id", "occurrence_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commemorative_date_id: Mapped[int] = mapped_column(ForeignKey("commemorative_dates.id", ondelete="CASCADE"))
    occurrence_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The final tally, frozen when the day has passed.
    final_event_count: Mapped[int | None]
    final_country_count: Mapped[int | None]

    commemorative_date: Mapped[CommemorativeDate] = relationship()
