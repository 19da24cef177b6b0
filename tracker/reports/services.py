"""Organisers' reports after an event, their moderation, and the totals of action per day.

What the totals count (README, docs): published, not cancelled events of the occurrence; people
and letters from the approved reports of those events; and the "I sent a letter" clicks on the
letter page (tracker.letters) on that calendar day, wherever the writer was. Pending and hidden
reports never count.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.core.changes import mark_data_changed
from tracker.dates.models import CommemorativeDate
from tracker.events.day import day_totals
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.extensions import db
from tracker.letters.models import LetterReport
from tracker.media import blurred, store_image
from tracker.reports.models import ActionReport, ReportStatus
from tracker.timeutil import as_utc

logger = logging.getLogger(__name__)


class ReportError(ValueError):
    """An operation the event or report does not allow; str() is a message for the user."""


@dataclass(frozen=True)
class ReportValues:
    """What an organiser reports."""

    participants: int
    letters: int
    note: str
    photo_filename: str | None


def report_closed_reason(event: Event, now: datetime) -> str | None:
    """Why this event cannot be reported on yet (or at all), or None when it can."""
    if event.status != EventStatus.APPROVED or event.cancelled:
        return str(_l("Only a published event that took place can be reported."))
    if as_utc(event.ends_at) > now:
        return str(_l("You can report back once the event has ended."))
    return None


def report_of(event: Event) -> ActionReport | None:
    """The event's report, whatever its state."""
    return db.session.scalar(select(ActionReport).where(ActionReport.event_id == event.id))


def save_report(event: Event, values: ReportValues, now: datetime) -> ActionReport:
    """Create or replace the event's one report; it waits for a moderator again. Flushes."""
    if (reason := report_closed_reason(event, now)) is not None:
        raise ReportError(reason)
    report = report_of(event) or _new_report(event)
    if report.status == ReportStatus.APPROVED:
        mark_data_changed(db.session)  # its numbers leave the public totals until approved again
    report.participants = values.participants
    report.letters = values.letters
    report.note = values.note
    report.photo_filename = values.photo_filename
    report.status = ReportStatus.PENDING
    report.submitted_at = now
    report.decided_at = None
    db.session.flush()
    logger.info("event %s: report %s submitted", event.id, report.id)
    return report


def _new_report(event: Event) -> ActionReport:
    """The event's first report row; a second organiser's tab that got there first is reused, never doubled."""
    try:
        with db.session.begin_nested():
            report = ActionReport(event_id=event.id, status=ReportStatus.PENDING)
            db.session.add(report)
        return report
    except IntegrityError:
        return report_of(event)


def approve(report: ActionReport, now: datetime, *, faces_checked: bool) -> None:
    """Publish the report and count it; its photo only once checked for faces. Flushes."""
    if faces_checked and report.photo_filename:
        report.photo_checked = report.photo_filename
    if report.status != ReportStatus.APPROVED:
        report.status = ReportStatus.APPROVED
        report.decided_at = now
    mark_data_changed(db.session)
    db.session.flush()
    logger.info("report %s approved", report.id)


def hide(report: ActionReport, now: datetime) -> None:
    """Take the report off public pages and out of every total. Flushes."""
    if report.status == ReportStatus.APPROVED:
        mark_data_changed(db.session)
    report.status = ReportStatus.HIDDEN
    report.decided_at = now
    db.session.flush()
    logger.info("report %s hidden", report.id)


def blur_photo(report: ActionReport, folder: Path) -> None:
    """Replace the photo with a blurred copy, which counts as checked for faces. Flushes."""
    if not report.photo_filename:
        raise ReportError(str(_l("This report has no photo to blur.")))
    name = store_image(blurred(folder / report.photo_filename), folder)
    report.photo_filename = report.photo_checked = name
    if report.status == ReportStatus.APPROVED:
        mark_data_changed(db.session)
    db.session.flush()
    logger.info("report %s: photo blurred by a moderator", report.id)


def moderation_queue() -> tuple[list[ActionReport], list[ActionReport]]:
    """Reports waiting for a moderator, oldest first, and the decided ones, newest first."""
    waiting = select(ActionReport).where(ActionReport.status == ReportStatus.PENDING)
    decided = select(ActionReport).where(ActionReport.status != ReportStatus.PENDING)
    return (
        list(db.session.scalars(waiting.order_by(ActionReport.submitted_at, ActionReport.id))),
        list(db.session.scalars(decided.order_by(ActionReport.decided_at.desc(), ActionReport.id).limit(100))),
    )


def public_report(event: Event) -> ActionReport | None:
    """The report visitors may see on the event's page: approved, of a published event."""
    report = report_of(event)
    return report if report is not None and report.is_public else None


# ---- totals of action ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionTotals:
    """Everything counted for one occurrence of a day of action."""

    on: date
    events: int
    cities: int
    countries: int
    reports: int
    participants: int
    letters_at_events: int
    letters_on_site: int

    @property
    def letters(self) -> int:
        """Letters and cards in all: written at events plus reported on the letter page that day."""
        return self.letters_at_events + self.letters_on_site


def _approved_reports(commemorative_date_id: int, on: date):
    return (
        select(
            func.count(ActionReport.id),
            func.coalesce(func.sum(ActionReport.participants), 0),
            func.coalesce(func.sum(ActionReport.letters), 0),
        )
        .join(Event, Event.id == ActionReport.event_id)
        .where(
            ActionReport.status == ReportStatus.APPROVED,
            Event.status == EventStatus.APPROVED,
            Event.cancelled.is_(False),
            Event.commemorative_date_id == commemorative_date_id,
            Event.occurrence_on == on,
        )
    )


def action_totals(commemorative_date_id: int, on: date) -> ActionTotals:
    """Sums over the events of one occurrence (never about a person, so no disclosure rule applies)."""
    places = day_totals(commemorative_date_id, on)
    reports, participants, letters = db.session.execute(_approved_reports(commemorative_date_id, on)).one()
    on_site = db.session.scalar(select(func.count(LetterReport.id)).where(LetterReport.reported_on == on)) or 0
    return ActionTotals(
        on, places.events, places.cities, places.countries, reports, int(participants), int(letters), on_site
    )


def every_year(commemorative_date: CommemorativeDate, today: date) -> list[ActionTotals]:
    """Totals of every occurrence that had a listing page up to today, newest first."""
    statement = select(OccurrenceListing.occurrence_on).where(
        OccurrenceListing.commemorative_date_id == commemorative_date.id, OccurrenceListing.occurrence_on <= today
    )
    days = db.session.scalars(statement.order_by(OccurrenceListing.occurrence_on.desc()))
    return [action_totals(commemorative_date.id, on) for on in days]


def recent_days(today: date, *, limit: int = 3) -> list[tuple[CommemorativeDate, ActionTotals]]:
    """The latest occurrences up to today that had events, for the home page."""
    statement = (
        select(OccurrenceListing)
        .where(OccurrenceListing.occurrence_on <= today)
        .order_by(OccurrenceListing.occurrence_on.desc(), OccurrenceListing.id)
        .limit(limit * 4)
    )
    result = []
    for listing in db.session.scalars(statement):
        totals = action_totals(listing.commemorative_date_id, listing.occurrence_on)
        if totals.events or totals.letters:
            result.append((listing.commemorative_date, totals))
        if len(result) == limit:
            break
    return result
