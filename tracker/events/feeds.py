"""Public outputs of events: the one place that decides what an exact address may reach.

Every public rendering (HTML, iCalendar, Atom, JSON-LD, widget, API) reads locations through
`public_location`, so "show city only" and the private place of an event in an unsafe country
(tracker.events.safety) are enforced in one function.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple

from babel.dates import format_date, format_time
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from flask import Response, current_app
from flask_babel import lazy_gettext as _l
from icalendar.timezone.tzid import is_utc
from lxml import etree

from tracker.core import ical
from tracker.core.http import conditional
from tracker.core.i18n import current_language, date_locale, date_pattern
from tracker.core.text import xml_text
from tracker.core.urls import external_url
from tracker.events.forms import country_name
from tracker.events.models import Event
from tracker.events.safety import place_is_private
from tracker.events.text import plain_text, render_markdown, safe_text
from tracker.timeutil import as_utc

# Entries kept per process and format, so the memory they take stays bounded: the upcoming events of
# the feeds readers poll, in the languages they ask for; the least recently used go first.
FEED_ENTRIES_KEPT = 10_000

# What visitors read instead of the place of an event in an unsafe country.
PRIVATE_PLACE = _l("place given to participants by the organizers")


class FeedEvent(NamedTuple):
    """Every column a feed entry is built from: hashable, so an unchanged event's entry is built once.

    Keying on the values themselves (not on an id and a timestamp) means a cached entry can
    never outlive the data it shows, whatever changed it and however fast.
    """

    slug: str
    uid: str
    sequence: int
    title: str
    description: str
    organizer_name: str
    venue: str
    address: str
    city: str
    country: str
    online_url: str
    city_only: bool
    cancelled: bool
    starts_at: datetime
    ends_at: datetime
    timezone: str
    updated_at: datetime
    # Not a column: the configured unsafe countries decide it, so a changed list changes the key.
    place_private: bool

    @classmethod
    def of(cls, event: Event) -> "FeedEvent":
        """The feed columns of an event."""
        return cls._make([*(getattr(event, name) for name in _FEED_COLUMNS), place_is_private(event)])

    # The event's own definitions: they read only columns this tuple has.
    zone = Event.zone
    local_start = Event.local_start
    local_end = Event.local_end


_FEED_COLUMNS = FeedEvent._fields[:-1]


@dataclass(frozen=True)
class PublicLocation:
    """What visitors may know about where an event is."""

    venue: str
    address: str
    city: str
    country_code: str
    country: str
    online_url: str
    withheld: bool
    # In an unsafe country: no venue, address or city; the organizers tell participants where.
    private: bool = False

    @property
    def in_person(self) -> bool:
        """Whether the event has a physical place, shown or not."""
        return bool(self.city) or self.private

    def text(self) -> str:
        """One line for calendars and feeds."""
        parts = [self.venue, self.address, self.city, self.country]
        if self.private:
            parts.append(str(PRIVATE_PLACE))
        line = ", ".join(part for part in parts if part)
        if self.online_url:
            line = f"{line} · {self.online_url}" if line else self.online_url
        return line


def public_location(event: Event | FeedEvent) -> PublicLocation:
    """The location visitors may see.

    With "city only" set, no venue and no street address; in an unsafe country, not even the city.
    """
    private = event.place_private if isinstance(event, FeedEvent) else place_is_private(event)
    withheld = private or event.city_only
    return PublicLocation(
        venue="" if withheld else event.venue,
        address="" if withheld else event.address,
        city="" if private else event.city,
        country_code=event.country,
        country=country_name(event.country) if event.country else "",
        online_url=event.online_url,
        withheld=withheld,
        private=private,
    )


def when_text(event: Event | FeedEvent, locale: str | None = None) -> str:
    """Local date and time with the zone named, e.g. "21 May 2027, 18:00–20:00 (Europe/Berlin)"."""
    locale = locale or current_language()
    start, end = event.local_start, event.local_end
    day = _date_text(start.date(), "full", locale)
    times = f"{_time_text(start.time(), locale)}–{_time_text(end.time(), locale)}"
    if end.date() != start.date():
        end_day = _date_text(end.date(), "long", locale)
        times = f"{_time_text(start.time(), locale)} – {end_day} {_time_text(end.time(), locale)}"
    return f"{day}, {times} ({event.timezone})"


# Formatting through Babel costs more than the rest of an entry; a feed of thousands of events
# shares a few hundred days and a few dozen times of day, so each is formatted once.
@functools.lru_cache(maxsize=4096)
def _date_text(day: date, length: str, locale: str) -> str:
    return format_date(day, date_pattern(length, date_locale(locale)), locale=date_locale(locale))


@functools.lru_cache(maxsize=1024)
def _time_text(at: time, locale: str) -> str:
    return format_time(at, "short", locale=locale)


def calendar_event(event: Event) -> bytes:
    """One serialized VEVENT with local times and TZID, a stable UID and the SEQUENCE."""
    return _calendar_event(FeedEvent.of(event), current_language(), current_app.config["SITE_URL"])


# The language (country names) and SITE_URL (links) are arguments so that they are part of the key.
@functools.lru_cache(maxsize=FEED_ENTRIES_KEPT)
def _calendar_event(event: FeedEvent, language: str, site_url: str) -> bytes:
    start, end = event.local_start, event.local_end
    if is_utc(start):
        dates = [ical.content_line("DTSTART", ical.utc_value(start)), ical.content_line("DTEND", ical.utc_value(end))]
    else:
        zone = f";TZID={event.timezone}"
        dates = [
            ical.content_line("DTSTART", ical.local_value(start), zone),
            ical.content_line("DTEND", ical.local_value(end), zone),
        ]
    url = external_url("events.show", slug=event.slug)
    description = f"{plain_text(event.description)}\n\n{safe_text(event.organizer_name)}\n{url}".strip()
    updated = ical.utc_value(as_utc(event.updated_at))
    location = public_location(event).text()
    # Properties in the order the icalendar package writes a VEVENT's, so the output matches one it builds.
    lines = [
        b"BEGIN:VEVENT\r\n",
        ical.content_line("SUMMARY", ical.text(safe_text(event.title))),
        *dates,
        ical.content_line("DTSTAMP", updated),
        ical.content_line("UID", ical.text(event.uid)),
        ical.content_line("SEQUENCE", str(event.sequence)),
        ical.content_line("DESCRIPTION", ical.text(description)),
        ical.content_line("LAST-MODIFIED", updated),
    ]
    if location:
        lines.append(ical.content_line("LOCATION", ical.text(safe_text(location))))
    lines += [
        ical.content_line("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED"),
        ical.content_line("URL", url),
        b"END:VEVENT\r\n",
    ]
    return b"".join(lines)


def ics_feed(events: list[Event], name: str, filename: str) -> Response:
    """An iCalendar feed of events, with a VTIMEZONE for every zone they are in."""
    zones = ical.zone_spans(
        (event.timezone, event.local_start.date(), event.local_end.date())
        for event in events
        if not is_utc(event.local_start)
    )
    body = ical.calendar_document(safe_text(name), (calendar_event(event) for event in events), zones)
    return ical.ics_bytes_response(body, filename)


def atom_feed(events: list[Event], *, title: str, self_url: str, page_url: str, now: datetime) -> Response:
    """An Atom feed of events written by feedgen; text is made XML-safe, HTML content is sanitized first."""
    feed = FeedGenerator()
    # Text constructs are escaped by the serializer; angle brackets go too, for readers that render titles as HTML.
    feed.title(_atom_text(title))
    feed.id(self_url)
    feed.updated(max((as_utc(event.updated_at) for event in events), default=now))
    feed.link(href=self_url, rel="self")
    feed.link(href=page_url, rel="alternate")
    feed.author({"name": "Political Prisoner Tracker"})
    head = feed.atom_str(pretty=False)
    end = b"</feed>"
    assert head.endswith(end)  # noqa: S101  the root has children, so it is closed with an end tag
    language, site_url = current_language(), current_app.config["SITE_URL"]
    entries = (_atom_entry(FeedEvent.of(event), language, site_url) for event in events)
    body = b"".join([head[: -len(end)], *entries, end])
    return conditional(Response(body, mimetype="application/atom+xml"))


def _atom_text(value: str) -> str:
    """A text construct's content: no angle brackets and nothing XML cannot carry; never empty (Atom needs one)."""
    return xml_text(safe_text(value)).strip() or "—"


# feedgen builds each entry on its own: the feed's root carries the Atom namespace as a plain
# xmlns attribute, so an entry serializes alone exactly as it reads inside the feed and is
# kept and reused unchanged while the event's columns stay the same.
@functools.lru_cache(maxsize=FEED_ENTRIES_KEPT)
def _atom_entry(event: FeedEvent, language: str, site_url: str) -> bytes:
    url = external_url("events.show", slug=event.slug)
    entry = FeedEntry()
    prefix = "[cancelled] " if event.cancelled else ""
    entry.title(_atom_text(prefix + event.title))
    entry.id(f"urn:uuid:{event.uid.partition('@')[0]}")
    entry.updated(as_utc(event.updated_at))
    entry.link(href=url, rel="alternate")
    if organizer := xml_text(safe_text(event.organizer_name)).strip():
        entry.author({"name": organizer})
    entry.summary(_atom_text(f"{when_text(event, 'en')} — {public_location(event).text()}"))
    entry.content(xml_text(render_markdown(xml_text(event.description))), type="html")
    return etree.tostring(entry.atom_entry(), encoding="utf-8")


def json_ld(event: Event) -> dict:
    """schema.org Event data for search engines (serialized with |tojson, which escapes < > & ')."""
    location = public_location(event)
    status = "EventScheduled"
    if event.cancelled:
        status = "EventCancelled"
    elif event.rescheduled:
        status = "EventRescheduled"
    places = []
    if location.private:
        address = {"@type": "PostalAddress", "addressCountry": location.country_code}
        places.append({"@type": "Place", "name": location.country, "address": address})
    elif location.city:
        address = {"@type": "PostalAddress", "addressLocality": location.city, "addressCountry": location.country_code}
        if location.address:
            address["streetAddress"] = location.address
        places.append({"@type": "Place", "name": location.venue or location.city, "address": address})
    if location.online_url:
        places.append({"@type": "VirtualLocation", "url": location.online_url})
    if location.in_person and location.online_url:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode" if location.online_url else "OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": plain_text(event.description),
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": places[0] if len(places) == 1 else places,
        "organizer": {"@type": "Organization", "name": event.organizer_name},
        "inLanguage": event.language,
        "url": external_url("events.show", slug=event.slug),
    }
    if event.public_image:
        data["image"] = external_url("events.image", slug=event.slug)
    return data
