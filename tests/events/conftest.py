"""Fixtures for event tests: a valid submission, reading events and messages back, the submit-confirm-approve path."""

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from tracker.accounts.models import Role
from tracker.events import services
from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.mail.models import OutboxMessage

# The moment `publish` submits at, before every event it creates.
PUBLISHED_AT = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def form_data():
    """form_data(**overrides) -> a valid submission form; an override of None leaves the field out."""

    def valid_submission(**overrides) -> dict:
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

    return valid_submission


@pytest.fixture
def load_event(app):
    """load_event(id) -> the event, detached from the session with its attributes loaded."""

    def load(event_id: int) -> Event:
        with app.app_context():
            loaded = db.session.get(Event, event_id)
            db.session.expunge(loaded)
            return loaded

    return load


@pytest.fixture
def only_event_id(app):
    """only_event_id() -> the id of the one event in the database."""

    def find() -> int:
        with app.app_context():
            ids = db.session.scalars(db.select(Event.id)).all()
            assert len(ids) == 1, ids
            return ids[0]

    return find


@pytest.fixture
def event_count(app):
    """event_count() -> how many events exist."""

    def count() -> int:
        with app.app_context():
            return len(db.session.scalars(db.select(Event.id)).all())

    return count


@pytest.fixture
def outbox(app):
    """outbox(kind=None) -> (to, subject, body) of the queued messages, oldest first."""

    def read(kind: str | None = None) -> list[tuple[str, str, str]]:
        with app.app_context():
            statement = db.select(OutboxMessage).order_by(OutboxMessage.id)
            if kind:
                statement = statement.where(OutboxMessage.kind == kind)
            return [(m.to_address, m.subject, m.body_text) for m in db.session.scalars(statement)]

    return read


@pytest.fixture
def submit_and_confirm(client, form_data, outbox, link_in, only_event_id):
    """submit_and_confirm() -> the id of a submission confirmed through the emailed link."""

    def submit() -> int:
        response = client.post("/events/submit", data=form_data())
        assert response.status_code == 303
        (_to, _subject, body) = outbox("event-confirm")[0]
        assert client.post(link_in(body, "/events/confirm/")).status_code == 303
        return only_event_id()

    return submit


@pytest.fixture
def approve_as_moderator(client, auth):
    """approve_as_moderator(id): a moderator signs in, approves the event and signs out."""

    def approve(event_id: int) -> None:
        auth.login(Role.MODERATOR)
        assert client.post(f"/moderation/events/{event_id}/approve").status_code == 303
        auth.logout()

    return approve


@pytest.fixture
def manage_path(outbox, link_in):
    """manage_path() -> the organizer's edit path from the first management email."""

    def find() -> str:
        (_to, _subject, body) = outbox("event-manage")[0]
        return link_in(body, "/events/manage/")

    return find


@pytest.fixture
def publish(app, form_data):
    """publish(**overrides) -> the id of an approved event saved straight through the services."""

    def save(**overrides) -> int:
        data = form_data(**overrides)
        with app.app_context():
            values = services.EventFields(
                title=data["title"],
                description=data["description"],
                starts_at=overrides.get("start_utc", datetime(2027, 5, 21, 16, 0, tzinfo=UTC)),
                ends_at=overrides.get("end_utc", datetime(2027, 5, 21, 18, 0, tzinfo=UTC)),
                timezone=data["timezone"],
                organizer_name=data["organizer_name"],
                private_contact=data["private_contact"],
                venue=data["venue"],
                address=data["address"],
                city=data["city"],
                country=data["country"],
                online_url=data["online_url"],
                city_only=overrides.get("city_only", False),
                public_contact=data["public_contact"],
                commemorative_date_id=overrides.get("commemorative_date_id"),
                occurrence_on=overrides.get("occurrence_on"),
                tags=overrides.get("tag_list", ["vigil"]),
            )
            event = services.submit_event(values, submitter_id=None, locale="en", now=PUBLISHED_AT)
            event.status = EventStatus.APPROVED
            db.session.commit()
            return event.id

    return save


@pytest.fixture
def image_bytes():
    """image_bytes(fmt="JPEG", exif=True) -> a small image, with camera and GPS data unless exif=False."""

    def make(fmt: str = "JPEG", exif: bool = True) -> bytes:
        image = Image.new("RGB", (64, 48), "red")
        out = io.BytesIO()
        if exif:
            data = Image.Exif()
            data[0x010F] = "SpyCam"  # Make
            data[0x8825] = {1: "N", 2: (53.0, 54.0, 0.0), 3: "E", 4: (27.0, 33.0, 0.0)}
            image.save(out, format=fmt, exif=data)
        else:
            image.save(out, format=fmt)
        return out.getvalue()

    return make
