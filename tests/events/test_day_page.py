"""A day-of-action page: what the day is, how soon, the count, the totals, what to do, birthdays, earlier years."""

from datetime import UTC, date, datetime

import pytest

from tracker.events.models import OccurrenceListing
from tracker.extensions import db
from tracker.prisoners.models import EventKind

DAY = date(2027, 5, 21)
HELD = [(EventKind.DETENTION, date(2022, 3, 1))]


@pytest.fixture
def day_page(app, make_date, publish) -> str:
    """21 May 2027 with four events (one in Minsk, published without its city) and last year's archive."""
    date_id = make_date()
    with app.app_context():
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=DAY))
        db.session.add(
            OccurrenceListing(
                commemorative_date_id=date_id, occurrence_on=date(2026, 5, 21), archived_at=datetime.now(UTC),
                final_event_count=37, final_country_count=9,
            )
        )  # fmt: skip
        db.session.commit()
    occurrence = {"commemorative_date_id": date_id, "occurrence_on": DAY}
    publish(**occurrence)
    publish(**occurrence, city_only=True, venue="", address="")
    publish(**occurrence, city="Vilnius", country="LT")
    publish(**occurrence, city="Minsk", country="BY", venue="Kvartira", address="vul. Lenina 1")
    return "/events/on/day-of-solidarity/2027"


def test_the_day_says_what_how_soon_how_many_and_what_to_do(client, day_page):
    page = client.get(day_page).get_data(as_text=True)
    assert "Why we mark the day." in page
    assert "In " in page and " days" in page
    assert "people are held as political prisoners today" in page
    assert "4 events in 2 cities, 3 countries" in page
    assert 'href="/letters"' in page and 'href="/events/submit"' in page
    assert "Minsk" not in page and "Kvartira" not in page  # an unsafe country's place never shows


def test_earlier_years_are_listed_with_their_totals(client, day_page):
    page = client.get(day_page).get_data(as_text=True)
    assert 'href="/events/on/day-of-solidarity/2026"' in page and "37 events in 9 countries" in page


def test_birthdays_that_week_only_of_people_letters_may_reach(client, day_page, make_prisoner):
    birthday = date(1980, 5, 19)
    make_prisoner("Ales Weekbirthday", birth_date=birthday, postal_address="ИК-1 Week", timeline=HELD)
    make_prisoner("Hanna Notnamed", birth_date=birthday, postal_address="ИК-2", timeline=HELD, name_withheld=True)
    make_prisoner("Ihar Hidden", birth_date=birthday, postal_address="ИК-3 Hid", timeline=HELD, address_hidden=True)
    released_quietly = [*HELD, (EventKind.RELEASE, date(2026, 11, 1), False)]
    make_prisoner("Maryja Heldback", birth_date=birthday, postal_address="ИК-4", timeline=released_quietly)
    make_prisoner("Pavel Otherweek", birth_date=date(1980, 6, 1), postal_address="ИК-5", timeline=HELD)
    page = client.get(day_page).get_data(as_text=True)
    assert "Ales Weekbirthday" in page and "ИК-1 Week" in page
    assert "Ihar Hidden" in page and "ИК-3 Hid" not in page
    for absent in ("Hanna Notnamed", "Maryja Heldback", "Pavel Otherweek"):
        assert absent not in page


def test_a_busy_week_shows_its_first_birthdays_and_links_to_them_all(app, client, day_page, make_prisoner):
    app.config["DAY_PAGE_BIRTHDAYS"] = 2
    for name, born in (("Ales First", 17), ("Boris Second", 18), ("Cezary Third", 20)):
        make_prisoner(name, birth_date=date(1980, 5, born), postal_address="ИК-1", timeline=HELD)
    page = client.get(day_page).get_data(as_text=True)
    assert "Ales First" in page and "Boris Second" in page and "Cezary Third" not in page
    assert "3 birthdays that week in all." in page
    assert 'href="/letters/birthdays/2027/5">Every birthday in May 2027</a>' in page


@pytest.mark.parametrize(
    "url", ["/events/on/no-such-day/2027", "/events/on/day-of-solidarity/99999", "/events/on/day-of-solidarity/1850"]
)
def test_unknown_days_and_years_are_not_found(client, day_page, url):
    assert client.get(url).status_code == 404
