"""iCalendar feeds of the calendar: one of every date, one per kind of date.

A year of dates is thousands of events, so they are written as content lines through the shared
helpers in tracker.core.ical (icalendar escapes and folds them) rather than as component objects.
"""

from zoneinfo import ZoneInfo

from flask import current_app

from tracker.core import ical
from tracker.dates.occurrences import Occurrence
from tracker.timeutil import as_utc

UID_DOMAIN = "political-prisoner-tracker"


def _when(name: str, moment, zone: str) -> bytes:
    if zone == "UTC":
        return ical.content_line(name, ical.utc_value(moment))
    return ical.content_line(name, ical.local_value(moment.astimezone(ZoneInfo(zone))), f";TZID={zone}")


def occurrence_lines(occurrence: Occurrence, url: str | None, uid_domain: str) -> bytes:
    """A VEVENT spanning the day in its own zone, with a UID that never changes."""
    description = occurrence.description
    if occurrence.letter_address:
        description = f"{description}\n\n{occurrence.letter_address}".strip()
    changed = ical.utc_value(as_utc(occurrence.changed_at))
    lines = [
        b"BEGIN:VEVENT\r\n",
        ical.content_line("SUMMARY", ical.text(occurrence.title)),
        _when("DTSTART", occurrence.starts_at, occurrence.timezone),
        _when("DTEND", occurrence.ends_at, occurrence.timezone),
        ical.content_line("DTSTAMP", changed),
        ical.content_line("UID", ical.text(f"{occurrence.uid}@{uid_domain}")),
        # SEQUENCE grows with every edit, so calendar apps replace their copy instead of adding one.
        ical.content_line("SEQUENCE", str(occurrence.sequence)),
        ical.content_line("CATEGORIES", ical.text(occurrence.kind.value)),
    ]
    if description:
        lines.append(ical.content_line("DESCRIPTION", ical.text(description)))
    lines.append(ical.content_line("LAST-MODIFIED", changed))
    lines.append(b"TRANSP:TRANSPARENT\r\n")
    if url:
        lines.append(ical.content_line("URL", url))
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)


def occurrences_ics(name: str, occurrences: list[Occurrence], urls: dict[str, str] | None = None) -> bytes:
    """A calendar holding one event per occurrence, serialized, with a VTIMEZONE for every zone used."""
    urls = urls or {}
    uid_domain = current_app.config.get("ICAL_UID_DOMAIN", UID_DOMAIN)
    events = (occurrence_lines(occurrence, urls.get(occurrence.uid), uid_domain) for occurrence in occurrences)
    zones = {occurrence.timezone for occurrence in occurrences} - {"UTC"}
    return ical.calendar_document(name, events, zones)
