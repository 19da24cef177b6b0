"""Due reminders: exactly once, time travel, crashes, catch-up, the operator CLI."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from tracker.extensions import db
from tracker.mail import services as outbox
from tracker.mail.jobs import dispatch_outbox
from tracker.mail.models import OutboxMessage
from tracker.mail.transport import deliver
from tracker.reminders import services
from tracker.reminders.jobs import enqueue_due_reminders
from tracker.scheduler import job_specs, run_job

SEVEN = "day-of-solidarity/2027-05-21/7d"
ONE = "day-of-solidarity/2027-05-21/1d"
# 09:00 in Minsk (UTC+3) is 06:00 UTC.
SEVEN_DUE = datetime(2027, 5, 14, 6, 0, tzinfo=UTC)
ONE_DUE = datetime(2027, 5, 20, 6, 0, tzinfo=UTC)


@pytest.fixture
def april_subscriber(app, make_date, confirmed_subscriber):
    """21 May exists; reader@example.org confirmed on 10 April with the default 7- and 1-day reminders."""
    make_date()
    with time_machine.travel(datetime(2027, 4, 10, 12, 0, tzinfo=UTC), tick=False):
        confirmed_subscriber(datetime(2027, 4, 10, 12, 0, tzinfo=UTC))


def test_april_subscription_gets_exactly_one_7_day_and_one_1_day_reminder(
    app, smtp_server, april_subscriber, reminder_keys
):
    moment = datetime(2027, 4, 10, 12, 0, tzinfo=UTC)
    while moment < datetime(2027, 5, 23, tzinfo=UTC):
        with time_machine.travel(moment, tick=False):
            run_job(app, enqueue_due_reminders)
            run_job(app, dispatch_outbox)
        moment += timedelta(hours=3)
    assert reminder_keys() == [SEVEN, ONE]
    seven, one = smtp_server.messages[1:]
    assert seven["To"] == one["To"] == "reader@example.org"
    assert "in 7 days" in seven["Subject"]
    assert "tomorrow" in one["Subject"]
    assert "/reminders/day-of-solidarity/2027" in seven.get_content()


def test_no_reminders_after_unsubscribing(app, client, smtp_server, april_subscriber, link_in, reminder_keys, run_jobs):
    run_jobs(SEVEN_DUE + timedelta(minutes=5))
    assert reminder_keys() == [SEVEN]
    client.post(link_in(smtp_server.messages[-1], "/unsubscribe/"))
    for day in range(14, 23):
        run_jobs(datetime(2027, 5, day, 6, 30, tzinfo=UTC))
    assert reminder_keys() == [SEVEN]


def test_unsubscribing_drops_a_reminder_already_queued(
    app, client, smtp_server, april_subscriber, link_in, reminder_keys
):
    run_job(app, enqueue_due_reminders, SEVEN_DUE)
    client.post(link_in(smtp_server.messages[0], "/unsubscribe/"))
    run_job(app, dispatch_outbox, SEVEN_DUE + timedelta(minutes=1))
    assert reminder_keys() == []


def test_reminder_is_in_the_subscribers_language(app, client, smtp_server, make_date, confirmed_subscriber, run_jobs):
    make_date()
    with time_machine.travel(datetime(2027, 4, 10, 12, 0, tzinfo=UTC), tick=False):
        confirmation = confirmed_subscriber(datetime(2027, 4, 10, 12, 0, tzinfo=UTC), language="ru")
    assert confirmation["Content-Language"] == "ru"
    run_jobs(SEVEN_DUE)
    reminder = smtp_server.messages[-1]
    assert reminder["Content-Language"] == "ru"
    assert "21 мая 2027" in reminder.get_content()


def test_dispatcher_killed_between_send_and_mark_resends_the_same_message(
    app, smtp_server, april_subscriber, reminder_keys, run_jobs
):
    run_job(app, enqueue_due_reminders, SEVEN_DUE)
    with time_machine.travel(SEVEN_DUE, tick=False) as clock:  # leases run on the wall clock
        with app.app_context():
            message_id = db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.kind == "reminder"))
            # What a killed dispatcher leaves: claimed and committed, accepted by SMTP, never marked sent.
            assert outbox.claim(message_id, SEVEN_DUE)
            db.session.commit()
            deliver(db.session.get(OutboxMessage, message_id))
        clock.move_to(SEVEN_DUE + timedelta(minutes=2))
        run_jobs(SEVEN_DUE + timedelta(minutes=2))  # lease still running: not sent again yet
        assert reminder_keys() == [SEVEN]
        clock.move_to(SEVEN_DUE + timedelta(hours=1))
        run_jobs(SEVEN_DUE + timedelta(hours=1))
        clock.move_to(SEVEN_DUE + timedelta(hours=2))
        run_jobs(SEVEN_DUE + timedelta(hours=2))
    # The documented window: one duplicate with the same Message-ID, never more, never a lost one.
    assert reminder_keys() == [SEVEN, SEVEN]
    assert smtp_server.messages[1]["Message-ID"] == smtp_server.messages[2]["Message-ID"]


def run_enqueue_twice_concurrently(app, monkeypatch, now):
    """Both runs compute what is due before either inserts, then insert at once."""
    barrier = threading.Barrier(2, timeout=10)
    original = services.due_reminders

    def due_then_wait(moment):
        due = original(moment)
        barrier.wait()
        return due

    monkeypatch.setattr(services, "due_reminders", due_then_wait)
    results, errors = [], []

    def worker():
        try:
            results.append(run_job(app, enqueue_due_reminders, now))
        except Exception as error:  # noqa: BLE001  collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    monkeypatch.setattr(services, "due_reminders", original)
    return results, errors


def test_enqueue_job_run_twice_concurrently_queues_each_reminder_once(
    app, smtp_server, april_subscriber, monkeypatch, reminder_keys, run_jobs
):
    results, errors = run_enqueue_twice_concurrently(app, monkeypatch, SEVEN_DUE)
    assert errors == []
    assert sorted(results) == [0, 1]
    run_jobs(SEVEN_DUE + timedelta(minutes=1))
    run_jobs(SEVEN_DUE + timedelta(hours=2))
    assert reminder_keys() == [SEVEN]


def test_scheduler_down_across_the_due_time_catches_up_once(
    app, smtp_server, april_subscriber, reminder_keys, run_jobs
):
    run_jobs(SEVEN_DUE - timedelta(hours=1))
    # Down from 05:00 on 14 May until the next morning: within the catch-up window.
    run_jobs(SEVEN_DUE + timedelta(hours=26))
    run_jobs(SEVEN_DUE + timedelta(hours=27))
    assert reminder_keys() == [SEVEN]


def test_reminders_missed_beyond_the_window_or_after_the_day_are_not_sent(
    app, smtp_server, april_subscriber, reminder_keys, run_jobs
):
    run_jobs(SEVEN_DUE - timedelta(hours=1))
    # Down until the morning of the day itself: the 7-day reminder is past the window, the date has begun.
    run_jobs(datetime(2027, 5, 21, 5, 0, tzinfo=UTC))
    run_jobs(datetime(2027, 5, 22, 5, 0, tzinfo=UTC))
    assert reminder_keys() == []


def test_cli_due_lists_and_send_due_sends(app, runner, smtp_server, april_subscriber, reminder_keys):
    listed = runner.invoke(args=["reminders", "due", "--at", "2027-05-14T09:30:00+03:00"])
    assert listed.exit_code == 0, listed.output
    assert "day-of-solidarity\t2027-05-21\t7 day(s) before" in listed.output
    assert "reader@example.org" not in listed.output
    assert reminder_keys() == []
    sent = runner.invoke(args=["reminders", "send-due", "--at", "2027-05-14T06:30:00"])
    assert sent.exit_code == 0, sent.output
    assert "queued 1 reminder(s), sent 1 message(s)" in sent.output
    again = runner.invoke(args=["reminders", "send-due", "--at", "2027-05-14T06:40:00"])
    assert "queued 0 reminder(s)" in again.output
    assert reminder_keys() == [SEVEN]


@pytest.mark.parametrize("value", ["yesterday", "2027-13-01", "", "99999-01-01T00:00"])
def test_cli_bad_at_gives_a_clear_error(runner, value):
    for command in ("due", "send-due"):
        result = runner.invoke(args=["reminders", command, "--at", value])
        assert result.exit_code == 2
        assert "Invalid value for '--at'" in result.output


def test_reminder_jobs_are_scheduled_with_fixed_ids():
    ids = [spec.id for spec in job_specs()]
    assert {"enqueue-reminders", "publish-reminder-pages"} <= set(ids)
    assert len(ids) == len(set(ids))
    # Mail goes out through the dispatcher processes, never the scheduler.
    assert "dispatch-outbox" not in ids


def test_concurrent_enqueue_runs_queue_each_of_several_subscribers_once(app, smtp_server, make_date, monkeypatch):
    from tracker.reminders.models import Subscription, SubscriptionStatus

    make_date()
    with app.app_context():
        for number in range(3):
            email = f"reader{number}@example.org"
            db.session.add(Subscription(email=email, status=SubscriptionStatus.CONFIRMED, lead_days_text="7,1"))
        db.session.commit()
    results, errors = run_enqueue_twice_concurrently(app, monkeypatch, SEVEN_DUE)
    assert errors == []
    assert sum(results) == 3
    run_job(app, dispatch_outbox, SEVEN_DUE + timedelta(minutes=1))
    run_job(app, dispatch_outbox, SEVEN_DUE + timedelta(hours=2))
    received = sorted((message["To"], message["X-Reminder-For"]) for message in smtp_server.messages)
    assert received == [(f"reader{number}@example.org", SEVEN) for number in range(3)]


def test_line_breaks_in_a_date_name_never_reach_a_header(app, smtp_server, make_date, confirmed_subscriber, run_jobs):
    make_date(name="Day\r\nBcc: victim@example.org")
    with time_machine.travel(datetime(2027, 4, 10, 12, 0, tzinfo=UTC), tick=False):
        confirmed_subscriber(datetime(2027, 4, 10, 12, 0, tzinfo=UTC))
    run_jobs(SEVEN_DUE)
    reminder = smtp_server.messages[-1]
    assert reminder["Subject"] == "Day Bcc: victim@example.org is in 7 days"
    assert reminder["Bcc"] is None
    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [["reader@example.org"]] * 2
