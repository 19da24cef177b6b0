"""Scheduler heartbeat: written by the scheduler, read by /healthz and admin pages."""

from datetime import datetime, timedelta

from tracker.core.models import SchedulerHeartbeat
from tracker.extensions import db
from tracker.timeutil import as_utc

HEARTBEAT_NAME = "scheduler"


def record_heartbeat(now: datetime, *, name: str = HEARTBEAT_NAME) -> None:
    """Note that the scheduler (or another long-running process, by `name`) is alive at `now`."""
    heartbeat = db.session.get(SchedulerHeartbeat, name)
    if heartbeat is None:
        heartbeat = SchedulerHeartbeat(name=name, beat_at=now)
        db.session.add(heartbeat)
    heartbeat.beat_at = now
    db.session.flush()


def last_heartbeat(name: str = HEARTBEAT_NAME) -> datetime | None:
    """When the scheduler (or the process called `name`) last beat, as aware UTC, or None if never."""
    heartbeat = db.session.get(SchedulerHeartbeat, name)
    if heartbeat is None:
        return None
    return as_utc(heartbeat.beat_at)


def scheduler_is_stale(now: datetime, *, max_age: timedelta, name: str = HEARTBEAT_NAME) -> bool:
    """Whether the scheduler (or the process called `name`) has not beaten within `max_age`."""
    beat_at = last_heartbeat(name)
    return beat_at is None or now - beat_at > max_age
