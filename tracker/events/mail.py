"""Emails to event submitters, queued in the outbox in the submitter's language."""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.core.tokens import make_token
from tracker.core.urls import external_url
from tracker.events.models import Event
from tracker.mail.services import enqueue

CONFIRM_PURPOSE = "event-confirm"
MANAGE_PURPOSE = "event-manage"


def confirm_token(event: Event) -> str:
    """Signed token for the emailed confirmation link."""
    return make_token(CONFIRM_PURPOSE, {"e": event.id, "k": event.manage_key})


def manage_token(event: Event) -> str:
    """Signed token for the organizer's edit link."""
    return make_token(MANAGE_PURPOSE, {"e": event.id, "k": event.manage_key})


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
    link = external_url("events.confirm", token=confirm_token(event))
    with force_locale(event.submitter_locale):
        subject = _("Confirm your event: %(title)s", title=event.title)
        body = _(
            "Someone, probably you, submitted the event “%(title)s” to the Political Prisoner Tracker.\n\n"
            "To send it to our moderators, open this link and press the button:\n%(link)s\n\n"
            "If this was not you, ignore this message; nothing will be published.",
            title=event.title,
            link=link,
        )
    _queue(event, subject=subject, body=body, kind="event-confirm", now=now, dedupe_key=f"event-confirm:{event.id}")


def queue_manage_link(event: Event, now: datetime) -> None:
    """Send the organizer the link to edit, reschedule or cancel the event."""
    link = external_url("events.manage", token=manage_token(event))
    with force_locale(event.submitter_locale):
        subject = _("Your event: %(title)s", title=event.title)
        body = _(
            "Thank you. Your event “%(title)s” is waiting for a moderator; you will hear from us if it is rejected.\n\n"
            "Keep this link to edit, reschedule or cancel the event later:\n%(link)s",
            title=event.title,
            link=link,
        )
    _queue(event, subject=subject, body=body, kind="event-manage", now=now, dedupe_key=f"event-manage:{event.id}")


def queue_rejection(event: Event, reason: str, now: datetime) -> None:
    """Tell the submitter why the event (or the change to it) was not published."""
    with force_locale(event.submitter_locale):
        subject = _("Your event was not published: %(title)s", title=event.title)
        body = _(
            "A moderator did not publish your event “%(title)s” (or your change to it).\n\nReason:\n%(reason)s",
            title=event.title,
            reason=reason,
        )
    _queue(event, subject=subject, body=body, kind="event-reject", now=now)


def queue_nudge(event: Event, lead: int, now: datetime) -> bool:
    """Ask an organizer to check the event ahead of the day; once per (event, occurrence, lead)."""
    link = external_url("events.manage", token=manage_token(event))
    with force_locale(event.submitter_locale):
        subject = _("%(days)s days to go: please check your event “%(title)s”", days=lead, title=event.title)
        body = _(
            "Your event “%(title)s” is listed for %(day)s, %(days)s days from now.\n\n"
            "Please check that the time and place are still right, and update or cancel it here:\n%(link)s",
            title=event.title,
            day=event.occurrence_on.isoformat(),
            days=lead,
            link=link,
        )
    key = f"event-nudge:{event.id}:{event.occurrence_on.isoformat()}:{lead}"
    return _queue(event, subject=subject, body=body, kind="event-nudge", now=now, dedupe_key=key) is not None
