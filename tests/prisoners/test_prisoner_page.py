"""A prisoner's page: a face or initials, days behind bars, the letter address, events for the person."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner
from tracker.prisoners.timeline import CustodyPeriod, days_behind_bars

D, R = EventKind.DETENTION, EventKind.RELEASE
DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def page_of(app, client, prisoner_id: int) -> str:
    with app.app_context():
        slug = db.session.get(Prisoner, prisoner_id).slug
    with time_machine.travel(DECEMBER):
        return client.get(f"/prisoners/{slug}").get_data(as_text=True)


def test_without_a_photo_the_page_shows_initials_never_a_stock_image(app, client, make_prisoner):
    html = page_of(app, client, make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))]))
    assert 'data-testid="initials">IL</div>' in html
    assert 'class="portrait"' not in html and "<img" not in html


def test_a_public_photo_is_shown_and_a_hidden_one_is_not(app, client, make_prisoner):
    shown = make_prisoner("Ihar Losik", photo_filename="face.jpg")
    hidden = make_prisoner("Maria Hidden", photo_filename="face2.jpg", photo_hidden=True)
    assert '<img class="portrait"' in page_of(app, client, shown)
    html = page_of(app, client, hidden)
    assert "<img" not in html and 'data-testid="initials">MH<' in html


def test_days_behind_bars_for_someone_held(app, client, make_prisoner):
    html = page_of(app, client, make_prisoner("Held", timeline=[(D, date(2026, 12, 1))]))
    assert '<strong class="behind-bars-number">6</strong>' in html and "days behind bars" in html
    assert "Held since 1 December 2026" in html


def test_days_behind_bars_add_up_every_period_for_someone_released(app, client, make_prisoner):
    timeline = [(D, date(2020, 1, 1)), (R, date(2020, 1, 11)), (D, date(2021, 1, 1)), (R, date(2021, 1, 2))]
    html = page_of(app, client, make_prisoner("Released", timeline=timeline))
    assert '<strong class="behind-bars-number">11</strong>' in html and "Held since" not in html


def test_no_days_behind_bars_without_a_detention(app, client, make_prisoner):
    assert 'data-testid="days-behind-bars"' not in page_of(app, client, make_prisoner("Unknown"))


def test_days_behind_bars_never_count_the_future():
    today = date(2026, 12, 7)
    assert days_behind_bars([CustodyPeriod(today + timedelta(days=3), None, None)], today) == 0
    assert days_behind_bars([CustodyPeriod(date(2026, 12, 1), date(2026, 12, 20), R)], today) == 6


def test_letter_address_is_shown_with_the_envelope(app, client, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", postal_address="ИК-1, ул. Заводская", timeline=[(D, date(2020, 6, 25))])
    html = page_of(app, client, prisoner_id)
    assert '<address class="postal-address"' in html and "ИК-1, ул. Заводская" in html


def dedicate(app, prisoner_id: int, title: str, **fields) -> None:
    values = dict(
        title=title, description="", starts_at=datetime(2027, 5, 21, 16, tzinfo=UTC),
        ends_at=datetime(2027, 5, 21, 18, tzinfo=UTC), timezone="Europe/Vilnius", organizer_name="Org",
        private_contact="org@example.org", city="Vilnius", country="LT", status=EventStatus.APPROVED,
    )  # fmt: skip
    values.update(fields)
    with app.app_context():
        event = Event(**values)
        event.prisoners = [db.session.get(Prisoner, prisoner_id)]
        db.session.add(event)
        db.session.commit()


def test_events_dedicated_to_the_person_are_listed(app, client, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))])
    dedicate(app, prisoner_id, "Letters for Ihar")
    dedicate(app, prisoner_id, "Waiting for a moderator", status=EventStatus.PENDING)
    dedicate(app, prisoner_id, "Refused", status=EventStatus.REJECTED)
    dedicate(app, prisoner_id, "Called off", cancelled=True)
    dedicate(app, prisoner_id, "In Minsk", city="Minsk", country="BY")
    html = page_of(app, client, prisoner_id)
    assert "Events for Ihar Losik" in html and "Letters for Ihar" in html and ", Vilnius</li>" in html
    assert "Waiting for a moderator" not in html and "Refused" not in html and "Called off" not in html
    # An event in an unsafe country is listed with its country, never its city.
    assert "In Minsk" in html and ", Minsk" not in html


def test_no_dedicated_events_when_the_person_asked_for_none(app, client, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))], dedications_off=True)
    dedicate(app, prisoner_id, "Letters for Ihar")
    html = page_of(app, client, prisoner_id)
    assert "Letters for Ihar" not in html and "Events for" not in html


@pytest.mark.parametrize("part", ["share-row", "share-link", "share-links"])
def test_the_page_has_a_share_row(app, client, make_prisoner, part):
    assert f'class="{part}"' in page_of(app, client, make_prisoner("Ihar Losik"))
