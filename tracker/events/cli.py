"""`flask --app wsgi events run-jobs --at …`: the scheduler's event jobs, run by hand."""

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.events import jobs
from tracker.scheduler import run_job
from tracker.timeutil import as_utc

events = click.Group("events", help="Solidarity event listings.")

JOBS = {spec.id: spec.func for spec in jobs.JOBS}


@events.command("run-jobs")
@click.option("--at", "at", default=None, help="Run as of this ISO date-time (UTC unless it has an offset).")
@click.option("--job", "job_ids", multiple=True, type=click.Choice(sorted(JOBS)), help="Run only these jobs.")
@with_appcontext
def run_jobs(at: str | None, job_ids: tuple[str, ...]) -> None:
    """Run the event jobs exactly as the scheduler does."""
    if at:
        try:
            now = datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter("use an ISO date-time such as 2027-05-01T09:00", param_hint="--at") from None
        now = as_utc(now)
    else:
        now = datetime.now(UTC)
    app = current_app._get_current_object()
    for job_id in job_ids or sorted(JOBS):
        result = run_job(app, JOBS[job_id], now)
        click.echo(f"{job_id}: {result}")
