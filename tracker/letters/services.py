"""Whom to suggest to a letter writer, and counting the letters writers report.

A person is suggested only while letters can reach them and the family agreed: named, held now
(also by the timeline editors have not published yet: a release held back from public pages
still ends the letters), with a postal address that is not hidden, letters advised and not
kept off lists. Among them, birthdays within the next three weeks come first (a card must arrive
in time), then whoever has been suggested and reported least, so that letters spread.
"""

import enum
import logging
import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from tracker.core.tokens import BadToken, make_token, read_token
from tracker.dates.occurrences import anniversary
from tracker.extensions import db
from tracker.letters.models import LetterReport, LetterSuggestion
from tracker.prisoners.models import IN_CUSTODY, STATUS_AFTER, Prisoner, Region
from tracker.prisoners.timeline import latest_status_change, status_from_entries

logger = logging.getLogger(__name__)

BIRTHDAY_WINDOW_DAYS = 21
SUGGESTION_PURPOSE = "letter-suggestion"
# A letter is often written days after the page was opened.
SUGGESTION_MAX_AGE_SECONDS = 30 * 24 * 3600
# The "another suggestion" link carries the people already shown; a long trail is cut from the start.
MAX_SKIPPED = 30
_CUSTODY_KINDS = [kind for kind, after in STATUS_AFTER.items() if after in IN_CUSTODY]


def writable_conditions(today: date) -> list[ColumnElement[bool]]:
    """SQL: the record may be suggested to a letter writer today."""
    return [
        Prisoner.name_withheld.is_(False),
        Prisoner.address_hidden.is_(False),
        Prisoner.letters_not_advised.is_(False),
        Prisoner.kept_off_lists.is_(False),
        func.trim(Prisoner.postal_address) != "",
        latest_status_change(on=today, public=True).in_(_CUSTODY_KINDS),
        latest_status_change(on=today, public=False).in_(_CUSTODY_KINDS),
    ]


def letters_advisable(prisoner: Prisoner, today: date) -> bool:
    """Python twin of writable_conditions, for a record already loaded."""
    held = all(status_from_entries(prisoner.timeline, on=today, public=public).in_custody for public in (True, False))
    return (
        held
        and not prisoner.name_withheld
        and not prisoner.kept_off_lists
        and bool((prisoner.public_letter_address(held) or "").strip())
    )


def writable_prisoner(slug: str, today: date) -> Prisoner | None:
    """The record at `slug` if letters to it are advisable today, else None."""
    statement = select(Prisoner).where(Prisoner.slug == slug, *writable_conditions(today))
    return db.session.scalar(statement)


def next_birthday(birth_date: date | None, today: date) -> date | None:
    """The coming birthday (today included), or None without a date of birth."""
    if birth_date is None:
        return None
    upcoming = anniversary(birth_date, today.year)
    return upcoming if upcoming >= today else anniversary(birth_date, today.year + 1)


def birthday_soon(birth_date: date | None, today: date) -> date | None:
    """The birthday if it falls within the next three weeks, else None."""
    upcoming = next_birthday(birth_date, today)
    return upcoming if upcoming and (upcoming - today).days < BIRTHDAY_WINDOW_DAYS else None


@dataclass(frozen=True)
class Candidate:
    """A person who may be suggested, with how much attention they have had."""

    slug: str
    birth_date: date | None
    attention: int


def _candidates(today: date, region: Region | None) -> list[Candidate]:
    reports = (
        select(LetterReport.prisoner_id, func.count(LetterReport.id).label("reports"))
        .group_by(LetterReport.prisoner_id)
        .subquery()
    )
    attention = func.coalesce(LetterSuggestion.suggested, 0) + func.coalesce(reports.c.reports, 0)
    statement = (
        select(Prisoner.slug, Prisoner.birth_date, attention)
        .outerjoin(LetterSuggestion, LetterSuggestion.prisoner_id == Prisoner.id)
        .outerjoin(reports, reports.c.prisoner_id == Prisoner.id)
        .where(*writable_conditions(today))
    )
    if region is not None:
        statement = statement.where(Prisoner.region == region)
    return [Candidate(slug, birth_date, total) for slug, birth_date, total in db.session.execute(statement)]


def _fairness_key(candidate: Candidate, today: date, tie_breaker: float) -> tuple:
    soon = birthday_soon(candidate.birth_date, today)
    return (soon is None, candidate.attention, (soon - today).days if soon else 0, tie_breaker)


def ranked_suggestions(today: date, *, region: Region | None = None) -> list[str]:
    """Slugs of everyone who may be suggested, fairest first (ties in random order)."""
    rng = random.SystemRandom()
    ranked = sorted(_candidates(today, region), key=lambda candidate: _fairness_key(candidate, today, rng.random()))
    return [candidate.slug for candidate in ranked]


def choose_suggestion(today: date, *, region: Region | None = None, skip: tuple[str, ...] = ()) -> str | None:
    """The slug of the person to suggest next, or None if nobody may be suggested.

    People already shown (`skip`) are passed over until everyone has been shown once.
    """
    ranked = ranked_suggestions(today, region=region)
    fresh = [slug for slug in ranked if slug not in skip]
    chosen = (fresh or ranked)[:1]
    return chosen[0] if chosen else None


def _insert_for_dialect():
    return postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert


def record_suggestion(prisoner: Prisoner, now: datetime) -> str:
    """Count one suggestion of `prisoner` and return the token its "I sent a letter" button carries; flushes."""
    insert = _insert_for_dialect()(LetterSuggestion).values(prisoner_id=prisoner.id, suggested=1, last_suggested_at=now)
    # One statement, so two visitors shown the same person at once both count.
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[LetterSuggestion.prisoner_id],
            set_={"suggested": LetterSuggestion.suggested + 1, "last_suggested_at": now},
        )
    )
    return make_token(SUGGESTION_PURPOSE, {"p": prisoner.slug, "k": secrets.token_hex(16)})


class ReportOutcome(enum.Enum):
    """What became of a click on "I sent a letter"."""

    COUNTED = "counted"
    ALREADY_COUNTED = "already-counted"
    EXPIRED = "expired"
    INVALID = "invalid"


def _read_suggestion(token: str) -> tuple[str, str]:
    payload = read_token(SUGGESTION_PURPOSE, token, max_age_seconds=SUGGESTION_MAX_AGE_SECONDS)
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), str) or not isinstance(payload.get("k"), str):
        raise BadToken()
    if len(payload["k"]) != 32:
        raise BadToken()
    return payload["p"], payload["k"]


def report_letter(token: str, today: date) -> ReportOutcome:
    """Count the letter a suggestion led to, once per suggestion; flushes."""
    try:
        slug, key = _read_suggestion(token)
    except BadToken as error:
        return ReportOutcome.EXPIRED if error.expired else ReportOutcome.INVALID
    prisoner_id = db.session.scalar(select(Prisoner.id).where(Prisoner.slug == slug))
    if prisoner_id is None:
        return ReportOutcome.INVALID
    if db.session.scalar(select(LetterReport.id).where(LetterReport.suggestion_key == key)) is not None:
        return ReportOutcome.ALREADY_COUNTED
    try:
        with db.session.begin_nested():
            db.session.add(LetterReport(suggestion_key=key, prisoner_id=prisoner_id, reported_on=today))
    except IntegrityError:
        return ReportOutcome.ALREADY_COUNTED  # a second click that arrived at the same moment
    logger.info("letter reported for prisoner %s", prisoner_id)
    return ReportOutcome.COUNTED


def letters_this_month(today: date) -> int:
    """Letters reported by everyone since the first of this month: one total, never per person."""
    first = today.replace(day=1)
    statement = select(func.count(LetterReport.id)).where(LetterReport.reported_on >= first)
    return db.session.scalar(statement) or 0


@dataclass(frozen=True)
class LetterTally:
    """Per-person counts, for editors only."""

    prisoner: Prisoner
    suggested: int
    reported: int
    reported_this_month: int


def tallies(today: date) -> list[LetterTally]:
    """Every person suggested or written to, most reported first."""
    first = today.replace(day=1)
    reports = (
        select(
            LetterReport.prisoner_id,
            func.count(LetterReport.id).label("reported"),
            func.count(LetterReport.id).filter(LetterReport.reported_on >= first).label("this_month"),
        )
        .group_by(LetterReport.prisoner_id)
        .subquery()
    )
    statement = (
        select(Prisoner, LetterSuggestion.suggested, reports.c.reported, reports.c.this_month)
        .outerjoin(LetterSuggestion, LetterSuggestion.prisoner_id == Prisoner.id)
        .outerjoin(reports, reports.c.prisoner_id == Prisoner.id)
        .where((LetterSuggestion.prisoner_id.is_not(None)) | (reports.c.prisoner_id.is_not(None)))
    )
    rows = [
        LetterTally(prisoner, suggested or 0, reported or 0, this_month or 0)
        for prisoner, suggested, reported, this_month in db.session.execute(statement)
    ]
    return sorted(rows, key=lambda tally: (-tally.reported, -tally.suggested, tally.prisoner.sort_name))


def trail(skip: list[str], shown: str) -> list[str]:
    """The people to pass over next time: those passed over so far and the one shown now."""
    return [*[slug for slug in skip if slug != shown], shown][-MAX_SKIPPED:]
