"""Scheduled request job: delete handled requests once their retention has passed."""

from datetime import datetime

from flask import current_app

from tracker.core.jobs import JobSpec
from tracker.requests import services


def delete_handled_requests(now: datetime) -> int:
    """Delete requests handled more than REQUEST_RETENTION_DAYS ago; open ones stay."""
    return services.delete_handled_requests(now, retention_days=current_app.config["REQUEST_RETENTION_DAYS"])


JOBS = (JobSpec("requests-retention", delete_handled_requests, 3600),)
