"""iCalendar feeds of the calendar: one of every date, one per kind of date."""

from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Event

from tracker.core.ical import new_calendar
from tracker.dates.occurrences import Occurrence

UID_DOMAIN = "political-prisoner-tracker"


def occurrence_event(occurrence: Occurrence, url: str | None = None) -> Event:
    """A VEVENT spanning the day in its own zone, with a UID that never changes."""
    zone = ZoneInfo(occurrence.timezone)
    event = Event()
    event.add("uid", f"{occurrence.uid}@{current_app.config.get('ICAL_UID_DOMAIN', UID_DOMAIN)}")
    event.add("dtstamp", occurrence.changed_at)
    event.add("last-modified", occurrence.changed_at)
    # SEQUENCE grows with every edit, so calendar apps replace their copy instead of adding one.
    event.add("sequence", occurrence.sequence)
    event.add("dtstart", occurrence.starts_at.astimezone(zone))
    event.add("dtend", occurrence.ends_at.astimezone(zone))
    event.add("summary", occurrence.title)
    description = occurrence.description
    if occurrence.letter_address:
        description = f"{description}\n\n{occurrence.letter_address}".strip()
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("categories", [occurrence.kind.value])
    event.add("transp", "TRANSPARENT")
    return event


def occurrences_calendar(name: str, occurrences: list[Occurrence], urls: dict[str, str] | None = None):
    """A calendar holding one event per occurrence."""
    calendar = new_calendar(name)
    for occurrence in occurrences:
        calendar.add_component(occurrence_event(occurrence, (urls or {}).get(occurrence.uid)))
    return calendar
