"""Scheduled jobs: publish reminder pages, queue due reminders (sending is the outbox's dispatch job)."""

from datetime import datetime

from tracker.core.jobs import JobSpec
from tracker.reminders import services


def publish_reminder_pages(now: datetime) -> int:
    """Publish the reminder pages that are now within the configured days ahead."""
    return services.publish_reminder_pages(now)


def enqueue_due_reminders(now: datetime) -> int:
    """Queue every reminder due at `now` (catching up on ones missed within the window)."""
    return services.enqueue_due_reminders(now)


JOBS = (
    JobSpec("publish-reminder-pages", publish_reminder_pages, 900),
    JobSpec("enqueue-reminders", enqueue_due_reminders, 120),
)
