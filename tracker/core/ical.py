"""iCalendar output shared by every feed: RFC 5545 via the icalendar package, with VTIMEZONE."""

from flask import Response
from icalendar import Calendar

from tracker.core.http import conditional

PRODID = "-//Political Prisoner Tracker//tracker//EN"


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
    response = Response(
        calendar.to_ical(),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    return conditional(response)
