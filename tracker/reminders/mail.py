"""Reminder and confirmation emails, rendered in the subscriber's language."""

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.core.i18n import format_day
from tracker.core.urls import external_url
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.mail import services as outbox
from tracker.mail.models import OutboxMessage
from tracker.reminders.actions import suggested_actions
from tracker.reminders.models import Subscription
from tracker.reminders.tokens import Preferences, unsubscribe_token, unsubscribe_tokens


def _headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def describe_choice(all_dates: bool, date_ids: Iterable[int], lead_days: Iterable[int]) -> dict[str, str]:
    """What a subscriber chose, in words: the dates and the lead times (in the current locale)."""
    if all_dates:
        dates = _("all dates")
    else:
        ids = list(date_ids) or [0]
        dates = ", ".join(
            db.session.scalars(
                select(CommemorativeDate.name).where(CommemorativeDate.id.in_(ids)).order_by(CommemorativeDate.name)
            )
        )
    leads = ", ".join(
        ngettext("%(num)d day before", "%(num)d days before", days) for days in sorted(lead_days, reverse=True)
    )
    return {"dates": dates, "leads": leads}


def enqueue_confirmation(
    subscription: Subscription,
    token: str,
    *,
    preferences: Preferences,
    now: datetime,
    dedupe_key: str,
) -> OutboxMessage | None:
    """Queue the double opt-in email, the only one sent before confirmation; it names what is confirmed."""
    days = max(1, math.ceil(current_app.config["SUBSCRIPTION_CONFIRM_MAX_AGE"] / 86400))
    unsubscribe_url = external_url("reminders.unsubscribe", token=unsubscribe_token(subscription, now=now))
    with force_locale(preferences.language):
        subject = _("Confirm your reminders about political prisoners in Belarus")
        body = render_template(
            "reminders/email/confirm.txt",
            confirm_url=external_url("reminders.confirm", token=token),
            unsubscribe_url=unsubscribe_url,
            valid_for=ngettext("%(num)d day", "%(num)d days", days),
            choice=describe_choice(preferences.all_dates, preferences.date_ids, preferences.lead_days),
        )
    return outbox.enqueue(
        to_address=subscription.email,
        subject=subject,
        body_text=body,
        kind="subscription-confirm",
        now=now,
        headers=_headers(unsubscribe_url),
        language=preferences.language,
        dedupe_key=dedupe_key,
    )


# Stands in for each subscriber's own unsubscribe link in a body rendered once for all of them.
# Private-use characters, which no text of ours holds and templates print unchanged (control
# characters would be stripped on the way through, tracker.core.templating.printable).
_UNSUBSCRIBE_PLACEHOLDER = "\ue000unsubscribe-url\ue000"


def reminder_drafts(
    reminders: Iterable, subscriptions: Mapping[int, Subscription], dates: Mapping[int, CommemorativeDate], *, now
) -> Iterator[outbox.Draft]:
    """Outbox drafts for due reminders, each in its subscriber's language.

    A body is rendered once per (date, occurrence, lead time, language) and shared, with only the
    unsubscribe link filled in per subscriber: a fan-out to every subscriber renders a handful
    of templates, not one per address.
    """
    rendered: dict[tuple, tuple[str, str, dict[str, str]]] = {}
    unsubscribe_by_id = unsubscribe_tokens(list(subscriptions.values()), now=now)
    for reminder in reminders:
        subscription = subscriptions[reminder.subscription_id]
        commemorative_date = dates[reminder.date_id]
        key = (reminder.date_id, reminder.occurs_on, reminder.lead_days, subscription.language)
        if key not in rendered:
            rendered[key] = _render_reminder(commemorative_date, reminder, subscription.language, now=now)
        subject, body, headers = rendered[key]
        unsubscribe_url = external_url("reminders.unsubscribe", token=unsubscribe_by_id[subscription.id])
        yield outbox.Draft(
            to_address=subscription.email,
            subject=subject,
            body_text=body.replace(_UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            kind="reminder",
            dedupe_key=reminder.dedupe_key,
            headers={**_headers(unsubscribe_url), **headers},
            language=subscription.language,
        )


def _render_reminder(commemorative_date: CommemorativeDate, reminder, language: str, *, now) -> tuple:
    zone = ZoneInfo(commemorative_date.timezone)
    days_left = (reminder.occurs_on - now.astimezone(zone).date()).days
    with force_locale(language):
        name = commemorative_date.translated("name")
        if days_left <= 1:
            when = _("%(name)s is tomorrow", name=name)
        else:
            when = ngettext("%(name)s is in %(num)d day", "%(name)s is in %(num)d days", days_left, name=name)
        body = render_template(
            "reminders/email/reminder.txt",
            commemorative_date=commemorative_date,
            when=when,
            on=format_day(reminder.occurs_on, "full"),
            zone=commemorative_date.timezone,
            page_url=external_url("reminders.page", slug=commemorative_date.slug, year=reminder.occurs_on.year),
            actions=suggested_actions(commemorative_date),
            unsubscribe_url=_UNSUBSCRIBE_PLACEHOLDER,
        )
    headers = {"X-Reminder-For": f"{commemorative_date.slug}/{reminder.occurs_on.isoformat()}/{reminder.lead_days}d"}
    # Names are single-line in the form, but a date name must never break a header.
    return " ".join(when.split()), body, headers
