"""Emails to event submitters, queued in the outbox in the submitter's language."""

import math
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _

from tracker.core import links
from tracker.core.urls import external_url
from tracker.events.feeds import when_text
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


def valid_for(seconds: int) -> str:
    """How long a link works, in whole days ("7 days"): the unit people plan with."""
    days = max(1, math.ceil(seconds / 86400))
    return ngettext("%(num)d day", "%(num)d days", days)


def _described(event: Event) -> dict[str, str]:
    """What names the event in an email, so two emails about two events never read the same."""
    return {"title": event.title, "when": when_text(event), "day": format_date(event.local_start.date(), "medium")}


def queue_confirmation(event: Event, now: datetime) -> None:
    """Ask an anonymous submitter to confirm by link."""
    link = external_url("events.confirm", token=confirm_token(event, now))
    with force_locale(event.submitter_locale):
        described = _described(event)
        subject = _("Confirm your event: %(title)s, %(day)s", title=described["title"], day=described["day"])
        body = render_template(
            "events/email/confirm.txt",
            link=link,
            valid_for=valid_for(current_app.config["EVENTS_CONFIRM_MAX_AGE_SECONDS"]),
            **described,
        )
    _queue(event, subject=subject, body=body, kind="event-confirm", now=now, dedupe_key=f"event-confirm:{event.id}")


def queue_manage_link(event: Event, now: datetime) -> None:
    """Send the organizer the link to edit, reschedule or cancel the event."""
    link = external_url("events.manage", token=manage_token(event, now))
    with force_locale(event.submitter_locale):
        described = _described(event)
        subject = _("Your event: %(title)s, %(day)s", title=described["title"], day=described["day"])
        body = render_template("events/email/manage.txt", link=link, **described)
    _queue(event, subject=subject, body=body, kind="event-manage", now=now, dedupe_key=f"event-manage:{event.id}")


def queue_approval(event: Event, now: datetime) -> None:
    """Tell the organizer the event is published, with its public page and the link to manage it."""
    with force_locale(event.submitter_locale):
        described = _described(event)
        subject = _("Your event is published: %(title)s, %(day)s", title=described["title"], day=described["day"])
        body = render_template(
            "events/email/approved.txt",
            public_link=external_url("events.show", slug=event.slug),
            link=external_url("events.manage", token=manage_token(event, now)),
            kit_link=_kit_link(event),
            **described,
        )
    _queue(event, subject=subject, body=body, kind="event-approve", now=now, dedupe_key=f"event-approve:{event.id}")


def _kit_link(event: Event) -> str:
    """The event's organiser kit, in the organizer's language when the site speaks it."""
    language = event.submitter_locale if event.submitter_locale in current_app.config["LANGUAGES"] else None
    return external_url("kits.event_kit", slug=event.slug, lang=language)


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
        body = render_template("events/email/nudge.txt", event=event, lead=lead, link=link, kit_link=_kit_link(event))
    key = f"event-nudge:{event.id}:{event.occurrence_on.isoformat()}:{lead}"
    return _queue(event, subject=subject, body=body, kind="event-nudge", now=now, dedupe_key=key) is not None
