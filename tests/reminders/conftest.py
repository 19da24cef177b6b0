"""Fixtures for reminder tests: subscribing through the web, running the scheduler's jobs."""

from datetime import datetime

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.reminders.jobs import enqueue_due_reminders, publish_reminder_pages
from tracker.reminders.models import Subscription
from tracker.scheduler import run_job


@pytest.fixture
def subscribe(client):
    """subscribe(email, **fields) posts the subscription form; defaults to all dates, 7 and 1 days before, English."""

    def post(email="reader@example.org", **fields):
        data = {"email": email, "scope": "all", "lead_days": ["7", "1"], "language": "en", **fields}
        return client.post("/subscribe", data=data)

    return post


@pytest.fixture
def run_jobs(app):
    """run_jobs(now): one pass of the scheduler's reminder jobs and the outbox dispatch, each through run_job."""

    def run(now: datetime) -> None:
        run_job(app, publish_reminder_pages, now)
        run_job(app, enqueue_due_reminders, now)
        run_job(app, dispatch_outbox, now)

    return run


@pytest.fixture
def reminder_keys(smtp_server):
    """reminder_keys() -> what each reminder the SMTP server received was for, in arrival order."""

    def read() -> list[str]:
        return [message["X-Reminder-For"] for message in smtp_server.messages if message["X-Reminder-For"]]

    return read


@pytest.fixture
def confirmed_subscriber(app, client, smtp_server, subscribe, link_in):
    """Subscribe and confirm through the web and real SMTP; returns a function taking the moment and fields."""

    def make(now: datetime, email="reader@example.org", **fields):
        before = len(smtp_server.messages)
        assert subscribe(email, **fields).status_code == 303
        run_job(app, dispatch_outbox, now)
        assert len(smtp_server.messages) == before + 1
        confirmation = smtp_server.messages[-1]
        path = link_in(confirmation, "/subscribe/confirm/")
        assert client.post(path).status_code == 200
        return confirmation

    return make


@pytest.fixture
def subscription_row(app):
    """subscription_row(email=...) -> the stored subscription's status, lead days, language and dates, or None."""

    def read(email: str = "reader@example.org") -> dict | None:
        with app.app_context():
            subscription = db.session.scalar(select(Subscription).where(Subscription.email == email))
            if subscription is None:
                return None
            return {
                "status": subscription.status,
                "lead_days": subscription.lead_days,
                "language": subscription.language,
                "all_dates": subscription.all_dates,
                "date_ids": [item.id for item in subscription.dates],
            }

    return read
