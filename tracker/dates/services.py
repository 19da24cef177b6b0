"""Commemorative date operations."""

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.extensions import db

logger = logging.getLogger(__name__)


class DateError(ValueError):
    """A commemorative date that cannot be saved as given."""


def list_dates() -> list[CommemorativeDate]:
    """Every commemorative date, by name."""
    return list(db.session.scalars(select(CommemorativeDate).order_by(CommemorativeDate.name)))


def upcoming_dates(today: date, *, limit: int | None = None) -> list[tuple[CommemorativeDate, date]]:
    """The next occurrence of every date still ahead, soonest first."""
    upcoming = [(item, item.next_occurrence(today)) for item in list_dates()]
    upcoming = sorted(((item, on) for item, on in upcoming if on), key=lambda pair: pair[1])
    return upcoming[:limit] if limit else upcoming


def save_date(
    commemorative_date: CommemorativeDate | None,
    *,
    name: str,
    slug: str,
    description: str,
    recurrence: Recurrence,
    month: int | None,
    day: int | None,
    on_date: date | None,
    timezone: str,
    prisoner_id: int | None,
    translations: dict[str, dict[str, str]] | None = None,
) -> CommemorativeDate:
    """Create or update a date (`translations`: other languages by field); raises DateError if the slug is taken."""
    # Deleted dates keep their slug (a restore brings them back), so they count as clashes too.
    clash = db.session.scalar(
        select(CommemorativeDate).where(CommemorativeDate.slug == slug).execution_options(include_deleted=True)
    )
    if clash is not None and clash is not commemorative_date:
        raise DateError(_l("Another date already uses this short name."))
    if commemorative_date is None:
        commemorative_date = CommemorativeDate(revision=0)
        db.session.add(commemorative_date)
    else:
        commemorative_date.revision = (commemorative_date.revision or 0) + 1
    annual = recurrence == Recurrence.ANNUAL
    commemorative_date.name = name.strip()
    commemorative_date.description = description.strip()
    for field, by_language in (translations or {}).items():
        commemorative_date.set_translations(field, by_language)
    commemorative_date.slug = slug
    commemorative_date.recurrence = recurrence
    commemorative_date.month = month if annual else None
    commemorative_date.day = day if annual else None
    commemorative_date.on_date = None if annual else on_date
    commemorative_date.timezone = timezone
    commemorative_date.prisoner_id = prisoner_id
    db.session.flush()
    logger.info("saved commemorative date %s", commemorative_date.id)
    return commemorative_date
