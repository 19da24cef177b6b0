"""Subscriptions, due reminders and reminder pages.

Subscribers are identified in logs by id only, never by address.
"""

import enum
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.core.batching import chunks
from tracker.dates.models import CommemorativeDate
from tracker.dates.occurrences import DateKind, Occurrence, local_midnight, prisoner_occurrences
from tracker.extensions import db
from tracker.mail import services as outbox
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.prisoners.services import named_prisoners
from tracker.reminders import mail
from tracker.reminders.models import ReminderPage, Subscription, SubscriptionStatus
from tracker.reminders.tokens import ConfirmLink, Preferences, confirm_token

logger = logging.getLogger(__name__)


# Deliberately strict: one address, no spaces, quotes, angle brackets or control characters.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+\Z"
)


class SubscriptionError(ValueError):
    """Subscription details that cannot be accepted."""


class ConfirmOutcome(enum.StrEnum):
    """What a confirmation link did."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    STALE = "stale"


def normalize_email(value: str) -> str:
    """A single plain address in lower case; raises SubscriptionError otherwise."""
    address = (value or "").strip()
    if len(address) > 254 or not _EMAIL.match(address):
        raise SubscriptionError(_l("Enter an email address such as name@example.org."))
    return address.lower()


def _clean_preferences(all_dates: bool, date_ids: list[int], lead_days: list[int], language: str) -> Preferences:
    allowed_leads = set(current_app.config["REMINDER_LEAD_DAYS_CHOICES"])
    lead_days = sorted({int(days) for days in lead_days}, reverse=True)
    if not lead_days or not set(lead_days) <= allowed_leads:
        raise SubscriptionError(_l("Choose when to be reminded."))
    if language not in current_app.config["LANGUAGES"]:
        raise SubscriptionError(_l("Choose a language."))
    known = set(db.session.scalars(select(CommemorativeDate.id).where(CommemorativeDate.id.in_(date_ids or [0]))))
    date_ids = sorted(known & {int(date_id) for date_id in date_ids})
    if not all_dates and not date_ids:
        raise SubscriptionError(_l("Choose at least one date, or all dates."))
    return Preferences(
        all_dates=bool(all_dates), date_ids=[] if all_dates else date_ids, lead_days=lead_days, language=language
    )


def _apply_preferences(subscription: Subscription, preferences: Preferences) -> None:
    subscription.all_dates = preferences.all_dates
    subscription.lead_days = preferences.lead_days
    subscription.language = preferences.language
    ids = preferences.date_ids or [0]
    subscription.dates = list(db.session.scalars(select(CommemorativeDate).where(CommemorativeDate.id.in_(ids))))


def confirmations_sent_since(subscription: Subscription, since: datetime) -> int:
    """How many confirmation emails were queued for a subscription since a moment."""
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.dedupe_key.like(f"confirm:{subscription.id}:%"), OutboxMessage.created_at >= since
        )
    )


def subscribe(
    email: str, *, all_dates: bool, date_ids: list[int], lead_days: list[int], language: str, now: datetime
) -> None:
    """Ask an address to confirm; nothing about an existing subscription changes until it does.

    The caller shows the same page whatever happens here, so nobody learns whether an
    address is already subscribed.
    """
    address = normalize_email(email)
    preferences = _clean_preferences(all_dates, date_ids, lead_days, language)
    subscription = db.session.scalar(select(Subscription).where(Subscription.email == address))
    if subscription is None:
        subscription = Subscription(email=address, status=SubscriptionStatus.PENDING, created_at=now, generation=0)
        _apply_preferences(subscription, preferences)
        try:
            with db.session.begin_nested():
                db.session.add(subscription)
        except IntegrityError:
            # The same address was subscribed by a concurrent request; continue with that row.
            subscription = db.session.scalar(select(Subscription).where(Subscription.email == address))
        logger.info("subscription %s created (pending)", subscription.id)
    limit = current_app.config["SUBSCRIPTION_CONFIRMATIONS_PER_DAY"]
    if confirmations_sent_since(subscription, now - timedelta(days=1)) >= limit:
        logger.warning("subscription %s: confirmation not sent, daily limit reached", subscription.id)
        return
    mail.enqueue_confirmation(
        subscription,
        confirm_token(subscription.id, subscription.generation, preferences, now=now),
        preferences=preferences,
        now=now,
        dedupe_key=f"confirm:{subscription.id}:{secrets.token_hex(8)}",
    )


def check_confirmation(link: ConfirmLink | None) -> ConfirmOutcome | None:
    """What confirming would do, without changing anything (for the GET page); None: it would confirm."""
    subscription = db.session.get(Subscription, link.subscription_id) if link is not None else None
    if subscription is None:
        return ConfirmOutcome.STALE
    if link.generation != subscription.generation:
        return (
            ConfirmOutcome.ALREADY_CONFIRMED
            if subscription.status == SubscriptionStatus.CONFIRMED
            else ConfirmOutcome.STALE
        )
    return None


def confirm(link: ConfirmLink | None, now: datetime) -> ConfirmOutcome:
    """Confirm a subscription with the preferences the link carries."""
    outcome = check_confirmation(link)
    if outcome is not None:
        return outcome
    subscription = db.session.get(Subscription, link.subscription_id)
    if link.preferences is None:
        return ConfirmOutcome.STALE
    chosen = link.preferences
    try:
        preferences = _clean_preferences(chosen.all_dates, chosen.date_ids, chosen.lead_days, chosen.language)
    except (TypeError, ValueError):
        # A link always carries these; a date deleted since is the only way to get here.
        return ConfirmOutcome.STALE
    _apply_preferences(subscription, preferences)
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = now
    subscription.unsubscribed_at = None
    subscription.generation += 1
    db.session.flush()
    logger.info("subscription %s confirmed", subscription.id)
    return ConfirmOutcome.CONFIRMED


def confirmed_subscription(link: ConfirmLink | None) -> Subscription | None:
    """The confirmed subscription a confirmation link belongs to, to show what it covers."""
    subscription = db.session.get(Subscription, link.subscription_id) if link is not None else None
    if subscription is None or subscription.status != SubscriptionStatus.CONFIRMED:
        return None
    return subscription


def subscription_for_unsubscribe(subscription_id: int | None) -> Subscription | None:
    """The subscription an unsubscribe link names, if it still exists."""
    return db.session.get(Subscription, subscription_id) if subscription_id is not None else None


def unsubscribe(subscription: Subscription, now: datetime) -> bool:
    """Stop all mail to a subscriber and drop reminders still queued; False if already unsubscribed."""
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return False
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = now
    subscription.generation += 1
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.dedupe_key.like(f"reminder:{subscription.id}:%"),
        )
    )
    db.session.flush()
    logger.info("subscription %s unsubscribed; %s queued reminder(s) dropped", subscription.id, result.rowcount)
    return True


@dataclass(frozen=True)
class DueReminder:
    """One reminder that should be in the outbox now."""

    subscription_id: int
    date_id: int
    occurs_on: date
    lead_days: int
    due_at: datetime

    @property
    def dedupe_key(self) -> str:
        """The outbox key (subscription, occurrence, lead time) that makes a second enqueue a no-op."""
        return f"reminder:{self.subscription_id}:{self.date_id}:{self.occurs_on.isoformat()}:{self.lead_days}"


def reminder_due_at(occurs_on: date, lead_days: int, zone_name: str) -> datetime:
    """When a reminder `lead_days` ahead falls due: the send hour in the date's own zone, in UTC."""
    hour = current_app.config["REMINDER_SEND_HOUR"]
    local = datetime.combine(occurs_on - timedelta(days=lead_days), time(hour), tzinfo=ZoneInfo(zone_name))
    return local.astimezone(UTC)


def due_reminders(now: datetime) -> list[DueReminder]:
    """Reminders due at `now`, including ones missed within the catch-up window, never for a day already begun."""
    window = timedelta(hours=current_app.config["REMINDER_CATCHUP_HOURS"])
    horizon = timedelta(days=max(current_app.config["REMINDER_LEAD_DAYS_CHOICES"]) + 1)
    subscriptions = list(
        db.session.scalars(
            select(Subscription)
            .where(Subscription.status == SubscriptionStatus.CONFIRMED)
            .options(selectinload(Subscription.dates))
            .order_by(Subscription.id)
        )
    )
    if not subscriptions:
        return []
    due = []
    for commemorative_date in db.session.scalars(select(CommemorativeDate).order_by(CommemorativeDate.id)):
        local_today = now.astimezone(ZoneInfo(commemorative_date.timezone)).date()
        for occurs_on in commemorative_date.occurrences_between(local_today, local_today + horizon):
            if now >= local_midnight(occurs_on, commemorative_date.timezone):
                continue
            for subscription in subscriptions:
                if not subscription.covers(commemorative_date):
                    continue
                for lead_days in subscription.lead_days:
                    due_at = reminder_due_at(occurs_on, lead_days, commemorative_date.timezone)
                    if due_at <= now < due_at + window:
                        due.append(DueReminder(subscription.id, commemorative_date.id, occurs_on, lead_days, due_at))
    return due


def enqueue_due_reminders(now: datetime) -> int:
    """Put every due reminder in the outbox once; returns how many were newly queued."""
    due = due_reminders(now)
    if not due:
        return 0
    already = outbox.queued_keys(reminder.dedupe_key for reminder in due)
    fresh = [reminder for reminder in due if reminder.dedupe_key not in already]
    if not fresh:
        return 0
    subscriptions = _by_id(Subscription, {reminder.subscription_id for reminder in fresh})
    dates = _by_id(CommemorativeDate, {reminder.date_id for reminder in fresh})
    queued = outbox.enqueue_many(mail.reminder_drafts(fresh, subscriptions, dates, now=now), now=now)
    logger.info("reminders: queued %s of %s due reminder(s)", queued, len(due))
    return queued


def _by_id(model, ids: set[int]) -> dict:
    found = {}
    for chunk in chunks(sorted(ids), 1000):
        found.update({row.id: row for row in db.session.scalars(select(model).where(model.id.in_(chunk)))})
    return found


def publish_reminder_pages(now: datetime) -> int:
    """Publish the page of every occurrence within the configured days ahead; returns how many were new."""
    days_ahead = timedelta(days=current_app.config["REMINDER_PAGE_DAYS_AHEAD"])
    existing = {tuple(row) for row in db.session.execute(select(ReminderPage.date_id, ReminderPage.year))}
    published = 0
    for commemorative_date in db.session.scalars(select(CommemorativeDate).order_by(CommemorativeDate.id)):
        local_today = now.astimezone(ZoneInfo(commemorative_date.timezone)).date()
        for occurs_on in commemorative_date.occurrences_between(local_today, local_today + days_ahead):
            if (commemorative_date.id, occurs_on.year) in existing:
                continue
            try:
                # A savepoint, so a concurrent run that got there first fails alone.
                with db.session.begin_nested():
                    db.session.add(ReminderPage(date_id=commemorative_date.id, year=occurs_on.year, published_at=now))
            except IntegrityError:
                continue
            published += 1
            logger.info("published reminder page for date %s, %s", commemorative_date.id, occurs_on.year)
    return published


def published_page_keys(now: datetime) -> set[tuple[int, int]]:
    """(date id, year) of every reminder page published by `now`."""
    statement = select(ReminderPage.date_id, ReminderPage.year).where(ReminderPage.published_at <= now)
    return {tuple(row) for row in db.session.execute(statement)}


def get_published_page(slug: str, year: int, now: datetime) -> ReminderPage | None:
    """A reminder page that is public at `now`, else None."""
    return db.session.scalar(
        select(ReminderPage)
        .join(ReminderPage.commemorative_date)
        .where(CommemorativeDate.slug == slug, ReminderPage.year == year, ReminderPage.published_at <= now)
    )


def list_published_pages(now: datetime) -> list[ReminderPage]:
    """Every public reminder page, newest year first."""
    return list(
        db.session.scalars(
            select(ReminderPage)
            .where(ReminderPage.published_at <= now)
            .options(selectinload(ReminderPage.commemorative_date))
            .order_by(ReminderPage.year.desc(), ReminderPage.date_id)
        )
    )


def birthdays_in_week(day: date, today: date, locale: str = "en") -> list[Occurrence]:
    """Birthdays (Monday to Sunday around `day`) of named prisoners held then, with letter addresses where allowed."""
    monday = day - timedelta(days=day.weekday())
    as_of = min(today, day)
    sunday = monday + timedelta(days=6)
    # Only the records born that week: a reminder run reads a few hundred, not the whole register.
    prisoners = named_prisoners(born_between=(monday, sunday))
    found = prisoner_occurrences(prisoners, monday, sunday, today=as_of, locale=locale)
    return sorted((item for item in found if item.kind == DateKind.BIRTHDAY), key=lambda item: (item.on, item.title))
