"""The one scheduler process: `flask --app wsgi scheduler`.

Never started from create_app or a web worker: several workers would each run every job,
and APScheduler's job stores cannot be shared between processes. Jobs are a few fixed
interval jobs that poll the database; all state lives in rows, not in the scheduler.
Mail is not sent here: `flask --app wsgi dispatcher` processes drain the outbox.
"""

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext

from tracker.core.jobs import JobSpec
from tracker.core.pagecache import warm_pages
from tracker.core.services import record_heartbeat
from tracker.counts.jobs import precompute_figures
from tracker.events import jobs as event_jobs
from tracker.extensions import db
from tracker.reminders import jobs as reminder_jobs
from tracker.requests import jobs as request_jobs
from tracker.retention import jobs as retention_jobs
from tracker.timeutil import utcnow

logger = logging.getLogger(__name__)


def heartbeat_job(now: datetime) -> None:
    """Record that the scheduler is alive."""
    record_heartbeat(now)


def job_specs() -> list[JobSpec]:
    """Every scheduled job, with its fixed id."""
    return [
        JobSpec("heartbeat", heartbeat_job, 60),
        JobSpec("count-figures", precompute_figures, 10),
        JobSpec("warm-pages", warm_pages, 10),
        *reminder_jobs.JOBS,
        *event_jobs.JOBS,
        *request_jobs.JOBS,
        *retention_jobs.JOBS,
    ]


def run_job(app: Flask, func: Callable[[datetime], object], now: datetime | None = None) -> object:
    """Run one job inside an app context as one transaction: commit on success, roll back on error."""
    with app.app_context():
        try:
            result = func(now or utcnow())
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            logger.exception("job %s failed", getattr(func, "__name__", func))
            raise
        finally:
            db.session.remove()


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler holding the fixed jobs; each run goes through run_job."""
    scheduler = BlockingScheduler(timezone="UTC")
    for spec in job_specs():
        scheduler.add_job(
            _safe_run,
            "interval",
            seconds=spec.seconds,
            args=(app, spec.func),
            id=spec.id,
            name=spec.id,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=app.config.get("SCHEDULER_MISFIRE_GRACE_SECONDS", 3600),
            next_run_time=utcnow(),
            replace_existing=True,
        )
    return scheduler


def _safe_run(app: Flask, func: Callable[[datetime], object]) -> None:
    # A failed run is logged by run_job; the scheduler keeps going and the next interval retries.
    with contextlib.suppress(Exception):
        run_job(app, func)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler in this process until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    scheduler = build_scheduler(app)
    click.echo(f"Scheduler running jobs: {', '.join(job.id for job in scheduler.get_jobs())}")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
