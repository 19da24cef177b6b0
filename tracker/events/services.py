"""Event operations: submit, confirm, edit, moderate, cancel, search, listings, nudges."""

import logging
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from tracker.consent.screening import mentions_any, names_a_person_not_named, withheld_name_variants
from tracker.dates.models import DEFAULT_TIMEZONE, CommemorativeDate
from tracker.events.models import Event, EventStatus, EventTag, OccurrenceListing
from tracker.events.safety import unsafe_countries
from tracker.extensions import db
from tracker.media import blurred, store_image
from tracker.prisoners.models import Prisoner
from tracker.timeutil import as_utc, today_in

logger = logging.getLogger(__name__)


class EventError(ValueError):
    """An operation the event's state does not allow; str() is a message for the user."""


@dataclass
class EventFields:
    """Everything a submitter or moderator can set on an event, as plain values."""

    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    organizer_name: str
    private_contact: str
    venue: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    online_url: str = ""
    city_only: bool = False
    public_contact: str = ""
    commemorative_date_id: int | None = None
    occurrence_on: date | None = None
    language: str = "en"
    prisoner_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_filename: str | None = None

    @classmethod
    def of(cls, event: Event) -> "EventFields":
        """The current values of an event."""
        values = {f.name: getattr(event, f.name) for f in fields(cls) if f.name not in {"prisoner_ids", "tags"}}
        values["starts_at"] = as_utc(event.starts_at)
        values["ends_at"] = as_utc(event.ends_at)
        return cls(**values, prisoner_ids=[p.id for p in event.prisoners], tags=event.tag_names)

    def to_json(self) -> dict:
        """JSON-safe form, for pending changes."""
        values = asdict(self)
        for name in ("starts_at", "ends_at", "occurrence_on"):
            values[name] = values[name].isoformat() if values[name] else None
        return values

    @classmethod
    def from_json(cls, values: dict) -> "EventFields":
        """Inverse of to_json."""
        values = dict(values)
        values["starts_at"] = datetime.fromisoformat(values["starts_at"])
        values["ends_at"] = datetime.fromisoformat(values["ends_at"])
        values["occurrence_on"] = date.fromisoformat(values["occurrence_on"]) if values["occurrence_on"] else None
        return cls(**values)


def _check(values: EventFields) -> None:
    if as_utc(values.ends_at) <= as_utc(values.starts_at):
        raise EventError(_l("The event must end after it starts."))
    if not values.city and not values.online_url:
        raise EventError(_l("Give a city or an online link."))
    if values.prisoner_ids:
        allowed = set(
            db.session.scalars(
                select(Prisoner.id).where(Prisoner.id.in_(values.prisoner_ids), Prisoner.name_withheld.is_(False))
            )
        )
        if allowed != set(values.prisoner_ids):
            raise EventError(_l("An event can only be dedicated to publicly named prisoners."))


def _apply(event: Event, values: EventFields) -> None:
    _check(values)
    for name in (
        "title", "description", "timezone", "organizer_name", "private_contact", "venue", "address", "city",
        "country", "online_url", "city_only", "public_contact", "commemorative_date_id", "occurrence_on",
        "language", "image_filename",
    ):  # fmt: skip
        value = getattr(values, name)
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if event.status == EventStatus.APPROVED and as_utc(event.starts_at) != as_utc(values.starts_at):
        event.rescheduled = True
    event.starts_at = as_utc(values.starts_at)
    event.ends_at = as_utc(values.ends_at)
    event.prisoners = list(db.session.scalars(select(Prisoner).where(Prisoner.id.in_(values.prisoner_ids))))
    # Reuse kept tag rows: a delete-and-reinsert of the same name trips the unique constraint mid-flush.
    existing = {tag.name: tag for tag in event.tags}
    event.tags = [existing.get(name) or EventTag(name=name) for name in dict.fromkeys(values.tags)]


def submit_event(values: EventFields, *, submitter_id: int | None, locale: str, now: datetime) -> Event:
    """Save a new submission; an account holder's goes straight to the queue, others confirm by email first."""
    event = Event(
        status=EventStatus.PENDING if submitter_id else EventStatus.UNCONFIRMED,
        submitter_id=submitter_id,
        submitter_locale=locale,
        confirmed_at=now if submitter_id else None,
        created_at=now,
    )
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    logger.info("event %s submitted (%s)", event.id, event.status.value)
    return event


def confirm_event(event: Event, now: datetime) -> bool:
    """Move an emailed-link confirmation into the moderation queue; False if it was already confirmed."""
    if event.status != EventStatus.UNCONFIRMED:
        return False
    event.status = EventStatus.PENDING
    event.confirmed_at = now
    db.session.flush()
    logger.info("event %s confirmed by its submitter", event.id)
    return True


def diff(event: Event, proposed: EventFields) -> dict[str, tuple[object, object]]:
    """Fields whose proposed value differs from the current one: name -> (current, proposed)."""
    current = EventFields.of(event)
    changes = {}
    for f in fields(EventFields):
        old, new = getattr(current, f.name), getattr(proposed, f.name)
        if f.name in {"starts_at", "ends_at"}:
            old, new = as_utc(old), as_utc(new)
        if f.name in {"prisoner_ids", "tags"}:
            old, new = sorted(old), sorted(new)
        if old != new:
            changes[f.name] = (old, new)
    return changes


class EditOutcome(Enum):
    """What became of a submitter's edit."""

    APPLIED = "applied"
    QUEUED = "queued"  # waits for a moderator; the published version stays until then


def edit_by_submitter(event: Event, values: EventFields, *, requeue: bool) -> EditOutcome:
    """Apply a submitter's edit; an approved event's edit waits for a moderator when `requeue` is on."""
    if event.status == EventStatus.REJECTED:
        raise EventError(_l("A rejected event cannot be edited."))
    if event.cancelled:
        raise EventError(_l("A cancelled event cannot be edited."))
    # Text that names a person not named waits for review even where edits usually apply at once.
    if event.status == EventStatus.APPROVED and (requeue or _names_a_person_not_named(values)):
        _check(values)
        event.pending_changes = values.to_json()
        # Hiding where the event is cannot wait for a moderator: an organizer may be in danger.
        if values.city_only and not event.city_only:
            event.city_only = True
            event.sequence += 1
        if not values.venue and event.venue:
            event.venue = ""
        if not values.address and event.address:
            event.address = ""
        db.session.flush()
        logger.info("event %s: submitter edit queued for moderation", event.id)
        return EditOutcome.QUEUED
    _apply(event, values)
    if event.status == EventStatus.APPROVED:
        event.sequence += 1
    db.session.flush()
    logger.info("event %s: edited by its submitter", event.id)
    return EditOutcome.APPLIED


def _names_a_person_not_named(values: EventFields) -> bool:
    return names_a_person_not_named(values.title, values.description, values.venue, values.organizer_name)


def edit_by_moderator(event: Event, values: EventFields, *, by_editor: bool = False) -> None:
    """A moderator's correction, applied at once; one that names a person not named is an editor's to make."""
    if event.status == EventStatus.APPROVED and not by_editor and _names_a_person_not_named(values):
        raise EventError(_l("This event may name a person at risk: an editor must review it before it is published."))
    _apply(event, values)
    if event.status == EventStatus.APPROVED:
        event.sequence += 1
    db.session.flush()
    logger.info("event %s: edited by a moderator", event.id)


def may_name_a_person_at_risk(event: Event) -> bool:
    """Whether the event's public text, or its pending change, names a person not named."""
    texts = [event.title, event.description, event.venue, event.organizer_name]
    if event.pending_changes:
        proposed = EventFields.from_json(event.pending_changes)
        texts += [proposed.title, proposed.description, proposed.venue, proposed.organizer_name]
    return names_a_person_not_named(*texts)


def image_to_publish(event: Event) -> str | None:
    """The image that approval would publish: a pending change's, else the event's own."""
    if event.status == EventStatus.APPROVED and event.pending_changes:
        return EventFields.from_json(event.pending_changes).image_filename
    return event.image_filename


def approve(event: Event, now: datetime, *, by_editor: bool = False, faces_checked: bool = False) -> None:
    """Publish a pending event, or apply an approved event's pending changes.

    Text that names a person not named waits for an editor: moderators do not see who is withheld.
    An image is published only once a moderator says it shows no identifiable faces: event photos
    are used to identify participants and their families.
    """
    if not by_editor and may_name_a_person_at_risk(event):
        raise EventError(_l("This event may name a person at risk: an editor must review it before it is published."))
    image = image_to_publish(event)
    if image and image != event.image_checked:
        if not faces_checked:
            raise EventError(
                _l("Check the image first: confirm it shows no identifiable faces, blur it, or remove it.")
            )
        event.image_checked = image
    if event.status == EventStatus.APPROVED and event.pending_changes:
        _apply(event, EventFields.from_json(event.pending_changes))
        event.pending_changes = None
        event.sequence += 1
    elif event.status == EventStatus.PENDING:
        event.status = EventStatus.APPROVED
        event.approved_at = now
    else:
        raise EventError(_l("Only events waiting in the queue can be approved."))
    db.session.flush()
    logger.info("event %s approved", event.id)


def mark_image_checked(event: Event) -> None:
    """A moderator found no identifiable face in the event's own image: it may be published."""
    event.image_checked = event.image_filename
    db.session.flush()
    logger.info("event %s: image checked for faces", event.id)


def blur_image(event: Event, folder: Path) -> None:
    """Replace the image awaiting approval with a blurred copy, which counts as checked for faces."""
    image = image_to_publish(event)
    if not image:
        raise EventError(_l("This event has no image to blur."))
    blurred_name = store_image(blurred(folder / image), folder)
    if event.status == EventStatus.APPROVED and event.pending_changes:
        event.pending_changes = {**event.pending_changes, "image_filename": blurred_name}
    else:
        event.image_filename = blurred_name
    event.image_checked = blurred_name
    db.session.flush()
    logger.info("event %s: image blurred by a moderator", event.id)


def hold_events_naming_people_not_named() -> int:
    """Take published events whose text names a person not named back to the queue, for an editor.

    Runs when a name becomes withheld. Returns how many were held; their pages, feeds and API
    entries disappear until an editor approves them again, edited.
    """
    variants = withheld_name_variants()
    held = 0
    for event in db.session.scalars(select(Event).where(Event.status == EventStatus.APPROVED)):
        if mentions_any(variants, event.title, event.description, event.venue, event.organizer_name):
            event.status = EventStatus.PENDING
            event.sequence += 1
            held += 1
    db.session.flush()
    if held:
        logger.info("held %s published events that name a withheld person", held)
    return held


def reject(event: Event, reason: str) -> None:
    """Refuse a pending event, or discard an approved event's pending changes."""
    if event.status == EventStatus.APPROVED and event.pending_changes:
        event.pending_changes = None
    elif event.status == EventStatus.PENDING:
        event.status = EventStatus.REJECTED
    else:
        raise EventError(_l("Only events waiting in the queue can be rejected."))
    event.rejection_reason = reason.strip()
    db.session.flush()
    logger.info("event %s rejected", event.id)


def cancel(event: Event) -> None:
    """Cancel an event; a published one stays visible as cancelled and its calendar entry is updated."""
    if event.cancelled:
        return
    if event.status == EventStatus.REJECTED:
        raise EventError(_l("A rejected event cannot be cancelled."))
    event.cancelled = True
    event.pending_changes = None
    event.sequence += 1
    db.session.flush()
    logger.info("event %s cancelled", event.id)


def moderation_queue() -> list[Event]:
    """Events waiting for a moderator: new submissions and edits of published events, oldest first."""
    statement = (
        select(Event)
        .where(
            or_(
                Event.status == EventStatus.PENDING,
                and_(Event.status == EventStatus.APPROVED, Event.pending_changes.is_not(None)),
            )
        )
        .order_by(Event.updated_at, Event.id)
    )
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class EventSearch:
    """Validated filters of a public event list."""

    country: str = ""
    city: str = ""
    mode: str = ""  # "online", "in-person" or ""
    tag: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    commemorative_date_id: int | None = None
    occurrence_on: date | None = None


def _public(statement):
    return statement.where(Event.status == EventStatus.APPROVED)


def search_events(
    search: EventSearch,
    *,
    now: datetime,
    archive: bool = False,
    limit: int = 500,
    offset: int = 0,
    related: bool = True,
) -> list[Event]:
    """Published events matching the filters: upcoming ones by start, or the archive newest first.

    `related` loads tags and dedications with them, for pages that show them; feeds do not.
    """
    statement = _matching(select(Event), search, now=now, archive=archive)
    if related:
        statement = statement.options(selectinload(Event.tags), selectinload(Event.prisoners))
    if archive:
        statement = statement.order_by(Event.starts_at.desc(), Event.id)
    else:
        statement = statement.order_by(Event.starts_at, Event.id)
    return list(db.session.scalars(statement.offset(offset).limit(limit)))


def count_events(search: EventSearch, *, now: datetime, archive: bool = False) -> int:
    """How many published events `search_events` would list without a limit (for a list's pages)."""
    statement = _matching(select(func.count(Event.id)), search, now=now, archive=archive)
    return db.session.scalar(statement) or 0


def _matching(statement, search: EventSearch, *, now: datetime, archive: bool):
    """`statement` narrowed to the published events the filters and the list (upcoming, past, a day) take."""
    statement = _public(statement)
    if archive:
        statement = statement.where(or_(Event.archived_at.is_not(None), Event.ends_at < now))
    elif search.occurrence_on is None:
        statement = statement.where(Event.archived_at.is_(None), Event.ends_at >= now)
    if search.country:
        statement = statement.where(Event.country == search.country)
    # The city of an event whose place is private must not be learnt by searching for it.
    city_public = Event.country.not_in(unsafe_countries())
    if search.city:
        statement = statement.where(func.lower(Event.city) == search.city.lower(), city_public)
    if search.mode == "online":
        statement = statement.where(Event.online_url != "")
    elif search.mode == "in-person":
        statement = statement.where(Event.city != "")
    if search.tag:
        statement = statement.where(Event.tags.any(EventTag.name == search.tag))
    if search.date_from:
        statement = statement.where(Event.ends_at >= datetime.combine(search.date_from, datetime.min.time(), UTC))
    if search.date_to:
        end = datetime.combine(search.date_to + timedelta(days=1), datetime.min.time(), UTC)
        statement = statement.where(Event.starts_at < end)
    if search.commemorative_date_id is not None:
        statement = statement.where(
            Event.commemorative_date_id == search.commemorative_date_id, Event.occurrence_on == search.occurrence_on
        )
    for word in search.q.split():
        # Exact address fields are left out of the search so a query cannot probe a withheld address.
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(
                Event.title.ilike(pattern),
                Event.description.ilike(pattern),
                and_(Event.city.ilike(pattern), city_public),
                Event.organizer_name.ilike(pattern),
            )
        )
    return statement


def group_by_day(events: list[Event]) -> list[tuple[date, list[Event]]]:
    """Events grouped by the local day they start on, in list order."""
    groups: dict[date, list[Event]] = {}
    for event in events:
        groups.setdefault(event.local_start.date(), []).append(event)
    return list(groups.items())


def get_public_event(event_id: int) -> Event | None:
    """A published event (cancelled and archived ones included), else None."""
    event = db.session.get(Event, event_id)
    return event if event is not None and event.is_public else None


def get_public_event_by_slug(slug: str) -> Event | None:
    """The published event with this opaque slug, else None (an unpublished one looks like none at all)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    return event if event is not None and event.is_public else None


def tally(commemorative_date_id: int, occurrence_on: date) -> tuple[int, int]:
    """(events, countries) published for an occurrence, cancelled ones not counted."""
    row = db.session.execute(
        select(func.count(Event.id), func.count(distinct(func.nullif(Event.country, "")))).where(
            Event.status == EventStatus.APPROVED,
            Event.cancelled.is_(False),
            Event.commemorative_date_id == commemorative_date_id,
            Event.occurrence_on == occurrence_on,
        )
    ).one()
    return row[0] or 0, row[1] or 0


def get_listing(commemorative_date: CommemorativeDate, occurrence_on: date) -> OccurrenceListing | None:
    """The listing row of an occurrence, once the scheduler opened it."""
    return db.session.scalar(
        select(OccurrenceListing).where(
            OccurrenceListing.commemorative_date_id == commemorative_date.id,
            OccurrenceListing.occurrence_on == occurrence_on,
        )
    )


def in_calendar(commemorative_date: CommemorativeDate, occurrence_on: date, *, today: date, horizon_days: int) -> bool:
    """Whether an occurrence is in the calendar ahead: within the horizon, and the next one in any case.

    Organisers plan months ahead, so a day's page exists from then on, not only once the scheduler
    opens its listing for announcements.
    """
    if occurrence_on < today:
        return False
    next_on = commemorative_date.next_occurrence(today)
    return occurrence_on <= today + timedelta(days=horizon_days) or occurrence_on == next_on


DayPage = tuple[CommemorativeDate, date, OccurrenceListing | None]


def day_page(slug: str, year: int, *, horizon_days: int) -> DayPage | None:
    """The date, day and listing of the day page at `slug`/`year`, or None when there is no such page.

    A page exists once the scheduler listed the day (past days stay as archives) or while the day
    is ahead in the calendar; EVENTS_LISTING_DAYS_AHEAD decides when it is announced, not whether
    it exists.
    """
    if not 1900 <= year <= 2200:
        return None
    commemorative_date = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == slug))
    on = commemorative_date.occurrence_in(year) if commemorative_date is not None else None
    if on is None:
        return None
    listing = get_listing(commemorative_date, on)
    today = today_in(commemorative_date.timezone)
    if listing is None and not in_calendar(commemorative_date, on, today=today, horizon_days=horizon_days):
        return None
    return commemorative_date, on, listing


def events_dedicated_to(prisoner: Prisoner, *, limit: int = 20) -> list[Event]:
    """Published, not cancelled events dedicated to a person, newest first; none when the person
    is not named or asked for no dedications (tracker.consent)."""
    if prisoner.name_withheld or prisoner.dedications_off:
        return []
    dedicated = Event.prisoners.any(Prisoner.id == prisoner.id)
    statement = _public(select(Event)).where(dedicated, Event.cancelled.is_(False))
    return list(db.session.scalars(statement.order_by(Event.starts_at.desc(), Event.id).limit(limit)))


def upcoming_occurrences(today: date, *, days_ahead: int = 400) -> list[tuple[CommemorativeDate, date]]:
    """Occurrences events can be submitted for: from today to `days_ahead` days on, by date."""
    result = []
    for commemorative_date in db.session.scalars(select(CommemorativeDate)):
        for year in (today.year, today.year + 1):
            on = commemorative_date.occurrence_in(year)
            if on and today <= on <= today + timedelta(days=days_ahead):
                result.append((commemorative_date, on))
    return sorted(result, key=lambda pair: (pair[1], pair[0].name))


def open_listings(now: datetime, *, days_ahead: int) -> list[OccurrenceListing]:
    """Open the listing page of every occurrence due within `days_ahead` days (each once)."""
    opened = []
    for commemorative_date in db.session.scalars(select(CommemorativeDate)):
        today = now.astimezone(ZoneInfo(commemorative_date.timezone)).date()
        on = commemorative_date.next_occurrence(today)
        if on is None or on > today + timedelta(days=days_ahead) or get_listing(commemorative_date, on):
            continue
        listing = OccurrenceListing(commemorative_date_id=commemorative_date.id, occurrence_on=on, opened_at=now)
        db.session.add(listing)
        opened.append(listing)
    db.session.flush()
    for listing in opened:
        logger.info("opened listing %s for %s", listing.id, listing.occurrence_on)
    return opened


def archive_listings(now: datetime) -> list[OccurrenceListing]:
    """Freeze the tally of every open listing whose day has passed in the date's own zone."""
    archived = []
    for listing in db.session.scalars(select(OccurrenceListing).where(OccurrenceListing.archived_at.is_(None))):
        # A soft-deleted date leaves its listing without a loaded date; its zone falls back to the default.
        zone = listing.commemorative_date.timezone if listing.commemorative_date else DEFAULT_TIMEZONE
        today = now.astimezone(ZoneInfo(zone)).date()
        if listing.occurrence_on >= today:
            continue
        listing.final_event_count, listing.final_country_count = tally(
            listing.commemorative_date_id, listing.occurrence_on
        )
        listing.archived_at = now
        archived.append(listing)
    db.session.flush()
    for listing in archived:
        logger.info("archived listing %s with %s events", listing.id, listing.final_event_count)
    return archived


def archive_past_events(now: datetime) -> int:
    """Move published events that have ended into the archive."""
    events = list(
        db.session.scalars(
            select(Event).where(Event.status == EventStatus.APPROVED, Event.archived_at.is_(None), Event.ends_at < now)
        )
    )
    for event in events:
        event.archived_at = now
    db.session.flush()
    if events:
        logger.info("archived %s past event(s)", len(events))
    return len(events)


def due_nudges(now: datetime, *, lead_days: list[int]) -> list[tuple[Event, int]]:
    """(event, lead) pairs whose nudge is due: only the closest lead reached, so a late run sends one nudge."""
    leads = sorted(set(lead_days))
    due = []
    statement = select(Event).where(
        Event.status == EventStatus.APPROVED,
        Event.cancelled.is_(False),
        Event.occurrence_on.is_not(None),
        Event.archived_at.is_(None),
    )
    for event in db.session.scalars(statement):
        zone = ZoneInfo(event.commemorative_date.timezone if event.commemorative_date else event.timezone)
        days_left = (event.occurrence_on - now.astimezone(zone).date()).days
        if days_left <= 0:
            continue
        reached = [lead for lead in leads if days_left <= lead]
        if reached:
            due.append((event, min(reached)))
    return due
