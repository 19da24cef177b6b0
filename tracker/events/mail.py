"""Emails to event submitters, queued in the outbox in the submitter's language."""

from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.core import links
from tracker.core.urls import external_url
from tracker.events.models import Event
from tracker.mail.services import enqueue

CONFIRM_PURPOSE = "event-confirm"
MANAGE_PURPOSE = "event-manage"


def confirm_token(event: Event, now: datetime) -> str:
    """Opaque token for the emailed confirmation link; it expires, and a new manage key revokes it."""
    max_age = timedelta(seconds=current_app.config["EVENTS_CONFIRM_MAX_AGE_SECONDS"])
    return links.issue(CONFIRM_PURPOSE, event.id, now=now, payload={"k": event.manage_key}, expires_at=now + max_age)


def manage_token(event: Event, now: datetime) -> str:
    """Opaque token for the organizer's edit link, the same in every email; a new manage key revokes it."""
    return manage_tokens([event], now)[event.id]


def manage_tokens(events: list[Event], now: datetime) -> dict[int, str]:
    """Manage tokens for many events by id, in one statement."""
    return links.standing_tokens(
        MANAGE_PURPOSE,
        {event.id: event.manage_key for event in events},
        now=now,
        payloads={event.id: {"k": event.manage_key} for event in events},
    )


def _queue(event: Event, *, subject: str, body: str, kind: str, now: datetime, dedupe_key: str | None = None):
    return enqueue(
        to_address=event.private_contact,
        subject=" ".join(subject.split()),  # a stored title must never break the header
        body_text=body,
        kind=kind,
        now=now,
        dedupe_key=dedupe_key,
        language=event.submitter_locale,
    )


def queue_confirmation(event: Event, now: datetime) -> None:
    """Ask an anonymous submitter to confirm by link."""
    link = external_url("events.confirm", token=confirm_token(event, now))
    with force_locale(event.submitter_locale):
        subject = _("Confirm your event: %(title)s", title=event.title)
        body = render_template("events/email/confirm.txt", event=event, link=link)
    _queue(event, subject=subject, body=body, kind="event-confirm", now=now, dedupe_key=f"event-confirm:{event.id}")


def queue_manage_link(event: Event, now: datetime) -> None:
    """Send the organizer the link to edit, reschedule or cancel the event."""
    link = external_url("events.manage", token=manage_token(event, now))
    with force_locale(event.submitter_locale):
        subject = _("Your event: %(title)s", title=event.title)
        body = render_template("events/email/manage.txt", event=event, link=link)
    _queue(event, subject=subject, body=body, kind="event-manage", now=now, dedupe_key=f"event-manage:{event.id}")


def queue_rejection(event: Event, reason: str, now: datetime) -> None:
    """Tell the submitter why the event (or the change to it) was not published."""
    with force_locale(event.submitter_locale):
        subject = _("Your event was not published: %(title)s", title=event.title)
        body = render_template("events/email/rejected.txt", event=event, reason=reason)
    _queue(event, subject=subject, body=body, kind="event-reject", now=now)


def queue_nudge(event: Event, lead: int, now: datetime) -> bool:
    """Ask an organizer to check the event ahead of the day; once per (event, occurrence, lead)."""
    link = external_url("events.manage", token=manage_token(event, now))
    with force_locale(event.submitter_locale):
        subject = _("%(days)s days to go: please check your event “%(title)s”", days=lead, title=event.title)
        language = event.submitter_locale if event.submitter_locale in current_app.config["LANGUAGES"] else None
        kit_link = external_url("kits.event_kit", slug=event.slug, lang=language)
        body = render_template("events/email/nudge.txt", event=event, lead=lead, link=link, kit_link=kit_link)
    key = f"event-nudge:{event.id}:{event.occurrence_on.isoformat()}:{lead}"
    return _queue(event, subject=subject, body=body, kind="event-nudge", now=now, dedupe_key=key) is not None
