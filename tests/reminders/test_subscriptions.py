"""Subscribing without an account: double opt-in, links, one-click unsubscribe, bad input."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.mail.models import OutboxMessage
from tracker.reminders.models import Subscription, SubscriptionStatus
from tracker.scheduler import run_job
from tracker.timeutil import utcnow

EMAIL = "reader@example.org"


def outbox_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_only_the_confirmation_is_sent_until_the_link_is_used(
    app, client, smtp_server, make_date, run_jobs, subscribe, subscription_row
):
    make_date()
    with time_machine.travel(datetime(2027, 5, 10, 6, 0, tzinfo=UTC), tick=False):
        response = subscribe()
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/subscribe/check-your-inbox")
        # Both reminders (7 days and 1 day before 21 May) would be due by the 20th, but nobody confirmed.
        for day in range(10, 22):
            run_jobs(datetime(2027, 5, day, 12, 0, tzinfo=UTC))
    assert len(smtp_server.messages) == 1
    confirmation = smtp_server.messages[0]
    assert confirmation["To"] == EMAIL
    assert confirmation["X-Reminder-For"] is None
    assert "/subscribe/confirm/" in confirmation.get_content()
    assert subscription_row()["status"] == SubscriptionStatus.PENDING


def test_every_email_has_one_click_unsubscribe_headers(
    app, client, smtp_server, confirmed_subscriber, make_date, run_jobs
):
    make_date()
    with time_machine.travel(datetime(2027, 5, 1, 6, 0, tzinfo=UTC), tick=False):
        confirmed_subscriber(utcnow())
    run_jobs(datetime(2027, 5, 14, 7, 0, tzinfo=UTC))
    assert len(smtp_server.messages) == 2
    for message in smtp_server.messages:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = message["List-Unsubscribe"]
        assert url.startswith("<http") and url.endswith(">")
        assert "/unsubscribe/" in url
        assert url.strip("<>") in message.get_content()
        assert EMAIL not in url


def test_confirmation_link_get_changes_nothing_post_confirms(
    app, client, smtp_server, link_in, subscribe, subscription_row
):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    path = link_in(smtp_server.messages[0], "/subscribe/confirm/")
    page = client.get(path)
    assert page.status_code == 200
    assert b'<form method="post"' in page.data
    assert subscription_row()["status"] == SubscriptionStatus.PENDING
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert b"confirmed" in confirmed.data
    assert subscription_row()["status"] == SubscriptionStatus.CONFIRMED
    # Re-confirming: a clear page, nothing changes.
    again = client.post(path)
    assert again.status_code == 200
    assert b"already confirmed" in again.data
    assert client.get(path).status_code == 200


def test_subscription_choices_are_kept(app, client, smtp_server, make_date, link_in, subscribe, subscription_row):
    make_date()
    other = make_date(slug="human-rights-day", name="Human Rights Day", month=12, day=10)
    subscribe(scope="some", date_ids=[str(other)], lead_days=["14"], language="be")
    run_job(app, dispatch_outbox, utcnow())
    client.post(link_in(smtp_server.messages[0], "/subscribe/confirm/"))
    assert subscription_row() == {
        "status": SubscriptionStatus.CONFIRMED,
        "lead_days": [14],
        "language": "be",
        "all_dates": False,
        "date_ids": [other],
    }


def test_existing_address_gets_the_same_answer_and_nothing_changes_without_the_emailed_link(
    app, client, smtp_server, make_date, link_in, subscribe, subscription_row
):
    make_date()
    other = make_date(slug="human-rights-day", name="Human Rights Day", month=12, day=10)
    first = subscribe()
    run_job(app, dispatch_outbox, utcnow())
    client.post(link_in(smtp_server.messages[0], "/subscribe/confirm/"))
    before = subscription_row()
    # Someone else tries to change the subscription of this address.
    second = subscribe(EMAIL.upper(), scope="some", date_ids=[str(other)], lead_days=["1"], language="ru")
    assert (second.status_code, second.headers["Location"]) == (first.status_code, first.headers["Location"])
    assert client.get(second.headers["Location"]).data == client.get(first.headers["Location"]).data
    assert subscription_row() == before
    run_job(app, dispatch_outbox, utcnow())
    # The owner gets a new confirmation; only their click applies the change.
    assert [message["To"] for message in smtp_server.messages] == [EMAIL, EMAIL]
    client.post(link_in(smtp_server.messages[1], "/subscribe/confirm/"))
    assert subscription_row()["date_ids"] == [other]
    assert subscription_row()["language"] == "ru"


def test_confirmation_emails_per_address_are_limited(app, client, smtp_server, subscribe):
    for _attempt in range(6):
        assert subscribe().status_code == 303
    run_job(app, dispatch_outbox, utcnow())
    assert len(smtp_server.messages) == app.config["SUBSCRIPTION_CONFIRMATIONS_PER_DAY"]


@pytest.mark.parametrize(
    "email",
    [
        "",
        "not-an-address",
        "a@b",
        "two@example.org other@example.org",
        "reader@example.org\r\nBcc: victim@example.org",
        "reader@example.org\nSubject: hi",
        "Reader <reader@example.org>",
        "reader@example.org,victim@example.org",
        "x" * 300 + "@example.org",
        "reader@exa mple.org",
        "reader@example.org\x00",
    ],
)
def test_malformed_or_injected_addresses_are_refused_and_nothing_is_saved_or_queued(app, client, email, subscribe):
    response = subscribe(email)
    assert response.status_code == 400
    assert b'class="error"' in response.data
    assert outbox_count(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"lead_days": ["5"]},
        {"lead_days": []},
        {"lead_days": ["abc"]},
        {"language": "de"},
        {"language": "en\r\nX: y"},
        {"scope": "some"},
        {"scope": "some", "date_ids": ["999"]},
        {"scope": "everything"},
    ],
)
def test_bad_choices_are_refused_clearly(app, client, make_date, fields, subscribe):
    make_date()
    response = subscribe(**fields)
    assert response.status_code == 400
    assert outbox_count(app) == 0


@pytest.mark.parametrize("token", ["garbage", "a" * 3000, "eyJzIjoxfQ.abc.def"])
def test_tampered_links_show_a_clear_page(app, client, token):
    for path in (f"/subscribe/confirm/{token}", f"/unsubscribe/{token}"):
        assert client.get(path).status_code == 400
        response = client.post(path)
        assert response.status_code == 400
        assert b"This link does not work" in response.data


def test_a_confirmation_link_cannot_unsubscribe_and_vice_versa(
    app, client, smtp_server, link_in, subscribe, subscription_row
):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    message = smtp_server.messages[0]
    confirm_token = link_in(message, "/subscribe/confirm/").rsplit("/", 1)[1]
    unsubscribe_token = link_in(message, "/unsubscribe/").rsplit("/", 1)[1]
    assert client.post(f"/unsubscribe/{confirm_token}").status_code == 400
    assert client.post(f"/subscribe/confirm/{unsubscribe_token}").status_code == 400
    assert subscription_row()["status"] == SubscriptionStatus.PENDING


def test_expired_confirmation_link_says_so(app, client, smtp_server, link_in, subscribe, subscription_row):
    start = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        subscribe()
        run_job(app, dispatch_outbox, start)
    path = link_in(smtp_server.messages[0], "/subscribe/confirm/")
    with time_machine.travel(start + timedelta(days=8), tick=False):
        response = client.post(path)
    assert response.status_code == 400
    assert b"expired" in response.data
    assert subscription_row()["status"] == SubscriptionStatus.PENDING


def test_one_click_unsubscribe_works_without_session_or_csrf_and_twice(
    app, client, smtp_server, link_in, subscribe, subscription_row
):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    message = smtp_server.messages[0]
    client.post(link_in(message, "/subscribe/confirm/"))
    app.config["WTF_CSRF_ENABLED"] = True
    url = message["List-Unsubscribe"].strip("<>")
    fresh_client = app.test_client()  # a mail provider: no cookies, no CSRF token
    assert fresh_client.get(url).status_code == 200
    assert subscription_row()["status"] == SubscriptionStatus.CONFIRMED  # GET changes nothing
    response = fresh_client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscription_row()["status"] == SubscriptionStatus.UNSUBSCRIBED
    again = fresh_client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert b"no more reminders" in again.data
    # An old confirmation link does not quietly re-subscribe.
    assert app.test_client().post(link_in(message, "/subscribe/confirm/")).status_code in (400, 200)
    assert subscription_row()["status"] == SubscriptionStatus.UNSUBSCRIBED


def test_confirm_still_needs_csrf_when_enabled(app, client, smtp_server, link_in, subscribe, subscription_row):
    subscribe()
    run_job(app, dispatch_outbox, utcnow())
    app.config["WTF_CSRF_ENABLED"] = True
    path = link_in(smtp_server.messages[0], "/subscribe/confirm/")
    assert app.test_client().post(path).status_code == 400
    assert subscription_row()["status"] == SubscriptionStatus.PENDING


def test_subscriber_address_never_appears_on_pages_or_in_logs(
    app, client, smtp_server, make_date, caplog, link_in, run_jobs, subscribe
):
    make_date()
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(datetime(2027, 5, 1, 6, 0, tzinfo=UTC), tick=False):
        response = subscribe("Secret.Person@example.org", follow_redirects=True)
        run_job(app, dispatch_outbox, utcnow())
        page_after = client.post(link_in(smtp_server.messages[0], "/subscribe/confirm/"))
    run_jobs(datetime(2027, 5, 14, 7, 0, tzinfo=UTC))
    assert len(smtp_server.messages) == 2
    pages = [response.data, page_after.data]
    pages += [client.get(path).data for path in ("/dates", "/dates/calendar.ics", "/reminders", "/subscribe")]
    pages.append(client.get("/reminders/day-of-solidarity/2027").data)
    for body in pages:
        assert b"secret.person" not in body.lower()
    # Everything the app logs (aiosmtpd, standing in for the remote mail server, logs under "mail.log").
    app_records = [record for record in caplog.records if record.name != "mail.log"]
    assert any(record.name.startswith("tracker.") for record in app_records)
    assert all("secret.person" not in record.getMessage().lower() for record in app_records)
