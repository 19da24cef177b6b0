"""Several dispatcher processes on PostgreSQL, a real SMTP server, and one dispatcher killed mid-run."""

import email.parser
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select

from tests.conftest import free_port
from tracker.dates import services as date_services
from tracker.dates.models import Recurrence
from tracker.extensions import db
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.reminders.jobs import enqueue_due_reminders
from tracker.reminders.models import Subscription, SubscriptionStatus
from tracker.scheduler import run_job

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = 2000
pytestmark = pytest.mark.postgres


class MessageIdSink:
    """An SMTP server's handler that keeps only each accepted message's Message-ID and dispatcher."""

    def __init__(self):
        self.message_ids: list[str] = []
        self.peers: set[tuple] = set()
        self._parser = email.parser.BytesHeaderParser()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  aiosmtpd's hook name
        headers = self._parser.parsebytes(envelope.content)
        with self._lock:
            self.message_ids.append(headers["Message-ID"])
            self.peers.add(session.peer)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self._lock:
            return len(self.message_ids)


def fan_out_reminders(app, subscribers: int) -> datetime:
    """Confirm `subscribers` addresses for a date a week away and run the real fan-out job; returns its time."""
    now = datetime.now(UTC)
    app.config["REMINDER_SEND_HOUR"] = 0  # due from midnight UTC today, so the wall clock finds them due
    with app.app_context():
        date_services.save_date(
            None,
            name="Day of Solidarity",
            slug="day-of-solidarity",
            description="",
            recurrence=Recurrence.ONE_OFF,
            month=None,
            day=None,
            on_date=now.date() + timedelta(days=7),
            timezone="UTC",
            prisoner_id=None,
        )
        languages = ("en", "be", "ru", "uk")
        db.session.execute(
            insert(Subscription),
            [
                {
                    "email": f"reader{n}@example.org",
                    "language": languages[n % 4],
                    "all_dates": True,
                    "lead_days_text": "7",
                    "status": SubscriptionStatus.CONFIRMED,
                    "confirmed_at": now,
                }
                for n in range(subscribers)
            ],
        )
        db.session.commit()
    assert run_job(app, enqueue_due_reminders, now) == subscribers
    return now


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_dispatcher(app, smtp_port: int, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_INSTANCE_DIR": str(log_path.parent),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_DISPATCH_BATCH_SIZE": "20",
        # A short lease, so the survivor takes over a killed dispatcher's claims within the test.
        "MAIL_SEND_LEASE_SECONDS": "4",
    }
    with log_path.open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "dispatcher", "--idle", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def sent_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT))
        db.session.remove()
        return count


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_every_reminder_arrives_once_when_one_of_two_dispatchers_is_killed(postgres_app, tmp_path, stop_signal):
    fan_out_reminders(postgres_app, SUBSCRIBERS)
    sink = MessageIdSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    logs = [tmp_path / f"dispatcher-{n}.log" for n in range(2)]
    dispatchers = [start_dispatcher(postgres_app, port, log) for log in logs]
    try:
        wait_for(lambda: sink.count() >= SUBSCRIBERS // 4, timeout=120, what="a quarter of the reminders")
        victim, survivor = dispatchers
        victim.send_signal(stop_signal)
        victim.wait(timeout=30)
        assert sink.count() < SUBSCRIBERS, "killed after the run had finished: not mid-run"
        wait_for(lambda: sent_count(postgres_app) == SUBSCRIBERS, timeout=120, what="every reminder marked sent")
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=30)
        assert survivor.returncode == 0, logs[1].read_text()
    finally:
        for process in dispatchers:
            if process.poll() is None:
                process.kill()
                process.wait()
        controller.stop()

    with postgres_app.app_context():
        queued_ids = set(db.session.scalars(select(OutboxMessage.message_id)))
        holders = set(db.session.scalars(select(OutboxMessage.claimed_by).distinct()))
    received = Counter(sink.message_ids)
    assert set(received) == queued_ids  # every reminder arrived, and nothing else did
    assert len(holders) == 2  # both dispatchers delivered a share
    duplicates = sum(copies - 1 for copies in received.values())
    if stop_signal == signal.SIGTERM:
        # Asked to stop, the victim finished the message in hand and handed its other claims back.
        assert duplicates == 0
        assert victim.returncode == 0, logs[0].read_text()
    else:
        # A hard kill can land between the server's "250" and the dispatcher's commit: that one
        # message goes out again, with the same Message-ID. Nothing else may.
        assert duplicates <= 1
