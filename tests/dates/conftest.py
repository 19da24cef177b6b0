"""Fixtures for the calendar's tests: many records at once."""

from datetime import date

import pytest

from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry

# Held since before any window the calendar's tests look at, with no date of its own in them.
LONG_HELD = [(EventKind.DETENTION, date(2021, 6, 1))]


@pytest.fixture
def make_birthdays(app):
    """Add `count` people held now, born on `on` (of another year): make_birthdays(300, date(2027, 4, 3))."""

    def make(count: int, on: date, name: str = "Birthday Person") -> None:
        with app.app_context():
            for number in range(1, count + 1):
                prisoner = Prisoner(name_en=f"{name} {number:03d}", birth_date=on.replace(year=1980))
                prisoner.timeline = [TimelineEntry(kind=kind, occurred_on=day) for kind, day in LONG_HELD]
                db.session.add(prisoner)
            db.session.commit()

    return make
