"""Deleting what is no longer needed: each function takes the moment and a window, and flushes."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from tracker.core import links
from tracker.core.batching import chunks
from tracker.events.models import Event
from tracker.extensions import db
from tracker.history.models import RecordVersion
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.reminders.models import Subscription, SubscriptionStatus, subscription_dates
from tracker.reminders.tokens import CONFIRM_PURPOSE, UNSUBSCRIBE_PURPOSE

logger = logging.getLogger(__name__)

# Enough ids per statement to be quick, few enough for every database's parameter limit.
CHUNK = 200


def delete_unsubscribed(now: datetime, *, after: timedelta, link_lifetime: timedelta) -> int:
    """Delete subscriptions unsubscribed more than `after` ago, unless a re-subscription link is still live."""
    candidates = db.session.scalars(
        select(Subscription.id).where(
            Subscription.status == SubscriptionStatus.UNSUBSCRIBED, Subscription.unsubscribed_at < now - after
        )
    ).all()
    ids = set(candidates) - _confirmation_sent_since(now - link_lifetime)
    deleted = _delete_subscriptions(ids)
    if deleted:
        logger.info("retention: deleted %s unsubscribed subscription(s)", deleted)
    return deleted


def delete_unconfirmed(now: datetime, *, link_lifetime: timedelta, after: timedelta) -> int:
    """Delete pending subscriptions whose last confirmation link expired more than `after` ago."""
    cutoff = now - link_lifetime - after
    candidates = db.session.scalars(
        select(Subscription.id).where(
            Subscription.status == SubscriptionStatus.PENDING, Subscription.created_at < cutoff
        )
    ).all()
    # Asking again sends a fresh link without touching the row: the newest link is what counts.
    ids = set(candidates) - _confirmation_sent_since(cutoff)
    deleted = _delete_subscriptions(ids)
    if deleted:
        logger.info("retention: deleted %s never confirmed subscription(s)", deleted)
    return deleted


def _confirmation_sent_since(since: datetime) -> set[int]:
    """Ids of subscriptions sent a confirmation link at or after `since` (keys are confirm:<id>:<nonce>)."""
    keys = db.session.scalars(
        select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.like("confirm:%"), OutboxMessage.created_at >= since
        )
    )
    return {int(key.split(":")[1]) for key in keys if key.split(":")[1].isdigit()}


def _delete_subscriptions(ids: Iterable[int]) -> int:
    """Delete subscriptions with their chosen dates and their mail (except a message being sent right now).

    Their mail goes too: it holds the address, and on SQLite a new subscription can reuse a deleted
    id, whose old reminder keys would then stop its reminders as already sent.
    """
    deleted = 0
    for chunk in chunks(sorted(ids), CHUNK):
        own_mail = or_(
            *(
                OutboxMessage.dedupe_key.like(f"{kind}:{subscription_id}:%")
                for subscription_id in chunk
                for kind in ("confirm", "reminder")
            )
        )
        db.session.execute(delete(OutboxMessage).where(own_mail, OutboxMessage.status != OutboxStatus.SENDING))
        # SQLite enforces no foreign keys here, so the chosen dates are deleted explicitly.
        db.session.execute(delete(subscription_dates).where(subscription_dates.c.subscription_id.in_(chunk)))
        links.forget_targets((CONFIRM_PURPOSE, UNSUBSCRIBE_PURPOSE), list(chunk))
        result = db.session.execute(
            delete(Subscription).where(Subscription.id.in_(chunk)), execution_options={"synchronize_session": False}
        )
        deleted += result.rowcount
    db.session.expire_all()
    return deleted


def delete_expired_links(now: datetime) -> int:
    """Delete the rows of emailed links that have expired."""
    deleted = links.delete_expired(now)
    if deleted:
        logger.info("retention: deleted %s expired link(s)", deleted)
    return deleted


def forget_event_contacts(now: datetime, *, after: timedelta) -> int:
    """Blank the private contact of events that ended more than `after` ago; the events themselves stay.

    The contact goes from the event, from an edit still waiting for a moderator, and from every
    version in the event's history, which would otherwise keep it. The event's history gets no
    new version for this, and its `updated_at` stays: nothing public changed.
    """
    ids = db.session.scalars(
        select(Event.id)
        .where(Event.ends_at < now - after, Event.private_contact != "")
        .execution_options(include_deleted=True)
    ).all()
    for chunk in chunks(ids, CHUNK):
        db.session.execute(
            update(Event)
            .where(Event.id.in_(chunk))
            .values(private_contact="", updated_at=Event.updated_at)
            .execution_options(synchronize_session=False)
        )
        _blank_pending_contacts(chunk)
        _blank_contacts_in_history(chunk)
    db.session.expire_all()
    if ids:
        logger.info("retention: forgot the private contact of %s past event(s)", len(ids))
    return len(ids)


def _blank_pending_contacts(event_ids: tuple[int, ...]) -> None:
    rows = db.session.execute(
        select(Event.id, Event.pending_changes)
        .where(Event.id.in_(event_ids), Event.pending_changes.is_not(None))
        .execution_options(include_deleted=True)
    )
    for event_id, pending in rows:
        if pending.get("private_contact"):
            db.session.execute(
                update(Event)
                .where(Event.id == event_id)
                .values(pending_changes={**pending, "private_contact": ""}, updated_at=Event.updated_at)
                .execution_options(synchronize_session=False)
            )


def _blank_contacts_in_history(event_ids: tuple[int, ...]) -> None:
    versions = db.session.scalars(
        select(RecordVersion).where(
            RecordVersion.entity_type == Event.history_type, RecordVersion.entity_id.in_(event_ids)
        )
    )
    for version in versions:
        if version.snapshot.get("private_contact"):
            version.snapshot = {**version.snapshot, "private_contact": ""}
    db.session.flush()


def delete_sent_mail(now: datetime, *, after: timedelta) -> int:
    """Delete messages sent more than `after` ago; failed ones stay for the admin, queued ones are still due."""
    result = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < now - after),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount:
        logger.info("retention: deleted %s sent message(s)", result.rowcount)
    return result.rowcount
