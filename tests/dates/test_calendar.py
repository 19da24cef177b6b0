"""The public calendar and its iCalendar feeds: derived dates, time zones, UIDs, SEQUENCE, privacy."""

from datetime import UTC, date, datetime

import icalendar
import pytest
import recurring_ical_events
import time_machine

from tracker.accounts.models import Role
from tracker.dates import services as date_services
from tracker.dates.models import Recurrence
from tracker.extensions import db
from tracker.prisoners.models import EventKind

TODAY = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
HELD = [(EventKind.DETENTION, date(2021, 6, 1))]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def solidarity_day(app):
    with app.app_context():
        commemorative_date = date_services.save_date(
            None, name="Day of Solidarity", slug="day-of-solidarity", description="Why.",
            recurrence=Recurrence.ANNUAL, month=5, day=21, on_date=None, timezone="Europe/Minsk", prisoner_id=None,
        )  # fmt: skip
        db.session.commit()
        return commemorative_date.id


def feed(client, path="/dates/calendar.ics"):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def all_day_dates(calendar, year: int, summary: str) -> list[date]:
    """The days on which a calendar client shows the all-day event `summary` in `year`."""
    found = []
    for event in recurring_ical_events.of(calendar).at(year):
        if str(event["SUMMARY"]) == summary:
            start = event.decoded("DTSTART")
            assert type(start) is date, f"{summary} is not an all-day event: {start!r}"
            found.append(start)
    return sorted(found)


def events_by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def whole_calendar(client) -> str:
    """Every window of the public calendar, following its "Later dates" links to the horizon."""
    import re

    pages, url = [], "/dates"
    while url:
        page = client.get(url).get_data(as_text=True)
        pages.append(page)
        found = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    return "".join(pages)


def test_calendar_shows_a_window_with_links_through_the_year(client, solidarity_day):
    first = client.get("/dates").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert whole_calendar(client).count("Day of Solidarity") >= 1
    assert client.get("/dates?from=2027-13-01").status_code == 400
    assert client.get("/dates?from=tomorrow").status_code == 400
    assert client.get("/dates?kind=holiday").status_code == 400
    solidarity_only = client.get("/dates?kind=commemorative").get_data(as_text=True)
    assert "Day of Solidarity" in solidarity_only and 'rel="next"' not in solidarity_only


def test_calendar_lists_commemorative_and_derived_dates(app, client, solidarity_day, make_prisoner):
    make_prisoner(
        "Ales Held",
        birth_date=date(1980, 6, 10),
        postal_address="Prison 1, Minsk",
        expected_release_on=date(2027, 9, 1),
        timeline=[(EventKind.DETENTION, date(2022, 1, 10)), (EventKind.TRIAL_HEARING, date(2027, 4, 20))],
    )
    make_prisoner(
        "Died Person",
        timeline=[(EventKind.DETENTION, date(2020, 1, 5)), (EventKind.DEATH_IN_CUSTODY, date(2021, 5, 3))],
    )
    page = whole_calendar(client)
    for expected in (
        "Day of Solidarity",
        "Birthday of Ales Held",
        "Prison 1, Minsk",
        "6 years since Ales Held was detained",
        "2,000 days since Ales Held was detained",
        "Trial hearing: Ales Held",
        "Expected release: Ales Held",
        "6 years since Died Person died in custody",
        "Europe/Minsk",
    ):
        assert expected in page, expected
    # 10 January 2022 + 2,000 days is 3 July 2027; + 1,000 days (2024) is past, + 3,000 days beyond a year.
    assert "3,000 days" not in page and "1,000 days" not in page
    assert "Birthday of Died Person" not in page


def test_29_february_birthday_falls_on_the_last_day_of_february_every_year(app, client, make_prisoner):
    with time_machine.travel(datetime(2027, 2, 1, 9, 0, tzinfo=UTC), tick=False):
        make_prisoner("Leap Born", birth_date=date(1988, 2, 29), timeline=HELD)
        calendar = feed(client, "/dates/calendar/birthday.ics")
    event = events_by_summary(calendar)["Birthday of Leap Born"]
    # RFC 5545 skips 29 February in common years under a plain FREQ=YEARLY; the last day of February does not.
    assert dict(event["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    days = {year: all_day_dates(calendar, year, "Birthday of Leap Born") for year in (2027, 2028, 2029)}
    assert days == {2027: [date(2027, 2, 28)], 2028: [date(2028, 2, 29)], 2029: [date(2029, 2, 28)]}


def test_feed_is_valid_with_all_day_dates_and_stable_uids(app, client, solidarity_day, make_prisoner):
    make_prisoner("Ales Held", birth_date=date(1980, 6, 10), timeline=HELD)
    first, second = feed(client), feed(client)
    event = events_by_summary(first)["Day of Solidarity"]
    assert event["DTSTART"].to_ical() == b"20270521" and event["DTSTART"].params["VALUE"] == "DATE"
    assert event["DTEND"].to_ical() == b"20270522"
    assert event["RRULE"].to_ical() == b"FREQ=YEARLY"
    assert {str(e["UID"]) for e in first.walk("VEVENT")} == {str(e["UID"]) for e in second.walk("VEVENT")}
    assert len({str(e["UID"]) for e in first.walk("VEVENT")}) == len(first.walk("VEVENT"))
    for event in first.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert required in event
        assert "TZID" not in event["DTSTART"].params  # a day, not a time in some zone
    assert b"TZID=" not in client.get("/dates/calendar.ics").data


def test_annual_dates_and_birthdays_are_all_day_in_every_future_year(client, solidarity_day, make_prisoner):
    make_prisoner("Ales Held", birth_date=date(1980, 6, 10), timeline=HELD)
    calendar = feed(client)
    for year in (2027, 2028, 2040):
        assert all_day_dates(calendar, year, "Day of Solidarity") == [date(year, 5, 21)]
        assert all_day_dates(calendar, year, "Birthday of Ales Held") == [date(year, 6, 10)]
    # The birthday series starts in custody: no birthday before the detention of 1 June 2021.
    assert all_day_dates(calendar, 2021, "Birthday of Ales Held") == [date(2021, 6, 10)]
    assert all_day_dates(calendar, 2020, "Birthday of Ales Held") == []
    # One event per series, not one per year: a client importing it once keeps every year.
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries.count("Day of Solidarity") == summaries.count("Birthday of Ales Held") == 1


def test_a_date_feed_without_dates_is_still_a_valid_calendar(app, client):
    body = client.get("/dates/calendar/trial-hearing.ics").data
    calendar = icalendar.Calendar.from_ical(body)
    assert not calendar.walk("VEVENT")
    for required in ("PRODID", "VERSION"):
        assert required in calendar
    # RFC 5545 §3.6: a calendar holds at least one component.
    assert calendar.subcomponents
    assert recurring_ical_events.of(calendar).at(2027) == []


def test_editing_a_date_keeps_its_uid_and_raises_its_sequence(app, client, auth, solidarity_day):
    before = events_by_summary(feed(client))["Day of Solidarity"]
    auth.login(Role.EDITOR)
    response = client.post(
        f"/dates/{solidarity_day}/edit",
        data={
            "name": "Day of Solidarity",
            "slug": "day-of-solidarity",
            "description": "Updated reasons.",
            "recurrence": "annual",
            "month": "5",
            "day": "21",
            "timezone": "Europe/Minsk",
            "prisoner_id": "",
        },
    )
    assert response.status_code == 303
    after = events_by_summary(feed(client))["Day of Solidarity"]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert "Updated reasons." in str(after["DESCRIPTION"])


def test_a_one_off_date_is_an_all_day_event_on_its_day(app, client):
    with app.app_context():
        date_services.save_date(
            None, name="Vigil in Vilnius", slug="vigil", description="", recurrence=Recurrence.ONE_OFF,
            month=None, day=None, on_date=date(2027, 8, 9), timezone="America/New_York", prisoner_id=None,
        )  # fmt: skip
        db.session.commit()
    calendar = feed(client, "/dates/calendar/commemorative.ics")
    event = events_by_summary(calendar)["Vigil in Vilnius"]
    assert event.decoded("DTSTART") == date(2027, 8, 9) and "RRULE" not in event
    assert all_day_dates(calendar, 2027, "Vigil in Vilnius") == [date(2027, 8, 9)]
    assert all_day_dates(calendar, 2028, "Vigil in Vilnius") == []


def test_one_feed_per_kind_holds_only_that_kind(app, client, solidarity_day, make_prisoner):
    make_prisoner("Ales Held", birth_date=date(1980, 6, 10), timeline=HELD)
    birthdays = feed(client, "/dates/calendar/birthday.ics")
    assert set(events_by_summary(birthdays)) == {"Birthday of Ales Held"}
    days = feed(client, "/dates/calendar/commemorative.ics")
    assert set(events_by_summary(days)) == {"Day of Solidarity"}
    assert client.get("/dates/calendar/nonsense.ics").status_code == 404
    assert client.get("/dates/calendar/%0d%0a.ics").status_code == 404


def test_not_named_prisoners_hidden_addresses_and_unpublished_entries_never_appear(app, client, make_prisoner):
    make_prisoner(
        "Withheld Person",
        birth_date=date(1990, 5, 20),
        postal_address="WITHHELD-ADDR",
        name_withheld=True,
        expected_release_on=date(2027, 6, 1),
        timeline=[*HELD, (EventKind.TRIAL_HEARING, date(2027, 4, 20))],
    )
    make_prisoner(
        "Hidden Address", birth_date=date(1985, 5, 23), postal_address="SECRET-ADDR", address_hidden=True, timeline=HELD
    )
    make_prisoner(
        "Quietly Released",
        birth_date=date(1970, 7, 1),
        postal_address="OLD-PRISON-ADDR",
        timeline=[*HELD, (EventKind.RELEASE, date(2027, 3, 1), False)],
    )
    bodies = [whole_calendar(client).encode()]
    bodies += [client.get(f"/dates/calendar{suffix}.ics").data for suffix in ("", "/birthday", "/trial-hearing")]
    bodies += [client.get(f"/dates/calendar/{kind}.ics").data for kind in ("expected-release", "detention-anniversary")]
    for body in bodies:
        assert b"Withheld" not in body and b"WITHHELD-ADDR" not in body
        assert b"SECRET-ADDR" not in body
    assert b"Hidden Address" in bodies[0]
    # The release is not published yet, so the public record still shows the person held, with the address.
    assert b"OLD-PRISON-ADDR" in bodies[0]


def test_a_date_feed_is_built_once_per_version_and_language(client, solidarity_day, monkeypatch):
    from tracker.dates import views

    builds = []
    build = views.occurrences_ics
    monkeypatch.setattr(views, "occurrences_ics", lambda *args: builds.append(args[0]) or build(*args))
    english = [client.get("/dates/calendar.ics").data for _request in range(3)]
    russian = client.get("/dates/calendar.ics", headers={"Accept-Language": "ru"}).data
    assert len(builds) == 2 and english[0] == english[1] == english[2] and russian != english[0]


def test_feed_text_survives_escapes_and_long_cyrillic_lines_within_75_octets(client, make_prisoner):
    name = 'Алесь; Кавалёў, "тэст" \\ back'
    address = "ИК-17, ул. Советская, 85\n213004, г. Шклов, Могилёвская обл., " + "доўгі радок " * 8
    make_prisoner(name, birth_date=date(1980, 4, 20), postal_address=address, timeline=HELD)
    body = client.get("/dates/calendar/birthday.ics").data
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Birthday of {name}"
    assert address.strip() in str(event["DESCRIPTION"])
    assert event["DTSTART"].params["VALUE"] == "DATE"


def test_folding_keeps_lines_within_75_octets_and_characters_whole():
    from tracker.core.ical import fold, text

    for padding in range(60, 80):
        value = "x" * padding + "\\\\;,\n\\é" * 6 + "ў" * 40
        line = f"DESCRIPTION:{text(value)}"
        physical = fold(line.encode()).decode().split("\r\n ")
        assert all(len(part.encode()) <= 74 for part in physical[1:]) and len(physical[0].encode()) <= 75
        # Unfolding restores the line exactly (RFC 5545 lets a fold fall between any two octets of
        # the same character run; icalendar never splits a UTF-8 character).
        assert "".join(physical) == line


def test_date_feed_answers_a_matching_if_none_match_with_304_until_it_changes(app, client, solidarity_day):
    first = client.get("/dates/calendar.ics")
    assert first.headers["ETag"]
    assert client.get("/dates/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with app.app_context():
        date_services.save_date(
            None, name="Another day", slug="another-day", description="", recurrence=Recurrence.ANNUAL,
            month=6, day=1, on_date=None, timezone="Europe/Minsk", prisoner_id=None,
        )  # fmt: skip
        db.session.commit()
    changed = client.get("/dates/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "Another day" in changed.get_data(as_text=True)
