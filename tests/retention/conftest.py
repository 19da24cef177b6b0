"""Fixtures for retention tests: rows written straight to the database, as of a fixed moment."""

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.dates.models import CommemorativeDate
from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.reminders.models import Subscription, SubscriptionStatus

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def make_subscription(app, make_date):
    """make_subscription(status, created_at=…, unsubscribed_at=…) -> id of a subscription to one chosen date."""

    def make(status=SubscriptionStatus.CONFIRMED, *, created_at=NOW - 400 * DAY, unsubscribed_at=None) -> int:
        date_id = make_date(slug=f"day-{secrets.token_hex(4)}")
        with app.app_context():
            subscription = Subscription(
                email=f"reader-{secrets.token_hex(4)}@example.org",
                status=status,
                all_dates=False,
                created_at=created_at,
                confirmed_at=created_at if status == SubscriptionStatus.CONFIRMED else None,
                unsubscribed_at=unsubscribed_at,
            )
            subscription.dates = [db.session.get(CommemorativeDate, date_id)]
            db.session.add(subscription)
            db.session.commit()
            return subscription.id

    return make


@pytest.fixture
def make_message(app):
    """make_message(status, created_at=…, sent_at=…, dedupe_key=…) -> id of an outbox row."""

    def make(status=OutboxStatus.SENT, *, created_at=NOW - 400 * DAY, sent_at=None, dedupe_key=None) -> int:
        with app.app_context():
            message = OutboxMessage(
                kind="test",
                dedupe_key=dedupe_key,
                to_address="someone@example.org",
                subject="Subject",
                body_text="Body",
                message_id=f"<{secrets.token_hex(8)}@example.org>",
                status=status,
                created_at=created_at,
                next_attempt_at=created_at,
                sent_at=sent_at,
            )
            db.session.add(message)
            db.session.commit()
            return message.id

    return make


@pytest.fixture
def make_event(app):
    """make_event(ends_at, **fields) -> id of an approved event with a private contact (and its first version)."""

    def make(ends_at: datetime, **fields) -> int:
        with app.app_context():
            event = Event(
                status=EventStatus.APPROVED,
                title="Vigil",
                starts_at=ends_at - timedelta(hours=2),
                ends_at=ends_at,
                timezone="Europe/Berlin",
                city="Berlin",
                country="DE",
                organizer_name="Razam Berlin",
                public_contact="@razam",
                private_contact="organizer@example.org",
                **fields,
            )
            db.session.add(event)
            db.session.commit()
            return event.id

    return make


@pytest.fixture
def table_ids(app):
    """table_ids(Model) -> the ids of every row of a model."""

    def read(model) -> set[int]:
        with app.app_context():
            return set(db.session.scalars(select(model.id).execution_options(include_deleted=True)))

    return read
