"""Each retention job deletes exactly what its window says, and nothing else."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.retention.conftest import DAY, NOW
from tracker.core import links
from tracker.core.tokens import BadToken
from tracker.events.models import Event
from tracker.extensions import db
from tracker.history.models import RecordVersion
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.reminders.models import Subscription, SubscriptionStatus, subscription_dates
from tracker.reminders.tokens import UNSUBSCRIBE_PURPOSE
from tracker.retention import jobs
from tracker.scheduler import job_specs, run_job

MINUTE = timedelta(minutes=1)
LINK = timedelta(days=7)  # SUBSCRIPTION_CONFIRM_MAX_AGE
UNSUBSCRIBED, PENDING, CONFIRMED = (
    SubscriptionStatus.UNSUBSCRIBED,
    SubscriptionStatus.PENDING,
    SubscriptionStatus.CONFIRMED,
)


def chosen_dates_of(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(subscription_dates.c.subscription_id)))


def test_unsubscribed_subscriptions_go_after_the_window_with_their_mail(
    app, make_subscription, make_message, table_ids
):
    gone = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 30 * DAY - MINUTE)
    just_inside = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 30 * DAY + MINUTE)
    confirmed = make_subscription(CONFIRMED)
    pending = make_subscription(PENDING)
    gone_mail = make_message(sent_at=NOW - 40 * DAY, dedupe_key=f"reminder:{gone}:1:2027-05-21:7")
    gone_failed = make_message(OutboxStatus.FAILED, dedupe_key=f"confirm:{gone}:abc")
    other_mail = make_message(sent_at=NOW - 40 * DAY, dedupe_key=f"reminder:{confirmed}:1:2027-05-21:7")
    other_key_prefix = make_message(sent_at=NOW - 40 * DAY, dedupe_key=f"reminder:{gone}0:1:2027-05-21:7")

    assert run_job(app, jobs.delete_unsubscribed, NOW) == 1

    assert table_ids(Subscription) == {just_inside, confirmed, pending}
    assert chosen_dates_of(app) == {just_inside, confirmed, pending}
    assert gone_mail not in table_ids(OutboxMessage)
    assert gone_failed not in table_ids(OutboxMessage)
    assert {other_mail, other_key_prefix} <= table_ids(OutboxMessage)
    assert run_job(app, jobs.delete_unsubscribed, NOW) == 0


def test_an_unsubscribed_address_that_asked_again_keeps_its_live_link(app, make_subscription, make_message, table_ids):
    came_back = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 90 * DAY)
    make_message(created_at=NOW - LINK + MINUTE, sent_at=NOW - LINK + MINUTE, dedupe_key=f"confirm:{came_back}:a1")
    assert run_job(app, jobs.delete_unsubscribed, NOW) == 0
    assert table_ids(Subscription) == {came_back}
    assert run_job(app, jobs.delete_unsubscribed, NOW + 2 * MINUTE) == 1


def test_never_confirmed_subscriptions_go_once_their_link_expired_plus_the_window(
    app, make_subscription, make_message, table_ids
):
    window = LINK + 7 * DAY
    gone = make_subscription(PENDING, created_at=NOW - window - MINUTE)
    just_inside = make_subscription(PENDING, created_at=NOW - window + MINUTE)
    asked_again = make_subscription(PENDING, created_at=NOW - 60 * DAY)
    make_message(created_at=NOW - window + MINUTE, sent_at=NOW - window + MINUTE, dedupe_key=f"confirm:{asked_again}:b")
    confirmed = make_subscription(CONFIRMED, created_at=NOW - 400 * DAY)
    left = make_subscription(UNSUBSCRIBED, created_at=NOW - 400 * DAY, unsubscribed_at=NOW - DAY)

    assert run_job(app, jobs.delete_unconfirmed, NOW) == 1

    assert table_ids(Subscription) == {just_inside, asked_again, confirmed, left}
    assert gone not in chosen_dates_of(app)


def contact_traces(app, event_id: int) -> tuple[str, dict | None, list[str]]:
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.id == event_id).execution_options(include_deleted=True))
        versions = db.session.scalars(
            select(RecordVersion.snapshot).where(
                RecordVersion.entity_type == Event.history_type, RecordVersion.entity_id == event_id
            )
        ).all()
        return event.private_contact, event.pending_changes, [snapshot["private_contact"] for snapshot in versions]


def test_private_contacts_of_past_events_are_blanked_and_the_events_stay(app, make_event, table_ids):
    past = make_event(NOW - 30 * DAY - MINUTE, pending_changes={"title": "Vigil", "private_contact": "new@example.org"})
    just_inside = make_event(NOW - 30 * DAY + MINUTE)
    upcoming = make_event(NOW + 10 * DAY)
    with app.app_context():
        before = db.session.get(Event, past)
        updated_at, title = before.updated_at, before.title

    assert run_job(app, jobs.forget_event_contacts, NOW) == 1

    assert table_ids(Event) == {past, just_inside, upcoming}
    assert contact_traces(app, past) == ("", {"title": "Vigil", "private_contact": ""}, [""])
    assert contact_traces(app, just_inside) == ("organizer@example.org", None, ["organizer@example.org"])
    assert contact_traces(app, upcoming) == ("organizer@example.org", None, ["organizer@example.org"])
    with app.app_context():
        after = db.session.get(Event, past)
        assert (after.updated_at, after.title, after.public_contact) == (updated_at, title, "@razam")
        versions = db.session.scalars(select(RecordVersion).where(RecordVersion.entity_id == past)).all()
        assert len(versions) == 1  # no version records the blanking
    assert run_job(app, jobs.forget_event_contacts, NOW) == 0


def test_a_deleted_past_event_loses_its_contact_too(app, make_event):
    deleted = make_event(NOW - 90 * DAY, deleted_at=NOW - 80 * DAY)
    assert run_job(app, jobs.forget_event_contacts, NOW) == 1
    assert contact_traces(app, deleted)[0] == ""


def test_sent_mail_goes_after_the_window_and_failed_or_queued_mail_stays(app, make_message, table_ids):
    gone = make_message(sent_at=NOW - 31 * DAY - MINUTE)
    just_inside = make_message(sent_at=NOW - 31 * DAY + MINUTE)
    failed = make_message(OutboxStatus.FAILED, created_at=NOW - 400 * DAY)
    queued = make_message(OutboxStatus.QUEUED, created_at=NOW - 400 * DAY)
    sending = make_message(OutboxStatus.SENDING, created_at=NOW - 400 * DAY)

    assert run_job(app, jobs.delete_sent_mail, NOW) == 1

    assert table_ids(OutboxMessage) == {just_inside, failed, queued, sending}
    assert gone not in table_ids(OutboxMessage)


def test_sent_mail_is_kept_as_long_as_its_key_stops_a_second_nudge(app, make_message, table_ids):
    app.config["RETENTION_SENT_MAIL_DAYS"] = 3
    app.config["EVENTS_NUDGE_DAYS"] = [30, 14, 7]
    within_nudge_lead = make_message(sent_at=NOW - 30 * DAY)
    older = make_message(sent_at=NOW - 31 * DAY - MINUTE)
    assert run_job(app, jobs.delete_sent_mail, NOW) == 1
    assert table_ids(OutboxMessage) == {within_nudge_lead}
    assert older not in table_ids(OutboxMessage)


def test_the_windows_are_configurable(app, make_subscription, make_event, make_message, table_ids):
    app.config.update(RETENTION_UNSUBSCRIBED_DAYS=2, RETENTION_EVENT_CONTACT_DAYS=1, RETENTION_SENT_MAIL_DAYS=60)
    left = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 3 * DAY)
    ended = make_event(NOW - 2 * DAY)
    sent = make_message(sent_at=NOW - 40 * DAY)
    for job in (jobs.delete_unsubscribed, jobs.forget_event_contacts, jobs.delete_sent_mail):
        run_job(app, job, NOW)
    assert left not in table_ids(Subscription)
    assert contact_traces(app, ended)[0] == ""
    assert sent in table_ids(OutboxMessage)


def test_the_jobs_are_scheduled_with_fixed_ids():
    specs = {spec.id: spec.func for spec in job_specs()}
    assert specs["retention-unsubscribed"] is jobs.delete_unsubscribed
    assert specs["retention-unconfirmed"] is jobs.delete_unconfirmed
    assert specs["retention-event-contacts"] is jobs.forget_event_contacts
    assert specs["retention-sent-mail"] is jobs.delete_sent_mail
    assert specs["retention-expired-links"] is jobs.delete_expired_links


def test_the_cli_runs_the_jobs_as_of_a_given_moment(app, runner, make_subscription, make_message, table_ids):
    left = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 31 * DAY)
    sent = make_message(sent_at=NOW - 40 * DAY)
    result = runner.invoke(args=["retention", "run-jobs", "--at", NOW.isoformat(), "--job", "retention-unsubscribed"])
    assert result.exit_code == 0, result.output
    assert result.output == "retention-unsubscribed: 1\n"
    assert left not in table_ids(Subscription)
    assert sent in table_ids(OutboxMessage)
    result = runner.invoke(args=["retention", "run-jobs", "--at", NOW.isoformat()])
    assert "retention-sent-mail: 1" in result.output
    assert sent not in table_ids(OutboxMessage)


def test_expired_links_go_and_standing_or_live_links_stay(app):
    with app.app_context():
        expired = links.issue("event-confirm", 1, now=NOW - 8 * DAY, expires_at=NOW - MINUTE)
        live = links.issue("event-confirm", 2, now=NOW, expires_at=NOW + DAY)
        standing = links.standing_tokens("event-manage", {3: "key"}, now=NOW - 400 * DAY)[3]
        db.session.commit()

    assert run_job(app, jobs.delete_expired_links, NOW) == 1

    with app.app_context():
        assert links.read("event-confirm", live, now=NOW).target_id == 2
        assert links.read("event-manage", standing, now=NOW).target_id == 3
        with pytest.raises(BadToken):
            links.read("event-confirm", expired, now=NOW - 8 * DAY)


def test_a_deleted_subscription_takes_its_links_with_it(app, make_subscription):
    gone = make_subscription(UNSUBSCRIBED, unsubscribed_at=NOW - 31 * DAY)
    kept = make_subscription(CONFIRMED)
    with app.app_context():
        tokens = links.standing_tokens(UNSUBSCRIBE_PURPOSE, {gone: "x", kept: "x"}, now=NOW)
        db.session.commit()

    assert run_job(app, jobs.delete_unsubscribed, NOW) == 1

    with app.app_context():
        assert links.read(UNSUBSCRIBE_PURPOSE, tokens[kept], now=NOW).target_id == kept
        with pytest.raises(BadToken):
            links.read(UNSUBSCRIBE_PURPOSE, tokens[gone], now=NOW)
        assert db.session.scalar(select(func.count()).select_from(links.LinkToken)) == 1
