"""Fixtures for the calendar's tests: which records a request reads."""

from datetime import date

import pytest
from sqlalchemy import event

from tracker.prisoners.models import EventKind, Prisoner

# Held since before any window the calendar's tests look at, with no date of its own in them.
LONG_HELD = [(EventKind.DETENTION, date(2021, 6, 1))]


@pytest.fixture
def records_read(app):
    """The English names of the prisoner records loaded from the database, in the order they were read."""
    names: list[str] = []

    def loaded(prisoner: Prisoner, _context) -> None:
        names.append(prisoner.name_en)

    event.listen(Prisoner, "load", loaded)
    yield names
    event.remove(Prisoner, "load", loaded)
