"""iCalendar feeds of the calendar: one of every date, one per kind of date.

Every date is an all-day event (DTSTART;VALUE=DATE): a day of solidarity is the same day wherever
the reader is, so it must not become "23:00 to 23:00" in a calendar set to another zone. Dates that
come back every year with the same text (annual days, birthdays) are one VEVENT with
RRULE:FREQ=YEARLY and a UID that never changes, so calendar apps show every future year.

29 February follows the project's convention (tracker.dates.occurrences.anniversary): it falls on
28 February in common years. That is written as RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1, the
last day of February, which RFC 5545 §3.3.10 defines for every year (a plain FREQ=YEARLY from
29 February would skip common years: RFC 5545 ignores invalid dates).

A year of dates is thousands of events, so they are written as content lines through the shared
helpers in tracker.core.ical (icalendar escapes and folds them) rather than as component objects.
"""

from datetime import timedelta

from flask import current_app

from tracker.core import ical
from tracker.dates.occurrences import Occurrence
from tracker.timeutil import as_utc

UID_DOMAIN = "political-prisoner-tracker"


def yearly_rule(month: int, day: int) -> str:
    """The RRULE of a series that comes back on the same day every year."""
    if (month, day) == (2, 29):
        return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    return "FREQ=YEARLY"


def occurrence_lines(occurrence: Occurrence, url: str | None, uid_domain: str) -> bytes:
    """An all-day VEVENT, yearly for a series, with a UID that never changes."""
    description = occurrence.description
    if occurrence.letter_address:
        description = f"{description}\n\n{occurrence.letter_address}".strip()
    changed = ical.utc_value(as_utc(occurrence.changed_at))
    series = occurrence.series
    first = series.first if series else occurrence.on
    lines = [
        b"BEGIN:VEVENT\r\n",
        ical.content_line("SUMMARY", ical.text(occurrence.title)),
        ical.content_line("DTSTART", ical.date_value(first), ";VALUE=DATE"),
        ical.content_line("DTEND", ical.date_value(first + timedelta(days=1)), ";VALUE=DATE"),
    ]
    if series:
        lines.append(ical.content_line("RRULE", yearly_rule(series.month, series.day)))
    lines += [
        ical.content_line("DTSTAMP", changed),
        ical.content_line("UID", ical.text(f"{series.uid if series else occurrence.uid}@{uid_domain}")),
        # SEQUENCE grows with every edit, so calendar apps replace their copy instead of adding one.
        ical.content_line("SEQUENCE", str(occurrence.sequence)),
        ical.content_line("CATEGORIES", ical.text(occurrence.kind.value)),
    ]
    if description:
        lines.append(ical.content_line("DESCRIPTION", ical.text(description)))
    lines.append(ical.content_line("LAST-MODIFIED", changed))
    lines.append(b"TRANSP:TRANSPARENT\r\n")
    if url:
        lines.append(ical.content_line("URL", url))
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)


def calendar_entries(occurrences: list[Occurrence], urls: dict[str, str]) -> list[tuple[Occurrence, str | None]]:
    """One entry per single date and one per yearly series (its soonest occurrence, with a reminder link if any)."""
    entries: dict[str, tuple[Occurrence, str | None]] = {}
    for occurrence in occurrences:
        key = occurrence.series.uid if occurrence.series else occurrence.uid
        url = urls.get(occurrence.uid)
        if key not in entries:
            entries[key] = (occurrence, url)
        elif url and entries[key][1] is None:
            entries[key] = (entries[key][0], url)
    return list(entries.values())


def occurrences_ics(name: str, occurrences: list[Occurrence], urls: dict[str, str] | None = None) -> bytes:
    """A calendar of all-day events, one per single date and one per yearly series, serialized."""
    uid_domain = current_app.config.get("ICAL_UID_DOMAIN", UID_DOMAIN)
    events = [
        occurrence_lines(occurrence, url, uid_domain) for occurrence, url in calendar_entries(occurrences, urls or {})
    ]
    return ical.calendar_document(name, events, {})
