"""Public outputs of events: the one place that decides what an exact address may reach.

Every public rendering (HTML, iCalendar, Atom, JSON-LD, widget) reads locations through
`public_location`, so "show city only" is enforced in one function.
"""

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree

from babel.dates import format_date, format_time
from flask import Response
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from tracker.core.http import conditional
from tracker.core.i18n import current_language
from tracker.core.ical import ics_response, new_calendar
from tracker.core.urls import external_url
from tracker.events.forms import country_name
from tracker.events.models import Event, as_utc
from tracker.events.text import plain_text, render_markdown, safe_text

ATOM = "http://www.w3.org/2005/Atom"


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

    def text(self) -> str:
        """One line for calendars and feeds."""
        parts = [self.venue, self.address, self.city, self.country]
        line = ", ".join(part for part in parts if part)
        if self.online_url:
            line = f"{line} · {self.online_url}" if line else self.online_url
        return line


def public_location(event: Event) -> PublicLocation:
    """The location visitors may see: with "city only" set, no venue and no street address."""
    return PublicLocation(
        venue="" if event.city_only else event.venue,
        address="" if event.city_only else event.address,
        city=event.city,
        country_code=event.country,
        country=country_name(event.country) if event.country else "",
        online_url=event.online_url,
        withheld=event.city_only,
    )


def when_text(event: Event, locale: str | None = None) -> str:
    """Local date and time with the zone named, e.g. "21 May 2027, 18:00–20:00 (Europe/Berlin)"."""
    locale = locale or current_language()
    start, end = event.local_start, event.local_end
    day = format_date(start.date(), "full", locale=locale)
    times = f"{format_time(start.time(), 'short', locale=locale)}–{format_time(end.time(), 'short', locale=locale)}"
    if end.date() != start.date():
        times = (
            f"{format_time(start.time(), 'short', locale=locale)} – "
            f"{format_date(end.date(), 'long', locale=locale)} {format_time(end.time(), 'short', locale=locale)}"
        )
    return f"{day}, {times} ({event.timezone})"


def calendar_event(event: Event) -> CalendarEvent:
    """One VEVENT with local times and TZID, a stable UID and the SEQUENCE."""
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("dtstamp", as_utc(event.updated_at))
    entry.add("last-modified", as_utc(event.updated_at))
    entry.add("dtstart", event.local_start)
    entry.add("dtend", event.local_end)
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("summary", safe_text(event.title))
    url = external_url("events.show", event_id=event.id)
    description = plain_text(event.description)
    entry.add("description", f"{description}\n\n{safe_text(event.organizer_name)}\n{url}".strip())
    location = public_location(event).text()
    if location:
        entry.add("location", safe_text(location))
    entry.add("url", url)
    return entry


def ics_feed(events: list[Event], name: str, filename: str) -> Response:
    """An iCalendar feed of events."""
    calendar: Calendar = new_calendar(safe_text(name))
    for event in events:
        calendar.add_component(calendar_event(event))
    return ics_response(calendar, filename)


def atom_feed(events: list[Event], *, title: str, self_url: str, page_url: str, now: datetime) -> Response:
    """An Atom feed of events; text goes through the XML serializer, HTML content is sanitized first."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    # Text constructs are escaped by the serializer; angle brackets go too, for readers that render titles as HTML.
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = safe_text(title)
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    updated = max((as_utc(event.updated_at) for event in events), default=now)
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=page_url)
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    ElementTree.SubElement(author, f"{{{ATOM}}}name").text = "Political Prisoner Tracker"
    for event in events:
        url = external_url("events.show", event_id=event.id)
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        prefix = "[cancelled] " if event.cancelled else ""
        ElementTree.SubElement(entry, f"{{{ATOM}}}title").text = safe_text(prefix + event.title)
        ElementTree.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:uuid:{event.uid.partition('@')[0]}"
        ElementTree.SubElement(entry, f"{{{ATOM}}}updated").text = as_utc(event.updated_at).isoformat()
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        entry_author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
        ElementTree.SubElement(entry_author, f"{{{ATOM}}}name").text = safe_text(event.organizer_name)
        summary = f"{when_text(event, 'en')} — {public_location(event).text()}"
        ElementTree.SubElement(entry, f"{{{ATOM}}}summary").text = safe_text(summary)
        ElementTree.SubElement(entry, f"{{{ATOM}}}content", type="html").text = render_markdown(event.description)
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return conditional(Response(body, mimetype="application/atom+xml"))


def json_ld(event: Event) -> dict:
    """schema.org Event data for search engines (serialized with |tojson, which escapes < > & ')."""
    location = public_location(event)
    status = "EventScheduled"
    if event.cancelled:
        status = "EventCancelled"
    elif event.rescheduled:
        status = "EventRescheduled"
    places = []
    if location.city:
        address = {"@type": "PostalAddress", "addressLocality": location.city, "addressCountry": location.country_code}
        if location.address:
            address["streetAddress"] = location.address
        places.append({"@type": "Place", "name": location.venue or location.city, "address": address})
    if location.online_url:
        places.append({"@type": "VirtualLocation", "url": location.online_url})
    if location.city and location.online_url:
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
        "url": external_url("events.show", event_id=event.id),
    }
    if event.image_filename:
        data["image"] = external_url("events.image", event_id=event.id)
    return data
