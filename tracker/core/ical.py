"""iCalendar output shared by every feed: RFC 5545 via the icalendar package, with VTIMEZONE.

Feeds of thousands of events write their VEVENTs with the few helpers below instead of building
icalendar objects (which cost a millisecond an event); the helpers escape and fold exactly as the
icalendar package does, and the calendar's envelope and VTIMEZONEs still come from it.
"""

import functools
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Response
from icalendar import Calendar, Timezone

from tracker.core.http import conditional

PRODID = "-//Political Prisoner Tracker//tracker//EN"
FOLD_LIMIT = 75  # octets, as icalendar folds: every physical line stays below it
_BACKSLASH, _CARET, _CONTINUATION = 0x5C, 0x5E, 0x80


def new_calendar(name: str) -> Calendar:
    """An empty calendar with the properties every feed carries."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def ics_response(calendar: Calendar, filename: str) -> Response:
    """Serialize with a VTIMEZONE for every TZID used, as an .ics download with an ETag (304 when unchanged)."""
    calendar.add_missing_timezones()
    return ics_bytes_response(calendar.to_ical(), filename)


def ics_bytes_response(body: bytes, filename: str) -> Response:
    """A serialized calendar as an .ics download with an ETag (304 when unchanged)."""
    response = Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    return conditional(response)


def calendar_document(name: str, components: Iterable[bytes], tzids: Iterable[str]) -> bytes:
    """A whole calendar: the envelope, a VTIMEZONE for each TZID, then the serialized components."""
    envelope = new_calendar(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert envelope.endswith(end)  # noqa: S101  icalendar always closes the calendar last
    timezones = [vtimezone(tzid) for tzid in sorted(set(tzids))]
    return b"".join([envelope[: -len(end)], *timezones, *components, end])


@functools.cache
def vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE icalendar would add for an IANA zone (empty if it knows none); built once per zone."""
    try:
        return Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return b""


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 (and icalendar) escape it."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def utc_value(moment: datetime) -> str:
    """A DATE-TIME in UTC, e.g. 20270521T160000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_value(moment: datetime) -> str:
    """A DATE-TIME as wall-clock time, to go with a TZID parameter."""
    return moment.strftime("%Y%m%dT%H%M%S")


def content_line(name: str, value: str, parameters: str = "") -> bytes:
    """One property, folded below 75 octets, with its CRLF; `value` is already escaped."""
    return fold(f"{name}{parameters}:{value}".encode()) + b"\r\n"


def fold(line: bytes) -> bytes:
    """Fold a content line as icalendar does: chunks of at most 74 octets, never inside a UTF-8
    character, and never ending in a lone escape character (a backslash or caret moves on)."""
    if len(line) < FOLD_LIMIT:
        return line
    chunks = []
    start = 0
    while len(line) - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while line[end] & 0xC0 == _CONTINUATION:
            end -= 1
        if end - start > 1 and line[end - 1] in (_BACKSLASH, _CARET):
            end -= 1
        chunks.append(line[start:end])
        start = end
    chunks.append(line[start:])
    return b"\r\n ".join(chunks)
