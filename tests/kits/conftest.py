"""A day of action today with one event, a person letters may go to, and records no kit may show."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.prisoners.models import EventKind

HELD = [(EventKind.DETENTION, date(2022, 3, 1))]
PUBLIC_NAME = "Ales Kitcard"
PUBLIC_ADDRESS = "ИК-15, ул. Кітавая, 3, Минск"


@pytest.fixture
def today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def pdf_text():
    """pdf_text(response) -> the text of every page of a PDF response."""

    def extract(response) -> str:
        reader = PdfReader(io.BytesIO(response.get_data()))
        return "\n".join(page.extract_text() for page in reader.pages)

    return extract


@pytest.fixture
def kit_day(app, make_date, make_prisoner, today) -> dict:
    """A day of action today, an approved event in Vilnius on it, one person to write to -> slugs and year."""
    date_id = make_date("kit-day", name="Kit Day", month=today.month, day=today.day, timezone="UTC")
    make_prisoner(PUBLIC_NAME, postal_address=PUBLIC_ADDRESS, timeline=HELD, sentence="5 years")
    start = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=20)
    with app.app_context():
        event = Event(
            title="Kit vigil",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            timezone="Europe/Vilnius",
            venue="Secret hall",
            address="Hidden street 9",
            city="Vilnius",
            country="LT",
            city_only=True,
            organizer_name="Kit organisers",
            private_contact="organiser@example.org",
            commemorative_date_id=date_id,
            occurrence_on=today,
            status=EventStatus.APPROVED,
        )
        db.session.add(event)
        db.session.commit()
        return {"event": event.slug, "day": "kit-day", "year": today.year, "event_id": event.id}
