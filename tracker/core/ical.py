"""iCalendar output shared by every feed: RFC 5545 via the icalendar package, with VTIMEZONE.

Feeds of thousands of events write their VEVENTs as content lines instead of building icalendar
component objects, which are slow to build in such numbers; escaping (vText), folding (Contentline),
the calendar's envelope and its VTIMEZONEs all still come from the icalendar package.
"""

import functools
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

from flask import Response, current_app
from icalendar import Calendar, Timezone, vText
from icalendar.parser import Contentline

from tracker.core.http import conditional
from tracker.core.text import clean_line, clean_text

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
    calendar.add("x-wr-calname", clean_line(name))
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


def calendar_document(name: str, components: Iterable[bytes], zones: Mapping[str, tuple[date, date]]) -> bytes:
    """A whole calendar: the envelope, a VTIMEZONE for each zone over the days it serves, then the components.

    `zones` maps each TZID used to the first and last day of the events in it. RFC 5545 wants at
    least one component in a calendar, so one without events carries the display zone's VTIMEZONE.
    """
    envelope = new_calendar(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert envelope.endswith(end)  # noqa: S101  icalendar always closes the calendar last
    components = list(components)
    timezones = [vtimezone(tzid, first.year, last.year) for tzid, (first, last) in sorted(zones.items())]
    if not components and not any(timezones):
        this_year = datetime.now(UTC).year
        timezones = [vtimezone(current_app.config["DISPLAY_TIMEZONE"], this_year, this_year)]
    return b"".join([envelope[: -len(end)], *timezones, *components, end])


def zone_spans(spans: Iterable[tuple[str, date, date]]) -> dict[str, tuple[date, date]]:
    """The first and last day each zone serves, from (zone, first day, last day) of every event."""
    found: dict[str, tuple[date, date]] = {}
    for zone, first, last in spans:
        known = found.get(zone)
        found[zone] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    return found


@functools.lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone with every transition from `first_year` to `last_year` (empty if unknown).

    icalendar writes transitions only for the years it is asked for (by default up to 2037), and a
    client reads an event's offset from them, so each feed asks for the years of its own events.
    """
    try:
        timezone = Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))
    except ValueError:
        return b""
    return timezone.to_ical()


def text(value: str) -> str:
    """A TEXT value escaped by icalendar (RFC 5545 §3.3.11), without the control characters TEXT excludes."""
    return vText(clean_text(value)).to_ical().decode()


def utc_value(moment: datetime) -> str:
    """A DATE-TIME in UTC, e.g. 20270521T160000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def date_value(day: date) -> str:
    """A DATE, e.g. 20270521, to go with VALUE=DATE."""
    return day.strftime("%Y%m%d")


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
