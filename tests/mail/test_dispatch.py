"""The outbox against a real SMTP server on loopback."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.mail import services
from tracker.mail.jobs import dispatch_outbox
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.mail.transport import MailConnection, deliver
from tracker.timeutil import as_utc

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)


def queue(app, key=None, to="reader@example.org", subject="Hello", headers=None):
    with app.app_context():
        message = services.enqueue(
            to_address=to,
            subject=subject,
            body_text="Body",
            kind="test",
            now=NOW,
            dedupe_key=key,
            headers=headers,
        )
        db.session.commit()
        return message.id if message else None


def dispatch(app, now=NOW):
    with app.app_context():
        return dispatch_outbox(now)


def status_of(app, message_id):
    with app.app_context():
        return db.session.get(OutboxMessage, message_id).status


def test_queued_message_reaches_the_smtp_server_once(app, smtp_server):
    message_id = queue(app, headers={"List-Unsubscribe": "<https://example.org/u/1>"})
    assert dispatch(app) == 1
    assert dispatch(app) == 0
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "reader@example.org"
    assert received["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert received.get_content().strip() == "Body"
    assert status_of(app, message_id) == OutboxStatus.SENT


def test_second_enqueue_with_the_same_key_is_a_no_op(app):
    assert queue(app, key="sub-1:2027-05-21:7") is not None
    assert queue(app, key="sub-1:2027-05-21:7") is None
    with app.app_context():
        assert len(services.list_messages()) == 1


def test_temporary_failure_is_retried_with_backoff(app, smtp_server):
    message_id = queue(app)
    smtp_server.reject_next = 1
    assert dispatch(app) == 0
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.status == OutboxStatus.QUEUED
        assert "451" in message.last_error
        retry_at = as_utc(message.next_attempt_at)
    assert retry_at > NOW
    assert dispatch(app, NOW + timedelta(seconds=30)) == 0  # not yet due
    assert dispatch(app, retry_at) == 1
    assert len(smtp_server.messages) == 1


def test_unreachable_server_keeps_the_message_queued(app):
    message_id = queue(app)  # TestConfig points at port 0: every connection fails
    assert dispatch(app) == 0
    assert status_of(app, message_id) == OutboxStatus.QUEUED


def test_dispatcher_killed_between_send_and_mark_resends_with_the_same_message_id(app, smtp_server):
    message_id = queue(app)
    with time_machine.travel(NOW, tick=False) as clock:
        with app.app_context():
            # What a killed dispatcher leaves behind: claimed and committed, delivered, never marked.
            assert services.claim(message_id, NOW, worker="killed-dispatcher")
            db.session.commit()
            deliver(db.session.get(OutboxMessage, message_id))
        clock.shift(timedelta(minutes=1))
        assert dispatch(app, NOW + timedelta(minutes=1)) == 0  # lease still running: not re-sent
        clock.shift(timedelta(hours=1))
        assert dispatch(app, NOW + timedelta(hours=1)) == 1
    assert len(smtp_server.messages) == 2
    assert smtp_server.messages[0]["Message-ID"] == smtp_server.messages[1]["Message-ID"]
    assert status_of(app, message_id) == OutboxStatus.SENT


def test_dispatch_run_at_another_time_does_not_steal_a_running_claim(app, smtp_server):
    message_id = queue(app)
    with app.app_context():
        # A dispatcher is sending this message right now (claimed on the wall clock) ...
        assert services.claim(message_id, datetime.now(UTC), worker="running-dispatcher")
        db.session.commit()
    # ... while an operator runs `send-due --at` a day ahead: the claim is not stale, nothing is re-sent.
    assert dispatch(app, datetime.now(UTC) + timedelta(days=1)) == 0
    assert smtp_server.messages == []
    assert status_of(app, message_id) == OutboxStatus.SENDING


def test_line_breaks_in_headers_are_refused_at_enqueue(app):
    with pytest.raises(ValueError):
        queue(app, subject="Hi\r\nBcc: victim@example.org")


def test_admin_retries_a_failed_message(app, client, auth, smtp_server):
    message_id = queue(app)
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        message.status = OutboxStatus.FAILED
        message.last_error = "550 mailbox unavailable"
        db.session.commit()
    auth.login(Role.ADMIN)
    page = client.get("/admin/outbox?status=failed")
    assert b"550 mailbox unavailable" in page.data
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 303
    assert status_of(app, message_id) == OutboxStatus.QUEUED
    assert dispatch(app, datetime.now(UTC)) == 1


def test_outbox_is_for_admins_only(client, auth):
    assert client.get("/admin/outbox").status_code == 302
    auth.login(Role.EDITOR)
    assert client.get("/admin/outbox").status_code == 403
    assert client.get("/admin/outbox?status=bogus").status_code == 403


def test_a_batch_goes_out_on_one_smtp_connection(app, smtp_server):
    ids = [queue(app, to=f"reader{n}@example.org") for n in range(5)]
    assert dispatch(app) == 5
    assert len(set(smtp_server.peers)) == 1
    assert [status_of(app, message_id) for message_id in ids] == [OutboxStatus.SENT] * 5


def test_dispatch_drains_more_than_one_batch(app, smtp_server):
    app.config["MAIL_DISPATCH_BATCH_SIZE"] = 2
    for n in range(5):
        queue(app, to=f"reader{n}@example.org")
    assert dispatch(app) == 5
    assert sorted(message["To"] for message in smtp_server.messages) == [f"reader{n}@example.org" for n in range(5)]


def test_a_stopping_dispatcher_hands_its_other_claims_back(app, smtp_server):
    ids = [queue(app, to=f"reader{n}@example.org") for n in range(3)]
    with app.app_context():
        sent = dispatch_outbox(NOW, worker="w1", should_stop=lambda: len(smtp_server.messages) >= 1)
    assert sent == 1
    assert [status_of(app, message_id) for message_id in ids] == [
        OutboxStatus.SENT,
        OutboxStatus.QUEUED,
        OutboxStatus.QUEUED,
    ]
    with app.app_context():
        # Handed back unsent: the attempt is not counted against the message.
        assert [db.session.get(OutboxMessage, message_id).attempts for message_id in ids[1:]] == [0, 0]
    assert dispatch(app) == 2
    assert len(smtp_server.messages) == 3


def test_an_unreachable_server_stops_the_run_instead_of_failing_every_message(app):
    ids = [queue(app, to=f"reader{n}@example.org") for n in range(4)]
    assert dispatch(app) == 0
    with app.app_context():
        messages = [db.session.get(OutboxMessage, message_id) for message_id in ids]
        assert [message.status for message in messages] == [OutboxStatus.QUEUED] * 4
        # Only the message that found the server down waits for a retry; the rest are due at once.
        assert [message.attempts for message in messages] == [1, 0, 0, 0]


def test_two_dispatchers_never_claim_the_same_message(app):
    for n in range(5):
        queue(app, to=f"reader{n}@example.org")
    with app.app_context():
        first = services.claim_batch(NOW, worker="a", limit=3)
        db.session.commit()
        second = services.claim_batch(NOW, worker="b", limit=3)
        db.session.commit()
        assert len(first) == 3 and len(second) == 2
        assert not set(first) & set(second)
        assert services.claim_batch(NOW, worker="c", limit=3) == []


def test_a_dispatcher_never_marks_a_claim_it_no_longer_holds(app):
    message_id = queue(app)
    with app.app_context():
        assert services.claim_batch(NOW, worker="a", limit=1) == [message_id]
        db.session.commit()
        assert services.mark_sent(message_id, NOW, worker="b") is False
        assert services.mark_sent(message_id, NOW, worker="a") is True
        db.session.commit()
    assert status_of(app, message_id) == OutboxStatus.SENT


def test_dispatcher_command_once_sends_everything_due_and_exits(app, runner, smtp_server):
    for n in range(3):
        queue(app, to=f"reader{n}@example.org")
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        result = runner.invoke(args=["dispatcher", "--once", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "sent 3 message(s)" in result.output
    assert len(smtp_server.messages) == 3


def test_dispatcher_command_refuses_a_nonsense_batch_size(runner):
    result = runner.invoke(args=["dispatcher", "--once", "--batch-size", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--batch-size'" in result.output


@pytest.mark.postgres(reason="autocommitted marks and synchronous_commit are the PostgreSQL path")
def test_each_mark_is_committed_when_made_and_pooled_connections_stay_durable(app, smtp_server, monkeypatch):
    first, second = queue(app, key="a"), queue(app, key="b")
    seen = []
    send = MailConnection.send

    def send_and_look(connection, row):
        if row.id == second:  # another session sees the first mark while the second is in hand
            with app.app_context():
                seen.append(status_of(app, first))
        return send(connection, row)

    monkeypatch.setattr(MailConnection, "send", send_and_look)
    with app.app_context():
        assert dispatch_outbox(NOW) == 2
        # Every pooled connection, the marks' one included, is back to durable commits.
        with contextlib.ExitStack() as stack:
            connections = [stack.enter_context(db.engine.connect()) for _ in range(db.engine.pool.size())]
            settings = {connection.exec_driver_sql("SHOW synchronous_commit").scalar() for connection in connections}
    assert seen == [OutboxStatus.SENT]
    assert settings == {"on"}
