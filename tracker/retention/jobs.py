"""Scheduled retention jobs: each deletes what its window says, as of `now`."""

import logging
import math
from datetime import datetime, timedelta

from flask import current_app

from tracker.core.jobs import JobSpec
from tracker.retention import services

logger = logging.getLogger(__name__)

DAY = timedelta(days=1)


def delete_unsubscribed(now: datetime) -> int:
    """Delete subscriptions unsubscribed more than RETENTION_UNSUBSCRIBED_DAYS ago."""
    config = current_app.config
    return services.delete_unsubscribed(
        now,
        after=config["RETENTION_UNSUBSCRIBED_DAYS"] * DAY,
        link_lifetime=timedelta(seconds=config["SUBSCRIPTION_CONFIRM_MAX_AGE"]),
    )


def delete_unconfirmed(now: datetime) -> int:
    """Delete subscriptions never confirmed, RETENTION_UNCONFIRMED_DAYS after their last link expired."""
    config = current_app.config
    return services.delete_unconfirmed(
        now,
        link_lifetime=timedelta(seconds=config["SUBSCRIPTION_CONFIRM_MAX_AGE"]),
        after=config["RETENTION_UNCONFIRMED_DAYS"] * DAY,
    )


def forget_event_contacts(now: datetime) -> int:
    """Blank organizers' private contacts RETENTION_EVENT_CONTACT_DAYS after their event ended."""
    return services.forget_event_contacts(now, after=current_app.config["RETENTION_EVENT_CONTACT_DAYS"] * DAY)


def delete_sent_mail(now: datetime) -> int:
    """Delete mail sent more than RETENTION_SENT_MAIL_DAYS ago (never sooner than the outbox needs it)."""
    return services.delete_sent_mail(now, after=sent_mail_days() * DAY)


def delete_expired_links(now: datetime) -> int:
    """Delete the rows of emailed links that have expired: they open nothing and only take space."""
    return services.delete_expired_links(now)


def sent_mail_days() -> int:
    """RETENTION_SENT_MAIL_DAYS, raised to the longest time a sent message still stops a second copy.

    A sent row's key is what keeps a reminder caught up after downtime, or an organizer's nudge
    while its lead time lasts, from being queued again: deleting it sooner would send it twice.
    """
    config = current_app.config
    floor = max(max(config["EVENTS_NUDGE_DAYS"], default=0), math.ceil(config["REMINDER_CATCHUP_HOURS"] / 24)) + 1
    days = config["RETENTION_SENT_MAIL_DAYS"]
    if days < floor:
        logger.warning("retention: RETENTION_SENT_MAIL_DAYS=%s is below what the outbox needs; using %s", days, floor)
    return max(days, floor)


JOBS = (
    JobSpec("retention-unsubscribed", delete_unsubscribed, 3600),
    JobSpec("retention-unconfirmed", delete_unconfirmed, 3600),
    JobSpec("retention-event-contacts", forget_event_contacts, 3600),
    JobSpec("retention-sent-mail", delete_sent_mail, 3600),
    JobSpec("retention-expired-links", delete_expired_links, 3600),
)
