"""Figure 3: the reminder fan-out through the real outbox and dispatcher, against raw smtplib.

1. The scheduler's own job queues one reminder per confirmed subscription (its own process).
2. Baseline: one smtplib connection sends the same messages (built with the email package from
   the queued rows, as any script would) to the sink.
3. The dispatcher process drains the outbox into the same sink; its wall time runs from its start
   until the sink holds every message, and its peak resident memory is read from the kernel.
The ratio is baseline time / dispatcher time: 1.0 would mean the outbox costs nothing.
"""

import json
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.dataset import FANOUT_AT, ROOT
from bench.smtp_sink import SmtpSink
from tracker.timeutil import utcnow

PYTHON = sys.executable
FLASK = str(Path(sys.executable).with_name("flask"))
SENDER = "Political Prisoner Tracker <reminders@bench.invalid>"


@dataclass
class FanoutResult:
    """Everything figure 3 measured."""

    messages: int
    queued: int = 0
    enqueue_seconds: float = 0.0
    enqueue_peak_rss_mb: float = 0.0
    baseline_seconds: float = 0.0
    dispatch_seconds: float = 0.0
    dispatch_peak_rss_mb: float = 0.0
    delivered: int = 0
    unique_message_ids: int = 0
    rows_sent: int = 0
    dispatcher: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Baseline time over dispatcher time (throughput of the outbox relative to raw smtplib)."""
        return self.baseline_seconds / self.dispatch_seconds if self.dispatch_seconds else 0.0


def app_environment(database_url: str, instance_dir: Path, *, mail_port: int | None = None) -> dict[str, str]:
    """Production settings for an app process on the benchmark database."""
    env = dict(os.environ)
    env.update(
        TRACKER_CONFIG="production",
        SECRET_KEY="bench-secret-" + "x" * 40,
        DATABASE_URL=database_url,
        SITE_URL="https://bench.invalid",
        TRACKER_INSTANCE_DIR=str(instance_dir),
        MAIL_DEFAULT_SENDER=SENDER,
        PYTHONPATH=str(ROOT),
    )
    if mail_port is not None:
        env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mail_port), MAIL_USE_TLS="0", MAIL_USERNAME="")
    return env


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


@dataclass
class Finished:
    """A child process's exit, wall time and peak memory."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    output: str


def run_measured(command: list[str], env: dict[str, str], *, timeout: float, on_poll=None) -> Finished:
    """Run a command, sampling its own peak resident memory (VmHWM) every 50 ms while it lives.

    Not wait4()'s ru_maxrss: Linux carries the high-water mark of the process that forked the
    child across exec, so a command started from this process (which holds every queued message
    for the baseline) would report this process's peak, not its own. VmHWM belongs to the
    command's own address space and only grows, so the last sample is its peak to within 50 ms.
    """
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, _peak_rss_mb(process.pid) or 0.0)
            if on_poll is not None:
                on_poll()
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                break
            time.sleep(0.05)
        seconds = time.monotonic() - started
        output.seek(0)
        return Finished(process.returncode, seconds, peak, output.read())


def dispatcher_command(env: dict[str, str]) -> tuple[list[str], str]:
    """The app's long-running dispatcher with --once where it exists, else the dispatch job in a loop."""
    probe = subprocess.run(  # noqa: S603
        [FLASK, "--app", "wsgi", "dispatcher", "--help"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if probe.returncode == 0 and "--once" in probe.stdout:
        return [FLASK, "--app", "wsgi", "dispatcher", "--once"], "flask --app wsgi dispatcher --once"
    return [PYTHON, "-m", "bench.jobs", "dispatch"], "dispatch_outbox in a loop (python -m bench.jobs dispatch)"


def _reset_outbox(database_url: str) -> None:
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DELETE FROM outbox_messages"))
        if connection.dialect.name == "postgresql":
            connection.execute(text("VACUUM ANALYZE outbox_messages"))
    engine.dispose()


def _queued_rows(database_url: str) -> list:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT to_address, subject, body_text, headers, message_id, language FROM outbox_messages"
                " WHERE kind = 'reminder' ORDER BY id"
            )
        ).all()
    engine.dispose()
    return rows


def _sent_count(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.scalar(text("SELECT count(*) FROM outbox_messages WHERE status = 'sent'"))
    engine.dispose()
    return count


def send_raw(rows: list, port: int) -> None:
    """The baseline: the same messages, built with the email package, over one smtplib connection."""
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        for row in rows:
            headers = row.headers if isinstance(row.headers, dict) else json.loads(row.headers or "{}")
            mime = EmailMessage()
            mime["From"] = SENDER
            mime["To"] = row.to_address
            mime["Subject"] = row.subject
            mime["Message-ID"] = row.message_id
            mime["Date"] = format_datetime(utcnow())
            for name, value in headers.items():
                mime[name] = value
            mime.set_content(row.body_text)
            mime["Content-Language"] = row.language
            smtp.send_message(mime)


def run(database_url: str, expected: int, *, timeout: float = 1800, log=print) -> FanoutResult:
    """Queue, send raw, dispatch; returns the measurements (and notes on anything that went wrong)."""
    result = FanoutResult(messages=expected)
    instance_dir = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    try:
        _reset_outbox(database_url)
        with SmtpSink() as sink:
            env = app_environment(database_url, instance_dir, mail_port=sink.port)
            log(f"  fan-out: queueing reminders for {expected:,} subscriptions (the scheduler's job)…")
            enqueue = run_measured(
                [PYTHON, "-m", "bench.jobs", "enqueue", "--at", FANOUT_AT.isoformat()], env, timeout=timeout
            )
            if enqueue.returncode != 0:
                result.notes.append(f"enqueue failed: {enqueue.output[-2000:]}")
                return result
            result.queued = json.loads(enqueue.output.strip().splitlines()[-1])["queued"]
            result.enqueue_seconds, result.enqueue_peak_rss_mb = enqueue.seconds, enqueue.peak_rss_mb
            if result.queued != expected:
                result.notes.append(f"queued {result.queued:,} reminders, expected {expected:,}")
            rows = _queued_rows(database_url)

            log(f"  fan-out: baseline, raw smtplib over one connection ({len(rows):,} messages)…")
            started = time.monotonic()
            send_raw(rows, sink.port)
            stats = sink.wait_for(len(rows), timeout=60)
            result.baseline_seconds = (stats.last_at or time.monotonic()) - started
            if stats.messages != len(rows):
                result.notes.append(f"baseline: the sink got {stats.messages:,} of {len(rows):,}")
            del rows
            sink.reset()

            command, result.dispatcher = dispatcher_command(env)
            log(f"  fan-out: dispatcher ({result.dispatcher})…")
            started = time.monotonic()
            finished = run_measured(command, env, timeout=timeout)
            stats = sink.wait_for(result.queued, timeout=30)
            result.dispatch_peak_rss_mb = finished.peak_rss_mb
            result.delivered, result.unique_message_ids = stats.messages, stats.unique_ids
            end = stats.last_at if stats.messages >= result.queued and stats.last_at else time.monotonic()
            result.dispatch_seconds = end - started
            if finished.returncode != 0:
                result.notes.append(f"dispatcher exited with {finished.returncode}: {finished.output[-2000:]}")
            if stats.messages < result.queued:
                result.notes.append(f"dispatcher: the sink got {stats.messages:,} of {result.queued:,}")
            result.rows_sent = _sent_count(database_url)
        return result
    finally:
        _reset_outbox(database_url)
        shutil.rmtree(instance_dir, ignore_errors=True)
