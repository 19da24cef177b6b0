"""Shared helpers for event tests."""

import re
from datetime import UTC, datetime

from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.events.models import Event
from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.mail.models import OutboxMessage

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(1)>'


def make_date(app, slug="day-of-solidarity", month=5, day=21) -> int:
    """Create an annual commemorative date."""
    with app.app_context():
        commemorative_date = CommemorativeDate(
            slug=slug, name="Day of Solidarity", recurrence=Recurrence.ANNUAL, month=month, day=day
        )
        db.session.add(commemorative_date)
        db.session.commit()
        return commemorative_date.id


def form_data(**overrides) -> dict:
    """A valid submission."""
    data = {
        "title": "Vigil for political prisoners",
        "description": "We meet and write **letters**.",
        "starts_at": "2027-05-21T18:00",
        "ends_at": "2027-05-21T20:00",
        "timezone": "Europe/Berlin",
        "venue": "Gemeindehaus St. Marien",
        "address": "Karl-Liebknecht-Str. 8",
        "city": "Berlin",
        "country": "DE",
        "online_url": "",
        "organizer_name": "Razam Berlin",
        "public_contact": "@razam",
        "private_contact": "organizer@example.org",
        "occurrence": "",
        "tags": "vigil, letters",
        "language": "be",
        "extra_note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def event(app, event_id: int) -> Event:
    """Load an event detached from the session (attributes loaded)."""
    with app.app_context():
        loaded = db.session.get(Event, event_id)
        db.session.expunge(loaded)
        return loaded


def only_event_id(app) -> int:
    """The id of the one event in the database."""
    with app.app_context():
        ids = db.session.scalars(db.select(Event.id)).all()
        assert len(ids) == 1, ids
        return ids[0]


def event_count(app) -> int:
    """How many events exist."""
    with app.app_context():
        return len(db.session.scalars(db.select(Event.id)).all())


def outbox(app, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(to, subject, body) of queued messages."""
    with app.app_context():
        statement = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            statement = statement.where(OutboxMessage.kind == kind)
        return [(m.to_address, m.subject, m.body_text) for m in db.session.scalars(statement)]


def dispatch(app) -> int:
    """Run the outbox dispatcher now."""
    with app.app_context():
        return dispatch_outbox(datetime.now(UTC))


def link_in(body: str, path_part: str) -> str:
    """The first URL in a message body containing `path_part`."""
    for url in re.findall(r"https?://\S+", body):
        if path_part in url:
            return url
    raise AssertionError(f"no {path_part} link in {body!r}")
