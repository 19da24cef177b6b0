"""`flask --app wsgi requests run-jobs --at …`: the scheduler's request jobs, run by hand."""

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.reminders.cli import IsoDateTime
from tracker.requests.jobs import JOBS as SPECS
from tracker.scheduler import run_job
from tracker.timeutil import utcnow

JOBS = {spec.id: spec.func for spec in SPECS}

requests_group = click.Group("requests", help="Requests for a correction, withdrawal or consent change.")


@requests_group.command("run-jobs")
@click.option(
    "--at", "at", type=IsoDateTime(), default=None, help="Run as of this ISO date-time (UTC unless it has an offset)."
)
@click.option("--job", "job_ids", multiple=True, type=click.Choice(sorted(JOBS)), help="Run only these jobs.")
@with_appcontext
def run_jobs(at, job_ids: tuple[str, ...]) -> None:
    """Run the request jobs exactly as the scheduler does."""
    app = current_app._get_current_object()
    now = at or utcnow()
    for job_id in job_ids or sorted(JOBS):
        result = run_job(app, JOBS[job_id], now)
        click.echo(f"{job_id}: {result}")
