"""Links in subscription emails carry random tokens that say nothing, and only their hashes are stored."""

import hashlib
from datetime import UTC, datetime

import time_machine
from sqlalchemy import func, select

from tracker.core.links import LinkToken
from tracker.core.tokens import make_token
from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.reminders.models import SubscriptionStatus
from tracker.scheduler import run_job
from tracker.timeutil import utcnow

APRIL = datetime(2027, 4, 10, 12, 0, tzinfo=UTC)


def _tokens(message, link_in) -> tuple[str, str]:
    confirm = link_in(message, "/subscribe/confirm/").rsplit("/", 1)[1]
    unsubscribe = link_in(message, "/unsubscribe/").rsplit("/", 1)[1]
    return confirm, unsubscribe


def test_emailed_tokens_decode_to_nothing(app, smtp_server, link_in, subscribe, token_reveals):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    for token in _tokens(smtp_server.messages[0], link_in):
        assert "." not in token
        assert len(token) == 43  # 32 random bytes
        assert token_reveals(token) == []
    with app.app_context():
        signed = make_token("subscription-unsubscribe", {"s": 1})
    assert any('"s":1' in text for text in token_reveals(signed))  # what the earlier links gave away


def test_subscribe_confirm_and_one_click_unsubscribe_with_emailed_tokens(
    app, smtp_server, link_in, subscribe, subscription_row
):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    message = smtp_server.messages[0]
    visitor = app.test_client()
    assert visitor.post(link_in(message, "/subscribe/confirm/")).status_code == 200
    assert subscription_row()["status"] == SubscriptionStatus.CONFIRMED
    mail_provider = app.test_client()
    response = mail_provider.post(message["List-Unsubscribe"].strip("<>"), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscription_row()["status"] == SubscriptionStatus.UNSUBSCRIBED


def test_a_guessed_or_altered_token_is_a_clean_400_page(app, client, smtp_server, link_in, subscribe, subscription_row):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    confirm, unsubscribe = _tokens(smtp_server.messages[0], link_in)
    altered = [confirm[:-1] + ("A" if confirm[-1] != "A" else "B"), "guessed", "x" * 43, "x" * 500]
    for token in altered:
        for path in (f"/subscribe/confirm/{token}", f"/unsubscribe/{token}"):
            response = client.post(path)
            assert response.status_code == 400
            assert b"<html" in response.data and b"Traceback" not in response.data
    assert client.post(f"/unsubscribe/{unsubscribe[:-1]}").status_code == 400
    assert subscription_row()["status"] == SubscriptionStatus.PENDING


def test_the_database_holds_only_the_hashes_of_emailed_tokens(app, smtp_server, link_in, subscribe, database_text):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    # Queued and sent messages hold their bodies until the outbox is cleared; every other table holds no token.
    stored = database_text("outbox_messages")
    for token in _tokens(smtp_server.messages[0], link_in):
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_every_reminder_carries_the_same_unsubscribe_token_and_adds_no_row(
    app, client, smtp_server, make_date, confirmed_subscriber, link_in, run_jobs, subscription_row
):
    make_date()  # 21 May; the default reminders come 7 days and 1 day before
    with time_machine.travel(APRIL, tick=False):
        confirmed_subscriber(APRIL)
    run_jobs(datetime(2027, 5, 14, 6, 5, tzinfo=UTC))
    run_jobs(datetime(2027, 5, 20, 6, 5, tzinfo=UTC))
    assert len(smtp_server.messages) == 3
    tokens = {link_in(message, "/unsubscribe/").rsplit("/", 1)[1] for message in smtp_server.messages}
    assert len(tokens) == 1
    with app.app_context():
        count = select(func.count()).select_from(LinkToken).where(LinkToken.purpose == "subscription-unsubscribe")
        assert db.session.scalar(count) == 1
    assert client.post(f"/unsubscribe/{tokens.pop()}").status_code == 200
    assert subscription_row()["status"] == SubscriptionStatus.UNSUBSCRIBED
