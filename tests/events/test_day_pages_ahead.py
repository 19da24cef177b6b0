"""A day's page exists as soon as the day is in the calendar, not only once its listing opens."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tracker.events.jobs import update_listings
from tracker.events.models import OccurrenceListing
from tracker.extensions import db
from tracker.scheduler import run_job

DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_next_occurrence_page_exists_months_before_its_listing_opens(app, client, make_date, publish):
    date_id = make_date()
    publish(commemorative_date_id=date_id, occurrence_on=date(2027, 5, 21), title="Vigil in Vilnius")
    with time_machine.travel(DECEMBER):
        response = client.get("/events/on/day-of-solidarity/2027")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Vigil in Vilnius" in page and "1 event in 1 country" in page
        assert "final tally" not in page
    with app.app_context():
        # The page exists; announcing it is still the scheduler's call.
        assert db.session.scalar(db.select(OccurrenceListing)) is None


def test_listing_days_ahead_still_decides_when_the_listing_opens(app, client, make_date):
    make_date()
    app.config["EVENTS_LISTING_DAYS_AHEAD"] = 60
    assert run_job(app, update_listings, DECEMBER) == (0, 0)
    with time_machine.travel(DECEMBER):
        assert client.get("/events/on/day-of-solidarity/2027").status_code == 200


def test_a_date_beyond_the_horizon_still_has_its_next_occurrence(app, client, make_date):
    make_date()
    app.config["DATES_HORIZON_DAYS"] = 30
    with time_machine.travel(DECEMBER):
        assert client.get("/events/on/day-of-solidarity/2027").status_code == 200
        assert client.get("/events/on/day-of-solidarity/2028").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/events/on/no-such-day/2027",
        "/events/on/day-of-solidarity/2031",  # beyond the calendar
        "/events/on/day-of-solidarity/2025",  # passed without a listing
        "/events/on/day-of-solidarity/99999",
        "/events/on/day-of-solidarity/0",
        "/events/on/day-of-solidarity/-1",
        "/events/on/day-of-solidarity/twenty",
        "/events/on/day-of-solidarity/2031/feed.ics",
        "/events/on/once-only/2028",
    ],
)
def test_unknown_days_and_absurd_years_are_not_found(client, make_date, url):
    make_date()
    make_date(slug="once-only", name="Once", month=None, day=None, on_date=date(2027, 3, 1))
    with time_machine.travel(DECEMBER):
        response = client.get(url)
    assert response.status_code == 404, url


def test_a_past_day_with_its_listing_stays_an_archive(app, client, make_date):
    date_id = make_date()
    with app.app_context():
        db.session.add(
            OccurrenceListing(
                commemorative_date_id=date_id,
                occurrence_on=date(2026, 5, 21),
                archived_at=datetime(2026, 5, 22, tzinfo=UTC),
                final_event_count=3,
                final_country_count=2,
            )
        )
        db.session.commit()
    with time_machine.travel(DECEMBER):
        page = client.get("/events/on/day-of-solidarity/2026").get_data(as_text=True)
    assert "3 events in 2 countries" in page and "final tally" in page
