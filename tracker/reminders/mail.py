"""Reminder and confirmation emails, rendered in the subscriber's language."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _

from tracker.core.urls import external_url
from tracker.dates.models import CommemorativeDate
from tracker.mail import services as outbox
from tracker.mail.models import OutboxMessage
from tracker.reminders.models import Subscription


def _headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def enqueue_confirmation(
    subscription: Subscription, token: str, *, language: str, now: datetime, dedupe_key: str
) -> OutboxMessage | None:
    """Queue the double opt-in email, the only one sent before confirmation."""
    from tracker.reminders.services import unsubscribe_token

    hours = current_app.config["SUBSCRIPTION_CONFIRM_MAX_AGE"] // 3600
    unsubscribe_url = external_url("reminders.unsubscribe", token=unsubscribe_token(subscription.id))
    with force_locale(language):
        subject = _("Confirm your reminders about political prisoners in Belarus")
        body = render_template(
            "reminders/email/confirm.txt",
            confirm_url=external_url("reminders.confirm", token=token),
            unsubscribe_url=unsubscribe_url,
            valid_for=ngettext("%(num)d hour", "%(num)d hours", hours),
        )
    return outbox.enqueue(
        to_address=subscription.email,
        subject=subject,
        body_text=body,
        kind="subscription-confirm",
        now=now,
        headers=_headers(unsubscribe_url),
        language=language,
        dedupe_key=dedupe_key,
    )


def enqueue_reminder(subscription: Subscription, commemorative_date: CommemorativeDate, reminder, *, now: datetime):
    """Queue one reminder under its (subscription, occurrence, lead time) key; None if it was queued before."""
    from tracker.reminders.services import SUGGESTED_ACTIONS, unsubscribe_token

    zone = ZoneInfo(commemorative_date.timezone)
    days_left = (reminder.occurs_on - now.astimezone(zone).date()).days
    unsubscribe_url = external_url("reminders.unsubscribe", token=unsubscribe_token(subscription.id))
    with force_locale(subscription.language):
        if days_left <= 1:
            when = _("%(name)s is tomorrow", name=commemorative_date.name)
        else:
            when = ngettext(
                "%(name)s is in %(num)d day", "%(name)s is in %(num)d days", days_left, name=commemorative_date.name
            )
        body = render_template(
            "reminders/email/reminder.txt",
            commemorative_date=commemorative_date,
            when=when,
            on=format_date(reminder.occurs_on, "full"),
            zone=commemorative_date.timezone,
            page_url=external_url("reminders.page", slug=commemorative_date.slug, year=reminder.occurs_on.year),
            actions=[str(action) for action in SUGGESTED_ACTIONS],
            unsubscribe_url=unsubscribe_url,
        )
    headers = _headers(unsubscribe_url)
    headers["X-Reminder-For"] = f"{commemorative_date.slug}/{reminder.occurs_on.isoformat()}/{reminder.lead_days}d"
    return outbox.enqueue(
        to_address=subscription.email,
        # Names are single-line in the form, but a date name must never break a header.
        subject=" ".join(when.split()),
        body_text=body,
        kind="reminder",
        now=now,
        headers=headers,
        language=subscription.language,
        dedupe_key=reminder.dedupe_key,
    )
