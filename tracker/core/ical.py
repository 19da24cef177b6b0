"""iCalendar output shared by every feed: RFC 5545 via the icalendar package, with VTIMEZONE."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app, request
from icalendar import Calendar
from werkzeug.http import is_resource_modified

PRODID = "-//Political Prisoner Tracker//tracker//EN"
MIMETYPE = "text/calendar"


def new_calendar(name: str) -> Calendar:
    """An empty calendar with the properties every feed carries."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def serialize(calendar: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE for every TZID used."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _disposition(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'inline; filename="{filename}"'}


def ics_response(calendar: Calendar, filename: str) -> Response:
    """Serialize as an .ics download."""
    return Response(serialize(calendar), mimetype=MIMETYPE, headers=_disposition(filename))


class FeedCache:
    """The last few serialized feeds of one app by ETag: a calendar of every date takes seconds to build."""

    def __init__(self, size: int = 8):
        self._size = size
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, etag: str, build: Callable[[], bytes]) -> bytes:
        """The body stored under `etag`, or build and store it."""
        with self._lock:
            body = self._bodies.get(etag)
            if body is not None:
                self._bodies.move_to_end(etag)
                return body
        body = build()
        with self._lock:
            self._bodies[etag] = body
            while len(self._bodies) > self._size:
                self._bodies.popitem(last=False)
        return body


def cached_ics_response(build: Callable[[], bytes], filename: str, *, etag: str, last_modified: datetime) -> Response:
    """An .ics feed with validators known before it is built: 304 for a current copy, else a cached or new body.

    `etag` must change whenever anything the feed shows changes.
    """
    response = Response(mimetype=MIMETYPE, headers=_disposition(filename))
    response.set_etag(etag)
    response.last_modified = last_modified
    # Calendar apps and proxies may keep a copy but must ask before reusing it.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response.status_code = 304
        return response
    cache = current_app.extensions.setdefault("ics_feed_cache", FeedCache())
    response.set_data(cache.get_or_build(etag, build))
    return response
