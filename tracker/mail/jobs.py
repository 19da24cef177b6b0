"""Sending what the outbox holds: the one-shot job and the long-running dispatcher process.

Delivery is at-least-once with a narrow window: messages are claimed and committed before they
go to SMTP, and each is marked sent and committed right after the server accepts it (on
PostgreSQL in one autocommitted statement on a connection of its own). A process
killed between the server's acceptance and that commit leaves the row "sending"; once its lease
runs out it is sent again with the same Message-ID, so the recipient may see a second copy that
mail clients thread or merge. That window, like an acknowledgement lost on the wire, cannot be
closed from this side of SMTP. A dispatcher asked to stop (SIGTERM, SIGINT) finishes the message
in hand, hands its other claims back, and exits: a restart sends nothing twice. Nothing queued
is ever dropped.
"""

import logging
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from tracker.core.services import record_heartbeat
from tracker.extensions import db
from tracker.mail import services
from tracker.mail.models import OutboxMessage
from tracker.mail.transport import MailConnection, PermanentMailError, TransientMailError
from tracker.timeutil import utcnow

logger = logging.getLogger(__name__)

DISPATCHER_HEARTBEAT = "dispatcher"


def worker_name() -> str:
    """A name for this process's claims: host and pid, unique among running dispatchers."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def dispatch_outbox(
    now: datetime,
    *,
    worker: str | None = None,
    batch_size: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Send every message due at `now`, batch by batch on one SMTP connection; returns how many were sent.

    Unlike other jobs this commits per message, so a crash mid-batch does not re-send the
    messages that already went out.
    """
    config = current_app.config
    worker = worker or worker_name()
    batch_size = batch_size or config["MAIL_DISPATCH_BATCH_SIZE"]
    lease = timedelta(seconds=config["MAIL_SEND_LEASE_SECONDS"])
    # Claims and leases run on the wall clock, not on `now`: an operator's `--at` in the past or the
    # future must not make a running dispatcher's claim look stale and send its message twice.
    services.requeue_stale(utcnow(), lease=lease)
    db.session.commit()
    sent = 0
    with MailConnection(config) as connection:
        while not should_stop():
            batch = services.claim_batch(now, worker=worker, limit=batch_size)
            db.session.commit()
            if not batch:
                break
            batch_sent, server_reachable = _send_batch(connection, batch, now, worker, lease, should_stop)
            sent += batch_sent
            if not server_reachable:
                break  # the rest waits in the queue for the next run, not in a retry storm
    return sent


def _send_batch(
    connection: MailConnection,
    batch: list[int],
    now: datetime,
    worker: str,
    lease: timedelta,
    should_stop: Callable[[], bool],
) -> tuple[int, bool]:
    """Send claimed messages one by one, committing each outcome; returns (sent, server reachable)."""
    # Hand the rest back well before the lease runs out, so no other dispatcher re-sends a message
    # this one still holds.
    deadline = time.monotonic() + lease.total_seconds() / 2
    columns = OutboxMessage.__table__.columns
    rows = {row.id: row for row in db.session.execute(select(*columns).where(OutboxMessage.id.in_(batch)))}
    db.session.commit()  # no snapshot held open while the batch goes out
    sent = 0
    with _marks_connection() as marks:
        for index, message_id in enumerate(batch):
            if should_stop() or time.monotonic() > deadline:
                services.release(batch[index:], worker=worker, connection=marks)
                db.session.commit()
                break
            row = rows[message_id]
            try:
                connection.send(row)
            except TransientMailError as error:
                services.mark_failed(
                    message_id, row.attempts, now, str(error), permanent=False, worker=worker, connection=marks
                )
                if not connection.connected:
                    services.release(batch[index + 1 :], worker=worker, connection=marks)
                    db.session.commit()
                    return sent, False
            except PermanentMailError as error:
                services.mark_failed(
                    message_id, row.attempts, now, str(error), permanent=True, worker=worker, connection=marks
                )
            else:
                sent += services.mark_sent(message_id, now, worker=worker, connection=marks)
            db.session.commit()
    return sent, True


@contextmanager
def _marks_connection() -> Iterator[Connection | None]:
    """On PostgreSQL, a connection for the per-message outcomes, each committed by itself in one round trip.

    Every mark is a single UPDATE, so autocommit loses no atomicity, and it spares the BEGIN and
    COMMIT round trips a transaction per message costs. Its commits do not wait for their WAL
    flush either: losing the last marks in a database crash only means re-sending those messages,
    the same outcome as a dispatcher crash. Elsewhere (SQLite) the marks go through the session,
    committed after each message.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        yield None
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as marks:
        marks.exec_driver_sql("SET synchronous_commit = off")
        try:
            yield marks
        finally:
            # The pooled connection goes back as it came, so other work keeps durable commits; one
            # that cannot be reset is not reused at all.
            try:
                marks.exec_driver_sql("RESET synchronous_commit")
            except SQLAlchemyError:
                marks.invalidate()


def run_dispatcher(app: Flask, *, batch_size: int, idle_seconds: float, once: bool = False) -> int:
    """Dispatch until asked to stop (or, with `once`, until nothing is due); returns how many were sent."""
    stopping = False

    def request_stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        logger.info("dispatcher: %s received, finishing the message in hand", signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    worker = worker_name()
    total = 0
    try:
        while not stopping:
            with app.app_context():
                try:
                    sent = dispatch_outbox(utcnow(), worker=worker, batch_size=batch_size, should_stop=lambda: stopping)
                    record_heartbeat(utcnow(), name=DISPATCHER_HEARTBEAT)
                    db.session.commit()
                except SQLAlchemyError:
                    # The database went away or a statement failed: log, wait, try again.
                    db.session.rollback()
                    logger.exception("dispatcher: database error; retrying in %s s", idle_seconds)
                    sent = 0
                finally:
                    db.session.remove()
            total += sent
            if once and not sent:
                break
            if not sent:
                _sleep(idle_seconds, lambda: stopping)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    logger.info("dispatcher %s stopped after sending %s message(s)", worker, total)
    return total


def _sleep(seconds: float, should_stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not should_stop() and time.monotonic() < deadline:
        time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
