"""Scheduler heartbeat: written by the scheduler, read by /healthz and admin pages."""

from datetime import UTC, datetime, timedelta

from tracker.core.models import SchedulerHeartbeat
from tracker.extensions import db

HEARTBEAT_NAME = "scheduler"


def record_heartbeat(now: datetime) -> None:
    """Note that the scheduler is alive at `now`."""
    heartbeat = db.session.get(SchedulerHeartbeat, HEARTBEAT_NAME)
    if heartbeat is None:
        heartbeat = SchedulerHeartbeat(name=HEARTBEAT_NAME, beat_at=now)
        db.session.add(heartbeat)
    heartbeat.beat_at = now
    db.session.flush()


def last_heartbeat() -> datetime | None:
    """When the scheduler last beat, as aware UTC, or None if it never ran."""
    heartbeat = db.session.get(SchedulerHeartbeat, HEARTBEAT_NAME)
    if heartbeat is None:
        return None
    beat_at = heartbeat.beat_at
    # SQLite hands back naive datetimes; everything stored is UTC.
    return beat_at if beat_at.tzinfo else beat_at.replace(tzinfo=UTC)


def scheduler_is_stale(now: datetime, *, max_age: timedelta) -> bool:
    """Whether the scheduler has not beaten within `max_age`."""
    beat_at = last_heartbeat()
    return beat_at is None or now - beat_at > max_age
