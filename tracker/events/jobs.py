"""Scheduled event jobs: archive past events, open and close listing pages, nudge organizers."""

import logging
from datetime import datetime

from flask import current_app

from tracker.core.jobs import JobSpec
from tracker.events import services
from tracker.events.mail import queue_nudge

logger = logging.getLogger(__name__)


def archive_past_events(now: datetime) -> int:
    """Move ended events into the archive."""
    return services.archive_past_events(now)


def update_listings(now: datetime) -> tuple[int, int]:
    """Open listing pages of coming occurrences and archive those whose day has passed."""
    opened = services.open_listings(now, days_ahead=current_app.config["EVENTS_LISTING_DAYS_AHEAD"])
    archived = services.archive_listings(now)
    return len(opened), len(archived)


def nudge_organizers(now: datetime) -> int:
    """Email organizers ahead of their commemorative day; the outbox key makes each nudge go once."""
    sent = 0
    for event, lead in services.due_nudges(now, lead_days=current_app.config["EVENTS_NUDGE_DAYS"]):
        if queue_nudge(event, lead, now):
            logger.info("event %s: queued %s-day nudge", event.id, lead)
            sent += 1
    return sent


JOBS = (
    JobSpec("events-archive", archive_past_events, 900),
    JobSpec("events-listings", update_listings, 3600),
    JobSpec("events-nudges", nudge_organizers, 3600),
)
