"""Fixtures for reports: a published event that has ended, with its organiser's manage link."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.accounts.models import Role
from tracker.events.mail import manage_token
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.extensions import db
from tracker.reports.models import ActionReport


@dataclass(frozen=True)
class PastEvent:
    """An event of a day of action, with what a test needs to reach it."""

    id: int
    slug: str
    token: str
    day_slug: str
    on: date

    @property
    def report_url(self) -> str:
        """The organiser's report form."""
        return f"/events/manage/{self.token}/report"

    @property
    def day_url(self) -> str:
        """The day-of-action page the event belongs to."""
        return f"/events/on/{self.day_slug}/{self.on.year}"


@pytest.fixture
def day_of_action(app, make_date):
    """A day of action that was a few days ago, with its listing page: (id, slug, date)."""
    on = datetime.now(UTC).date() - timedelta(days=3)
    date_id = make_date("day-of-action", name="Day of Action", month=on.month, day=on.day)
    with app.app_context():
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=on))
        db.session.commit()
    return date_id, "day-of-action", on


@pytest.fixture
def make_past_event(app, day_of_action):
    """make_past_event(title=..., **fields) -> PastEvent: published, over, on the day of action."""
    date_id, day_slug, on = day_of_action

    def make(title="Letter evening", **fields) -> PastEvent:
        starts = datetime(on.year, on.month, on.day, 16, 0, tzinfo=UTC)
        values = {
            "title": title, "description": "We wrote letters.", "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "timezone": "Europe/Berlin", "city": "Berlin", "country": "DE",
            "organizer_name": "Razam", "private_contact": "organiser@example.org", "status": EventStatus.APPROVED,
            "commemorative_date_id": date_id, "occurrence_on": on, **fields,
        }  # fmt: skip
        with app.app_context():
            event = Event(**values)
            db.session.add(event)
            db.session.flush()
            token = manage_token(event, datetime.now(UTC))
            db.session.commit()
            return PastEvent(event.id, event.slug, token, day_slug, on)

    return make


@pytest.fixture
def report_state(app):
    """report_state(event_id) -> (status, participants, letters) of the event's report, or None."""

    def read(event_id: int):
        with app.app_context():
            reports = db.session.scalars(db.select(ActionReport).where(ActionReport.event_id == event_id)).all()
            assert len(reports) <= 1
            if not reports:
                return None
            return reports[0].status.value, reports[0].participants, reports[0].letters

    return read


@pytest.fixture
def decide(client, auth, app):
    """decide(event_id, "approve"|"hide", faces_checked=False): a moderator decides on the event's report."""

    def run(event_id: int, verb: str, *, faces_checked: bool = False) -> None:
        with app.app_context():
            report_id = db.session.scalar(db.select(ActionReport.id).where(ActionReport.event_id == event_id))
        auth.login(Role.MODERATOR)
        data = {"faces_checked": "y"} if faces_checked else {}
        assert client.post(f"/moderation/reports/{report_id}/{verb}", data=data).status_code == 303
        auth.logout()

    return run
