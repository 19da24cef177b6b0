"""iCalendar feeds of the calendar: one of every date, one per kind of date.

A year of dates is thousands of events, and icalendar's objects cost about a millisecond each to
build and serialize, so the events are written here as RFC 5545 content lines; the calendar's own
properties and its VTIMEZONE components still come from icalendar.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Event

from tracker.core.ical import new_calendar
from tracker.dates.occurrences import Occurrence

UID_DOMAIN = "political-prisoner-tracker"
LINE_OCTETS = 75
END = b"END:VCALENDAR\r\n"


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks; any line break becomes \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into physical lines of at most 75 octets, never inside a character or an escape."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return line
    pieces, start, room = [], 0, LINE_OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character started before
            end -= 1
        backslashes = 0
        while end - backslashes > start and data[end - backslashes - 1] == ord("\\"):
            backslashes += 1
        # An odd run of backslashes means the last one starts an escape: keep it with its letter.
        end -= backslashes % 2
        pieces.append(data[start:end])
        start, room = end, LINE_OCTETS - 1  # continuation lines start with a space, which counts
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def _utc(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(name: str, moment: datetime, zone: str) -> str:
    if zone == "UTC":
        return f"{name}:{_utc(moment)}"
    return f"{name};TZID={zone}:{moment.astimezone(ZoneInfo(zone)).strftime('%Y%m%dT%H%M%S')}"


def occurrence_lines(occurrence: Occurrence, url: str | None, uid_domain: str) -> list[str]:
    """A VEVENT spanning the day in its own zone, with a UID that never changes."""
    description = occurrence.description
    if occurrence.letter_address:
        description = f"{description}\n\n{occurrence.letter_address}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(occurrence.title)}",
        _local("DTSTART", occurrence.starts_at, occurrence.timezone),
        _local("DTEND", occurrence.ends_at, occurrence.timezone),
        f"DTSTAMP:{_utc(occurrence.changed_at)}",
        f"UID:{text(f'{occurrence.uid}@{uid_domain}')}",
        # SEQUENCE grows with every edit, so calendar apps replace their copy instead of adding one.
        f"SEQUENCE:{occurrence.sequence}",
        f"CATEGORIES:{text(occurrence.kind.value)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{text(description)}")
    lines.append(f"LAST-MODIFIED:{_utc(occurrence.changed_at)}")
    lines.append("TRANSP:TRANSPARENT")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return [fold(line) for line in lines]


def occurrences_ics(name: str, occurrences: list[Occurrence], urls: dict[str, str] | None = None) -> bytes:
    """A calendar holding one event per occurrence, serialized, with a VTIMEZONE for every zone used."""
    urls = urls or {}
    calendar = new_calendar(name)
    # One stand-in event per zone lets icalendar add exactly the VTIMEZONEs it would for the real ones.
    for zone in sorted({occurrence.timezone for occurrence in occurrences}):
        stand_in = Event()
        stand_in.add("dtstart", datetime(2000, 1, 1, tzinfo=ZoneInfo(zone)))
        calendar.add_component(stand_in)
    calendar.add_missing_timezones()
    calendar.subcomponents = [component for component in calendar.subcomponents if component.name == "VTIMEZONE"]
    head = calendar.to_ical().removesuffix(END)
    uid_domain = current_app.config.get("ICAL_UID_DOMAIN", UID_DOMAIN)
    events = [
        line
        for occurrence in occurrences
        for line in occurrence_lines(occurrence, urls.get(occurrence.uid), uid_domain)
    ]
    body = "\r\n".join(events).encode() + b"\r\n" if events else b""
    return head + body + END
