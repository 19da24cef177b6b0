"""Operator commands: `flask --app wsgi reminders due|send-due [--at ISO-DATETIME]`."""

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.reminders.jobs import enqueue_due_reminders, publish_reminder_pages
from tracker.reminders.services import due_reminders
from tracker.scheduler import run_job
from tracker.timeutil import as_utc, utcnow


class IsoDateTime(click.ParamType):
    """An ISO 8601 date-time; without an offset it is read as UTC."""

    name = "ISO-DATETIME"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not an ISO date-time such as 2027-05-14T09:00:00+03:00", param, ctx)
        if moment.year < 1900 or moment.year > 9998:
            self.fail(f"{value!r} is out of range", param, ctx)
        return as_utc(moment)


AT_OPTION = click.option(
    "--at", "at", type=IsoDateTime(), default=None, help="Pretend it is this moment (default: now)."
)


@click.group("reminders")
def reminders() -> None:
    """Email reminders: see and send what is due."""


@reminders.command("due")
@AT_OPTION
@with_appcontext
def due_command(at: datetime | None) -> None:
    """List the reminders that would be queued now (or at --at); changes nothing."""
    now = at or utcnow()
    due = due_reminders(now)
    for reminder in due:
        slug = db.session.get(CommemorativeDate, reminder.date_id).slug
        click.echo(
            f"subscription {reminder.subscription_id}\t{slug}\t{reminder.occurs_on.isoformat()}\t"
            f"{reminder.lead_days} day(s) before\tdue {reminder.due_at.isoformat()}"
        )
    click.echo(f"{len(due)} reminder(s) due at {now.isoformat()}")
    db.session.rollback()


@reminders.command("send-due")
@AT_OPTION
@with_appcontext
def send_due_command(at: datetime | None) -> None:
    """Publish pages, queue due reminders and dispatch the outbox now: the scheduler's own jobs."""
    app = current_app._get_current_object()
    now = at or utcnow()
    published = run_job(app, publish_reminder_pages, now)
    queued = run_job(app, enqueue_due_reminders, now)
    sent = run_job(app, dispatch_outbox, now)
    click.echo(f"published {published} page(s), queued {queued} reminder(s), sent {sent} message(s)")
