"""Reminder pages: published ahead by the job, 404 before, archived after, privacy respected."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tracker.prisoners.models import EventKind
from tracker.reminders.jobs import publish_reminder_pages
from tracker.scheduler import run_job

PAGE = "/reminders/day-of-solidarity/2027"


def test_page_is_404_until_the_job_publishes_it_30_days_ahead_then_archived(app, client, make_date):
    make_date()
    with time_machine.travel(datetime(2027, 4, 20, 12, 0, tzinfo=UTC), tick=False):
        run_job(app, publish_reminder_pages)
        assert client.get(PAGE).status_code == 404  # 31 days ahead
    with time_machine.travel(datetime(2027, 4, 21, 12, 0, tzinfo=UTC), tick=False):
        assert client.get(PAGE).status_code == 404  # due, but the job has not run
        run_job(app, publish_reminder_pages)
        page = client.get(PAGE)
        assert page.status_code == 200
        assert b"Day of Solidarity" in page.data
        assert b"Why we mark the day." in page.data
        assert b"Europe/Minsk" in page.data
        assert b"kept as an archive" not in page.data
        assert b'href="/reminders/day-of-solidarity/2027"' in client.get("/reminders").data
    with time_machine.travel(datetime(2027, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        archived = client.get(PAGE)
        assert archived.status_code == 200
        assert b"kept as an archive" in archived.data
        assert client.get("/reminders/day-of-solidarity/2028").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/reminders/no-such-day/2027",
        "/reminders/day-of-solidarity/abc",
        "/reminders/day-of-solidarity/99999999999999999999",
        "/reminders/day-of-solidarity/-1",
        "/reminders/day-of-solidarity/0",
        "/reminders/day-of-solidarity/2027.0",
        "/reminders/" + "x" * 500 + "/2027",
    ],
)
def test_unknown_or_malformed_page_addresses_are_404(app, client, make_date, path):
    make_date()
    with time_machine.travel(datetime(2027, 5, 1, 12, 0, tzinfo=UTC), tick=False):
        run_job(app, publish_reminder_pages)
        assert client.get(path).status_code == 404


def test_page_shows_count_birthdays_that_week_and_only_addresses_that_may_be_shown(
    app, client, make_date, make_prisoner
):
    make_date()
    held = [(EventKind.DETENTION, date(2022, 1, 10))]
    make_prisoner("Ales Named", birth_date=date(1980, 5, 19), postal_address="Prison 1, Minsk", timeline=held)
    hidden = {"postal_address": "SECRET-ADDR", "address_hidden": True}
    make_prisoner("Hidden Address", birth_date=date(1985, 5, 23), timeline=held, **hidden)
    withheld = {"postal_address": "WITHHELD-ADDR", "name_withheld": True}
    make_prisoner("Withheld Person", birth_date=date(1990, 5, 20), timeline=held, **withheld)
    make_prisoner("Next Week", birth_date=date(1970, 5, 25), postal_address="Prison 3", timeline=held)
    make_prisoner("Released", birth_date=date(1975, 5, 18), timeline=[*held, (EventKind.RELEASE, date(2023, 1, 1))])
    with time_machine.travel(datetime(2027, 5, 1, 12, 0, tzinfo=UTC), tick=False):
        run_job(app, publish_reminder_pages)
        page = client.get(PAGE).data.decode()
    assert "Ales Named" in page and "Prison 1, Minsk" in page
    assert "Hidden Address" in page and "SECRET-ADDR" not in page
    assert "Withheld" not in page and "WITHHELD-ADDR" not in page
    assert "Next Week" not in page  # 25 May is in the following week
    assert "Released" not in page
    # One person not named is fewer than the disclosure threshold: mentioned beside the count, not added.
    assert '<p class="big-number">3</p>' in page and "fewer than 5 more people not named" in page


def test_page_lists_the_solidarity_events_of_that_day(app, client):
    from tracker.demo.data import load_demo_data
    from tracker.extensions import db

    with app.app_context():
        load_demo_data(date(2026, 11, 25))  # sample events on 21 May 2027, one of them cancelled
        db.session.commit()
    with time_machine.travel(datetime(2027, 4, 25, 12, 0, tzinfo=UTC), tick=False):
        run_job(app, publish_reminder_pages)
        html = client.get(PAGE).get_data(as_text=True)
    assert "Solidarity events on this day" in html
    assert html.count('class="event-item') >= 4
    assert "Cancelled" in html
    assert 'href="/events/on/day-of-solidarity/2027"' in html


def test_the_weeks_birthdays_read_only_the_records_born_that_week(app, make_prisoner, records_read):
    from tracker.reminders.services import birthdays_in_week

    held = [(EventKind.DETENTION, date(2022, 1, 10))]
    make_prisoner("Ales Thisweek", birth_date=date(1980, 5, 19), timeline=held)
    make_prisoner("Boris Nextweek", birth_date=date(1970, 5, 25), timeline=held)
    make_prisoner("Cezary Nobirthday", timeline=held)
    records_read.clear()
    with app.test_request_context():
        found = birthdays_in_week(date(2027, 5, 21), today=date(2027, 5, 1))
    assert [item.prisoner.name_en for item in found] == ["Ales Thisweek"]
    assert records_read == ["Ales Thisweek"]
