"""A small site with every kind of public page the shared page cache serves."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner
from tracker.reminders.models import ReminderPage

LANGUAGES = ("en", "be", "uk", "ru")
OLD_NAMES = {
    "name_en": "Ales Oldsurname",
    "name_be_latn": "Ales Oldsurnam",
    "name_be": "Алесь Старапрозвішча",
    "name_ru": "Алесь Стараяфамилия",
}
OLD_TITLE = "Vigil Oldtitle"


@dataclass
class Site:
    """The records behind the pages, and every cached page's address."""

    prisoner_id: int
    event_id: int
    urls: list[str]


def next_day_of_solidarity(today: date) -> date:
    """The next 21 May after `today`."""
    this_year = date(today.year, 5, 21)
    return this_year if this_year > today else date(today.year + 1, 5, 21)


@pytest.fixture
def site(app, make_prisoner, make_date, slug_of, event_slug_of) -> Site:
    """A named prisoner with a birthday, 21 May with reminder and listing pages, an approved event naming him."""
    day = next_day_of_solidarity(datetime.now(UTC).date())
    prisoner_id = make_prisoner(
        **OLD_NAMES, birth_date=date(1980, day.month, day.day), timeline=[(EventKind.DETENTION, date(2021, 3, 1))]
    )
    date_id = make_date(slug="day-of-solidarity", name="Day of Solidarity", month=5, day=21)
    with app.app_context():
        event = Event(
            title=OLD_TITLE, status=EventStatus.APPROVED, approved_at=datetime.now(UTC), timezone="Europe/Warsaw",
            starts_at=datetime(day.year, 5, 21, 16, tzinfo=UTC), ends_at=datetime(day.year, 5, 21, 18, tzinfo=UTC),
            city="Warsaw", country="PL", organizer_name="Razam", private_contact="organizer@example.org",
            commemorative_date_id=date_id, occurrence_on=day,
        )  # fmt: skip
        event.prisoners = [db.session.get(Prisoner, prisoner_id)]
        db.session.add_all([event, ReminderPage(date_id=date_id, year=day.year)])
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=day))
        db.session.commit()
        event_id = event.id
    prisoner, event_slug, year = slug_of(prisoner_id), event_slug_of(event_id), day.year
    urls = [
        "/", "/counts", "/counts.csv", "/counts.json", "/prisoners", "/prisoners?q=Ales", f"/prisoners/{prisoner}",
        "/dates", "/dates/calendar.ics", "/dates/calendar/birthday.ics", "/reminders",
        f"/reminders/day-of-solidarity/{year}", "/events", "/events?country=PL", "/events/archive",
        f"/events/on/day-of-solidarity/{year}", f"/events/{event_slug}", f"/events/{event_slug}/event.ics",
        "/events/feed.atom", "/events/feed.ics", "/events/archive/feed.atom",
        f"/events/on/day-of-solidarity/{year}/feed.atom", "/events/widget/country/PL",
        f"/events/widget/on/day-of-solidarity/{year}", "/events/embed",
        "/api/v1/", "/api/v1/openapi.json", "/api/v1/counts", "/api/v1/counts/snapshots", "/api/v1/prisoners",
        f"/api/v1/prisoners/{prisoner}", "/api/v1/events", f"/api/v1/events/{event_slug}", "/api/v1/dates",
        "/api/v1/dates/upcoming", "/api/v1/export/prisoners.json", "/api/v1/export/prisoners.csv",
    ]  # fmt: skip
    return Site(prisoner_id=prisoner_id, event_id=event_id, urls=urls)


@pytest.fixture
def fetch_all(client):
    """fetch_all(urls) -> {"url [language]": (status, body)} for every URL in every language."""

    def fetch(urls: list[str]) -> dict[str, tuple[int, str]]:
        pages = {}
        for language in LANGUAGES:
            client.set_cookie("lang", language)
            for url in urls:
                response = client.get(url)
                pages[f"{url} [{language}]"] = (response.status_code, response.get_data(as_text=True))
        client.delete_cookie("lang")
        return pages

    return fetch
