"""Helpers for reminder tests: dates, subscribing through the web, running the scheduler's jobs."""

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from tracker.dates import services as date_services
from tracker.dates.models import Recurrence
from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.reminders.jobs import enqueue_due_reminders, publish_reminder_pages
from tracker.scheduler import run_job

MINSK = "Europe/Minsk"


@pytest.fixture
def make_date(app):
    """Create a commemorative date: make_date(slug, month=5, day=21) -> id."""

    def make(
        slug="day-of-solidarity", name="Day of Solidarity", month=5, day=21, on_date=None, timezone="Europe/Minsk"
    ):
        with app.app_context():
            commemorative_date = date_services.save_date(
                None,
                name=name,
                slug=slug,
                description="Why we mark the day.",
                recurrence=Recurrence.ONE_OFF if on_date else Recurrence.ANNUAL,
                month=month,
                day=day,
                on_date=on_date,
                timezone=timezone,
                prisoner_id=None,
            )
            db.session.commit()
            return commemorative_date.id

    return make


def link_in(message, path_start: str) -> str:
    """The path of the first link in a message body that starts with `path_start`."""
    body = message.get_content()
    for url in re.findall(r"https?://\S+", body):
        path = urlsplit(url).path
        if path.startswith(path_start):
            return path
    raise AssertionError(f"no {path_start} link in {body!r}")


def subscribe(client, email="reader@example.org", **fields):
    """Post the subscription form; defaults to all dates, 7 and 1 days before, English."""
    data = {"email": email, "scope": "all", "lead_days": ["7", "1"], "language": "en", **fields}
    return client.post("/subscribe", data=data)


def run_jobs(app, now: datetime) -> None:
    """One pass of the scheduler's reminder jobs and the outbox dispatch, each through run_job."""
    run_job(app, publish_reminder_pages, now)
    run_job(app, enqueue_due_reminders, now)
    run_job(app, dispatch_outbox, now)


def reminder_keys(smtp_server) -> list[str]:
    """What each reminder received by the SMTP server was for, in arrival order."""
    return [message["X-Reminder-For"] for message in smtp_server.messages if message["X-Reminder-For"]]


@pytest.fixture
def confirmed_subscriber(app, client, smtp_server):
    """Subscribe and confirm through the web and real SMTP; returns a function taking the moment and fields."""

    def make(now: datetime, email="reader@example.org", **fields):
        before = len(smtp_server.messages)
        assert subscribe(client, email, **fields).status_code == 303
        run_job(app, dispatch_outbox, now)
        assert len(smtp_server.messages) == before + 1
        confirmation = smtp_server.messages[-1]
        path = link_in(confirmation, "/subscribe/confirm/")
        assert client.post(path).status_code == 200
        return confirmation

    return make
