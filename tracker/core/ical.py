"""iCalendar output shared by every feed: RFC 5545 via the icalendar package, with VTIMEZONE.

Feeds of thousands of events write their VEVENTs as content lines instead of building icalendar
component objects, which are slow to build in such numbers; escaping (vText), folding (Contentline),
the calendar's envelope and its VTIMEZONEs all still come from the icalendar package.
"""

import functools
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Response
from icalendar import Calendar, Timezone, vText
from icalendar.parser import Contentline

from tracker.core.http import conditional

PRODID = "-//Political Prisoner Tracker//tracker//EN"
# RFC 5545 §3.1: lines longer than 75 octets are folded; icalendar folds before the 75th.
FOLD_AT_OCTETS = 75


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
    """A TEXT value escaped by icalendar (RFC 5545 §3.3.11)."""
    return vText(value).to_ical().decode()


def utc_value(moment: datetime) -> str:
    """A DATE-TIME in UTC, e.g. 20270521T160000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_value(moment: datetime) -> str:
    """A DATE-TIME as wall-clock time, to go with a TZID parameter."""
    return moment.strftime("%Y%m%dT%H%M%S")


def content_line(name: str, value: str, parameters: str = "") -> bytes:
    """One property with its CRLF, folded below 75 octets by icalendar; `value` is already escaped."""
    return fold(f"{name}{parameters}:{value}".encode()) + b"\r\n"


def fold(line: bytes) -> bytes:
    """Fold a content line as icalendar does (never inside a UTF-8 character or an escape)."""
    if len(line) < FOLD_AT_OCTETS and b"\n" not in line:
        # icalendar leaves such a line as it is, but walks it one character at a time to find out.
        return line
    return Contentline(line.decode()).to_ical()
