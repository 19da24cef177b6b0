"""Links already sent in the earlier signed format keep working, and new links carry the same choices."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tracker.core import links
from tracker.core.tokens import make_token
from tracker.extensions import db
from tracker.mail.models import OutboxMessage
from tracker.reminders.models import Subscription, SubscriptionStatus
from tracker.timeutil import utcnow


@pytest.fixture
def pending_subscription(app, subscribe) -> tuple[int, int, str]:
    """Subscribe through the web: (subscription id, generation, token of the emailed confirmation link)."""
    assert subscribe(lead_days=["7"]).status_code == 303
    with app.app_context():
        subscription = db.session.scalars(select(Subscription)).one()
        body = db.session.scalars(select(OutboxMessage)).one().body_text
        path = next(urlsplit(url).path for url in re.findall(r"https?://\S+", body) if "/subscribe/confirm/" in url)
        return subscription.id, subscription.generation, path.rsplit("/", 1)[1]


def _status(app) -> SubscriptionStatus:
    with app.app_context():
        return db.session.scalars(select(Subscription)).one().status


def test_a_confirmation_link_carries_its_choices_under_short_keys(app, client, pending_subscription):
    subscription_id, generation, token = pending_subscription
    with app.app_context():
        link = links.read("subscription-confirm", token, now=utcnow())
    assert link.target_id == subscription_id
    assert link.payload == {"g": generation, "a": True, "d": [], "l": [7], "lang": "en"}


def test_a_confirmation_link_in_the_sent_format_confirms(app, client, pending_subscription):
    subscription_id, generation, _token = pending_subscription
    with app.app_context():
        payload = {"s": subscription_id, "g": generation, "a": True, "d": [], "l": [1], "lang": "en"}
        token = make_token("subscription-confirm", payload)
    assert client.post(f"/subscribe/confirm/{token}").status_code == 200
    assert _status(app) == SubscriptionStatus.CONFIRMED
    with app.app_context():
        assert db.session.scalars(select(Subscription)).one().lead_days == [1]


def test_a_confirmation_link_without_choices_is_stale(app, client, pending_subscription):
    subscription_id, generation, _token = pending_subscription
    with app.app_context():
        token = make_token("subscription-confirm", {"s": subscription_id, "g": generation})
    assert client.post(f"/subscribe/confirm/{token}").status_code == 400
    assert _status(app) == SubscriptionStatus.PENDING


def test_an_unsubscribe_link_in_the_sent_format_unsubscribes(app, client, pending_subscription):
    subscription_id, _generation, _token = pending_subscription
    with app.app_context():
        token = make_token("subscription-unsubscribe", {"s": subscription_id})
    assert client.post(f"/unsubscribe/{token}").status_code == 200
    assert _status(app) == SubscriptionStatus.UNSUBSCRIBED
