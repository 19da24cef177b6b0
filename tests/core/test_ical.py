"""The fast iCalendar writer escapes, folds and serializes exactly as the icalendar package does."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from icalendar.parser.string import _escape_char, _foldline

from tracker.core import ical
from tracker.core.text import clean_text
from tracker.core.urls import external_url
from tracker.events import feeds
from tracker.events.models import Event, as_utc
from tracker.events.text import plain_text, safe_text

LINE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400)


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_text_values_are_escaped_as_icalendar_escapes_them(value):
    assert ical.text(value) == _escape_char(clean_text(value))


@given(LINE_TEXT)
def test_lines_are_folded_where_icalendar_folds_them(line):
    assert ical.fold(line.encode()) == _foldline(line).encode()


@pytest.mark.parametrize("line", ["x" * 73 + "\\n", "x" * 73 + "ж", "D:" + "ж" * 100, "^" * 200, "a" * 74, "a" * 75])
def test_folding_keeps_escapes_and_characters_whole(line):
    assert ical.fold(line.encode()) == _foldline(line).encode()


def reference_vevent(event: Event) -> bytes:
    """The VEVENT as the feeds built it with icalendar objects before the fast writer."""
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("dtstamp", as_utc(event.updated_at))
    entry.add("last-modified", as_utc(event.updated_at))
    entry.add("dtstart", event.local_start)
    entry.add("dtend", event.local_end)
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("summary", safe_text(event.title))
    url = external_url("events.show", slug=event.slug)
    entry.add("description", f"{plain_text(event.description)}\n\n{safe_text(event.organizer_name)}\n{url}".strip())
    location = feeds.public_location(event).text()
    if location:
        entry.add("location", safe_text(location))
    entry.add("url", url)
    return entry.to_ical()


DESCRIPTION = "We meet and write **letters**, [here](https://example.org).\n\n- one\n- two"
EVENTS = [
    {"title": "Vigil, letters; and a \\ backslash", "timezone": "Europe/Berlin", "city": "Berlin", "country": "DE"},
    {"title": "Вечар лістоў палітвязням " * 4, "timezone": "Europe/Minsk", "city": "", "country": "",
     "online_url": "https://meet.example.org/abc"},
    {"title": "Online in UTC", "timezone": "UTC", "cancelled": True, "city": "Tokyo", "country": "JP",
     "city_only": True, "venue": "Secret place"},
]  # fmt: skip


@pytest.mark.parametrize("fields", EVENTS)
def test_feed_events_serialize_as_icalendar_did(app, fields):
    event = Event(
        id=7, slug="k7m2x9p4q3r8", uid="abc-123@events.tracker", title="", description=DESCRIPTION,
        starts_at=datetime(2027, 5, 21, 16, 0, tzinfo=UTC), ends_at=datetime(2027, 5, 22, 1, 30, tzinfo=UTC),
        organizer_name="Razam, Berlin", venue="Café Razam", address="Main Street 1", online_url="", sequence=3,
        cancelled=False, city_only=False, updated_at=datetime(2027, 4, 1, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    for name, value in fields.items():
        setattr(event, name, value)
    with app.test_request_context():
        assert feeds.calendar_event(event) == reference_vevent(event)


def test_a_feed_carries_one_vtimezone_per_zone_and_parses(app):
    events = []
    for number, zone in enumerate(["Europe/Berlin", "America/New_York", "Europe/Berlin", "UTC"], start=1):
        events.append(
            Event(
                id=number, slug=f"e{number}vent", uid=f"{number}@events.tracker", title=f"Event {number}",
                description="", timezone=zone,
                starts_at=datetime(2027, 5, 21, 16, tzinfo=UTC), ends_at=datetime(2027, 5, 21, 18, tzinfo=UTC),
                organizer_name="Razam", venue="", address="", city="", country="", online_url="", sequence=0,
                cancelled=False, city_only=False, updated_at=datetime(2027, 4, 1, tzinfo=UTC),
            )
        )  # fmt: skip
    with app.test_request_context():
        body = feeds.ics_feed(events, "Upcoming events", "events.ics").get_data()
    calendar = Calendar.from_ical(body)
    assert sorted(zone["TZID"] for zone in calendar.walk("VTIMEZONE")) == ["America/New_York", "Europe/Berlin"]
    starts = {str(entry["UID"]): entry.decoded("DTSTART") for entry in calendar.walk("VEVENT")}
    assert all(start == datetime(2027, 5, 21, 16, tzinfo=UTC) for start in starts.values())
    assert str(starts["2@events.tracker"].tzinfo) == "America/New_York"


def test_each_vtimezone_covers_the_years_of_the_events_it_serves(app):
    event = Event(
        id=1, slug="k7m2x9p4q3r8", uid="far@events.tracker", title="Far ahead", description="",
        timezone="Europe/Berlin", starts_at=datetime(2040, 7, 1, 16, tzinfo=UTC),
        ends_at=datetime(2040, 7, 1, 18, tzinfo=UTC), organizer_name="Razam", venue="", address="", city="",
        country="", online_url="", sequence=0, cancelled=False, city_only=False,
        updated_at=datetime(2027, 4, 1, tzinfo=UTC),
    )  # fmt: skip
    with app.test_request_context():
        body = feeds.ics_feed([event], "Upcoming events", "events.ics").get_data()
    (timezone,) = Calendar.from_ical(body).walk("VTIMEZONE")
    # A client that reads offsets from the VTIMEZONE (not its own zone database) gets summer time in 2040.
    summer = datetime(2040, 7, 1, 18, 0).replace(tzinfo=timezone.to_tz(lookup_tzid=False))
    assert summer.utcoffset().total_seconds() == 2 * 3600
    winter = datetime(2040, 12, 1, 18, 0).replace(tzinfo=timezone.to_tz(lookup_tzid=False))
    assert winter.utcoffset().total_seconds() == 3600


def test_a_feed_without_events_is_still_a_valid_calendar(app):
    with app.test_request_context():
        body = feeds.ics_feed([], "Upcoming events", "events.ics").get_data()
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert not calendar.walk("VEVENT")
    # RFC 5545 §3.6: "icalbody = calprops component", at least one component.
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
