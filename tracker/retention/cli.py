"""`flask --app wsgi retention run-jobs --at …`: the scheduler's retention jobs, run by hand."""

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.reminders.cli import IsoDateTime
from tracker.retention.jobs import JOBS
from tracker.scheduler import run_job
from tracker.timeutil import utcnow

retention = click.Group("retention", help="Delete what the tracker no longer needs (docs/privacy.md).")

JOB_FUNCS = {spec.id: spec.func for spec in JOBS}


@retention.command("run-jobs")
@click.option(
    "--at", "at", type=IsoDateTime(), default=None, help="Run as of this ISO date-time (UTC unless it has an offset)."
)
@click.option("--job", "job_ids", multiple=True, type=click.Choice(sorted(JOB_FUNCS)), help="Run only these jobs.")
@with_appcontext
def run_jobs(at, job_ids: tuple[str, ...]) -> None:
    """Run the retention jobs exactly as the scheduler does."""
    app = current_app._get_current_object()
    now = at or utcnow()
    for job_id in job_ids or sorted(JOB_FUNCS):
        result = run_job(app, JOB_FUNCS[job_id], now)
        click.echo(f"{job_id}: {result}")
