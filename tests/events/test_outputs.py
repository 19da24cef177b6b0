"""Public outputs: lists, filters, feeds, JSON-LD, widget; the city-only option and XSS on every one."""

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime

import feedparser
import pytest
from icalendar import Calendar
from sqlalchemy import update

from tracker.events import feeds, services
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.timeutil import as_utc

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)  # when `publish` submits, so every event lies ahead
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(1)>'


def outputs(client, slug: str) -> dict[str, str]:
    """Every public rendering of an event."""
    return {
        "html": client.get(f"/events/{slug}").get_data(as_text=True),
        "list": client.get("/events").get_data(as_text=True),
        "ics": client.get(f"/events/{slug}/event.ics").get_data(as_text=True),
        "feed_ics": client.get("/events/feed.ics").get_data(as_text=True),
        "atom": client.get("/events/feed.atom").get_data(as_text=True),
        "widget": client.get("/events/widget/country/DE").get_data(as_text=True),
    }


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


@pytest.fixture(autouse=True)
def _frozen_before_the_day(time_machine):
    time_machine.move_to(NOW)


def test_city_only_hides_venue_and_address_from_every_output(app, client, publish, event_slug_of):
    event_id = publish(city_only=True)
    for name, body in outputs(client, event_slug_of(event_id)).items():
        assert "Berlin" in body, name
        assert "Karl-Liebknecht" not in body, name
        assert "Gemeindehaus" not in body, name
        assert "organizer@example.org" not in body, name
    location = json_ld_of(client.get(f"/events/{event_slug_of(event_id)}").get_data(as_text=True))["location"]
    assert "streetAddress" not in location["address"]
    assert location["address"]["addressLocality"] == "Berlin"
    assert b"Karl-Liebknecht" not in client.get("/events?q=Liebknecht").data
    assert b"Vigil" not in client.get("/events?q=Liebknecht").data  # the withheld address is not searchable


def test_exact_address_is_shown_without_the_option(app, client, publish, event_slug_of):
    event_id = publish()
    assert "Karl-Liebknecht" in outputs(client, event_slug_of(event_id))["html"]
    assert json_ld_of(outputs(client, event_slug_of(event_id))["html"])["location"]["address"]["streetAddress"]


def test_private_contact_appears_in_no_public_output(app, client, publish, event_slug_of):
    event_id = publish()
    for name, body in outputs(client, event_slug_of(event_id)).items():
        assert "organizer@example.org" not in body, name


@pytest.mark.parametrize("field", ["title", "description", "organizer_name", "city", "venue", "public_contact"])
def test_xss_payload_is_neutralized_in_every_output(app, client, field, publish, event_slug_of):
    event_id = publish(**{field: f"A {XSS} B"})
    for name, body in outputs(client, event_slug_of(event_id)).items():
        if name in {"ics", "feed_ics"}:
            assert "<script" not in body and "<img" not in body and "<svg" not in body, name
            continue
        if name == "atom":
            parsed = feedparser.parse(body)
            entry = parsed.entries[0]
            assert "<script" not in entry.title and "<script" not in entry.summary
            content = entry.content[0].value
            assert "<script" not in content and "<img" not in content and "<svg" not in content
            continue
        lowered = body.lower()
        assert "<script>alert" not in lowered, name
        assert "<img src=x" not in lowered, name
        assert "<svg onload" not in lowered, name
    html = outputs(client, event_slug_of(event_id))["html"]
    data = json_ld_of(html)  # still valid JSON: the payload was escaped, not cut
    assert data["@type"] == "Event"
    assert "</script><img" not in html


def test_ics_has_tzid_vtimezone_stable_uid_and_sequence(app, client, publish, event_slug_of):
    event_id = publish()
    calendar = Calendar.from_ical(client.get(f"/events/{event_slug_of(event_id)}/event.ics").data)
    timezones = [component for component in calendar.walk("VTIMEZONE")]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART").hour == 18  # 16:00 UTC is 18:00 in Berlin in May
    assert int(vevent["SEQUENCE"]) == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    feed = Calendar.from_ical(client.get("/events/feed.ics").data)
    assert str(feed.walk("VEVENT")[0]["UID"]) == str(vevent["UID"])


def test_cancellation_marks_the_ics_cancelled_with_a_higher_sequence(app, client, publish, event_slug_of):
    event_id = publish()
    before = Calendar.from_ical(client.get(f"/events/{event_slug_of(event_id)}/event.ics").data).walk("VEVENT")[0]
    with app.app_context():
        services.cancel(db.session.get(Event, event_id))
        db.session.commit()
    after = Calendar.from_ical(client.get(f"/events/{event_slug_of(event_id)}/event.ics").data).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    data = json_ld_of(client.get(f"/events/{event_slug_of(event_id)}").get_data(as_text=True))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_atom_feed_parses_and_keeps_the_filters_in_its_self_link(app, client, publish):
    publish()
    publish(title="Online talk", city="", country="", online_url="https://meet.example.org/x", venue="")
    body = client.get("/events/feed.atom?mode=online").data
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.title for entry in parsed.entries] == ["Online talk"]
    root = ElementTree.fromstring(body)  # noqa: S314  our own output
    self_link = root.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href")
    assert self_link.endswith("/events/feed.atom?mode=online")


def test_filters_select_events(app, client, publish):
    publish()
    publish(title="Warsaw picket", city="Warsaw", country="PL", tag_list=["picket"], timezone="Europe/Warsaw")
    assert "Warsaw picket" not in client.get("/events?country=DE").get_data(as_text=True)
    assert "Vigil" in client.get("/events?country=de").get_data(as_text=True)
    assert "Vigil" not in client.get("/events?tag=picket").get_data(as_text=True)
    assert "Warsaw picket" in client.get("/events?city=warsaw").get_data(as_text=True)
    assert "Warsaw picket" in client.get("/events?q=picket").get_data(as_text=True)
    assert "Vigil" not in client.get("/events?start=2027-06-01").get_data(as_text=True)
    assert "Vigil" in client.get("/events?start=2027-05-21&end=2027-05-21").get_data(as_text=True)
    cal = Calendar.from_ical(client.get("/events/feed.ics?country=PL").data)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Warsaw picket"]


@pytest.mark.parametrize(
    "query",
    ["country=XX", "country=Germany", "mode=boat", "start=yesterday", "start=2027-06-01&end=2027-05-01",
     "tag=<script>", "end=9999-12-31", "start=0001-01-01", "q=" + "x" * 300, "city=" + "y" * 200],
)  # fmt: skip
def test_bad_filters_are_a_clear_400(client, query):
    for path in ("/events", "/events/feed.ics", "/events/feed.atom", "/events/archive"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert b"<script>" not in response.data


def test_occurrence_page_shows_the_tally_and_embeds_once_its_listing_opens(app, client, runner, make_date, publish):
    date_id = make_date()
    from datetime import date

    day = date(2027, 5, 21)
    publish(commemorative_date_id=date_id, occurrence_on=day)
    publish(commemorative_date_id=date_id, occurrence_on=day, city="Warsaw", country="PL")
    publish(commemorative_date_id=date_id, occurrence_on=day, city="Hamburg")
    assert client.get("/events/on/day-of-solidarity/2027").status_code == 200  # in the calendar already
    assert "/events/widget/on/day-of-solidarity/2027" not in client.get("/events/embed").get_data(as_text=True)
    result = runner.invoke(args=["events", "run-jobs", "--at", "2027-04-01T09:00", "--job", "events-listings"])
    assert result.exit_code == 0, result.output
    page = client.get("/events/on/day-of-solidarity/2027").get_data(as_text=True)
    assert "21 May 2027 — 3 events in 2 countries" in page
    assert Calendar.from_ical(client.get("/events/on/day-of-solidarity/2027/feed.ics").data).walk("VEVENT")
    assert not feedparser.parse(client.get("/events/on/day-of-solidarity/2027/feed.atom").data).bozo
    widget = client.get("/events/widget/on/day-of-solidarity/2027").get_data(as_text=True)
    assert "Hamburg" in widget and "<nav" not in widget
    assert "/events/widget/on/day-of-solidarity/2027" in client.get("/events/embed").get_data(as_text=True)
    assert client.get("/events/on/no-such-day/2027").status_code == 404
    assert client.get("/events/on/day-of-solidarity/99999").status_code == 404


def test_widget_for_unknown_country_is_404(client):
    assert client.get("/events/widget/country/QQ").status_code == 404
    assert client.get("/events/embed?country=QQ").status_code == 400


def test_withheld_prisoner_is_not_offered_and_not_accepted(app, client, make_prisoner, form_data, slug_of):
    named = slug_of(make_prisoner("Named Person"))
    withheld = slug_of(make_prisoner("Secret Person", name_withheld=True))
    page = client.get("/events/submit?dedication_q=Person").get_data(as_text=True)
    assert "Named Person" in page and "Secret Person" not in page
    assert f'value="{named}"' in page  # the public form offers slugs, never sequential ids
    response = client.post("/events/submit", data={**form_data(), "prisoner_ids": [withheld]})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0
    response = client.post("/events/submit", data={**form_data(), "prisoner_ids": [named]})
    assert response.status_code == 303


def test_dedication_to_a_record_withheld_later_is_not_shown(app, client, make_prisoner, publish, event_slug_of):
    prisoner_id = make_prisoner("Later Withheld")
    event_id = publish()
    with app.app_context():
        event = db.session.get(Event, event_id)
        prisoner = db.session.get(Prisoner, prisoner_id)
        event.prisoners = [prisoner]
        db.session.commit()
        prisoner.name_withheld = True
        db.session.commit()
    assert "Later Withheld" not in client.get(f"/events/{event_slug_of(event_id)}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/events/feed.ics", "/events/feed.atom"])
def test_feeds_answer_a_matching_if_none_match_with_304_until_they_change(app, client, path, publish):
    publish(title="Vigil in Berlin")
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"]
    assert first.cache_control.no_cache or first.cache_control.max_age == 0  # revalidated before every reuse
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    publish(title="Vigil in Vilnius")
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "Vigil in Vilnius" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_feed_entries_follow_a_change_that_keeps_the_timestamp_and_sequence(app, client, publish, event_slug_of):
    # Feeds keep each built entry keyed by the event's values: the edit below leaves updated_at and
    # SEQUENCE as they were, and the entries must change all the same.
    event_id = publish()
    assert "Karl-Liebknecht" in client.get("/events/feed.ics").get_data(as_text=True)
    assert "Karl-Liebknecht" in client.get("/events/feed.atom").get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        stamp, sequence = event.updated_at, event.sequence
        event.city_only = True
        db.session.commit()
        # As if both saves fell in the same microsecond.
        db.session.execute(update(Event.__table__).where(Event.id == event_id).values(updated_at=stamp))
        db.session.commit()
        assert (as_utc(event.updated_at), event.sequence) == (as_utc(stamp), sequence)
    for path in ("/events/feed.ics", "/events/feed.atom", f"/events/{event_slug_of(event_id)}/event.ics"):
        body = client.get(path).get_data(as_text=True)
        assert "Berlin" in body, path
        assert "Karl-Liebknecht" not in body, path


def test_feed_links_follow_the_site_url(app, publish):
    event_id = publish()
    with app.test_request_context("/events/feed.ics"):
        event = db.session.get(Event, event_id)
        first = feeds.calendar_event(event)
        app.config["SITE_URL"] = "https://mirror.example.net/tracker"
        moved = feeds.calendar_event(event)
    assert b"https://mirror.example.net/tracker/events/" in moved.replace(b"\r\n ", b"")
    assert b"mirror.example.net" not in first
