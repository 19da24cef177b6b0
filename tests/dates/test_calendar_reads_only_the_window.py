"""A week of the calendar reads only the records with a date in it, and still shows every kind of date."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.dates.conftest import LONG_HELD
from tracker.prisoners.models import EventKind


def week_from(today: date, client) -> str:
    """The first page of the calendar as it is on `today`: the week from that day."""
    with time_machine.travel(datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9), tick=False):
        return client.get("/dates").get_data(as_text=True)


def make_one_of_each_kind(make_prisoner, on: date, suffix: str) -> list[str]:
    """One person for each kind of date from the records, each with that date on `on` and no other near it.

    Returns the titles the calendar shows for them.
    """
    milestone_start = on - timedelta(days=2000)
    make_prisoner(f"Born {suffix}", birth_date=date(1980, on.month, on.day), timeline=LONG_HELD)
    make_prisoner(f"Held {suffix}", timeline=[(EventKind.DETENTION, on.replace(year=on.year - 5))])
    make_prisoner(f"Counted {suffix}", timeline=[(EventKind.DETENTION, milestone_start)])
    make_prisoner(
        f"Died {suffix}",
        timeline=[(EventKind.DETENTION, date(2019, 8, 1)), (EventKind.DEATH_IN_CUSTODY, on.replace(year=on.year - 3))],
    )
    make_prisoner(f"Heard {suffix}", timeline=[*LONG_HELD, (EventKind.TRIAL_HEARING, on)])
    make_prisoner(f"Freed {suffix}", expected_release_on=on, timeline=LONG_HELD)
    return [
        f"Birthday of Born {suffix}",
        f"5 years since Held {suffix} was detained",
        f"2,000 days since Counted {suffix} was detained",
        f"3 years since Died {suffix} died in custody",
        f"Trial hearing: Heard {suffix}",
        f"Expected release: Freed {suffix}",
    ]


def make_elsewhere(make_prisoner) -> None:
    """Someone held whose dates all fall outside every window these tests look at."""
    make_prisoner(
        "Elsewhere Person",
        birth_date=date(1980, 8, 15),
        expected_release_on=date(2028, 6, 1),
        # 1 June 2021: milestones on 26 February 2024, 22 November 2026 and 18 August 2029.
        timeline=[*LONG_HELD, (EventKind.TRIAL_HEARING, date(2027, 9, 9))],
    )


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (date(2027, 4, 1), [date(2027, 4, 2), date(2027, 4, 6)]),
        (date(2027, 12, 29), [date(2027, 12, 30), date(2028, 1, 3)]),
    ],
    ids=["a-week", "across-the-new-year"],
)
def test_each_kind_of_date_in_the_week_shows_and_records_without_one_are_not_read(
    client, make_prisoner, records_read, today, days
):
    expected = []
    for number, on in enumerate(days, start=1):
        expected += make_one_of_each_kind(make_prisoner, on, f"Person {number}")
    make_elsewhere(make_prisoner)
    page = week_from(today, client)
    for title in expected:
        assert title in page, title
    assert "Elsewhere" not in page
    assert "Elsewhere Person" not in records_read
    assert set(records_read) <= {
        f"{kind} Person {number}" for kind in ("Born", "Held", "Counted", "Died", "Heard", "Freed") for number in (1, 2)
    }


def test_a_29_february_date_shows_on_28_february_in_a_common_year(client, make_prisoner, records_read):
    make_prisoner("Leap Born", birth_date=date(1988, 2, 29), timeline=LONG_HELD)
    make_prisoner("Leap Held", timeline=[(EventKind.DETENTION, date(2016, 2, 29))])
    make_prisoner(
        "Leap Died", timeline=[(EventKind.DETENTION, date(2019, 8, 1)), (EventKind.DEATH_IN_CUSTODY, date(2024, 2, 29))]
    )
    make_elsewhere(make_prisoner)
    page = week_from(date(2027, 2, 25), client)
    for title in (
        "Birthday of Leap Born",
        "11 years since Leap Held was detained",
        "3 years since Leap Died died in custody",
    ):
        assert title in page, title
    assert '<time datetime="2027-02-28">' in page and "2027-02-29" not in page
    assert sorted(records_read) == ["Leap Born", "Leap Died", "Leap Held"]


def test_a_detention_start_that_is_not_the_custodys_own_is_not_read(client, make_prisoner, records_read):
    # A hearing on the window's day of the year, in a custody that began in June, opens nothing.
    make_prisoner("Heard Earlier", timeline=[*LONG_HELD, (EventKind.TRIAL_HEARING, date(2022, 4, 3))])
    # Re-arrested on that day after a release: the new custody's anniversary is in the window.
    make_prisoner(
        "Held Again",
        timeline=[*LONG_HELD, (EventKind.RELEASE, date(2021, 9, 1)), (EventKind.DETENTION, date(2022, 4, 3))],
    )
    page = week_from(date(2027, 4, 1), client)
    assert "5 years since Held Again was detained" in page
    assert records_read == ["Held Again"]


def test_a_year_of_dates_reads_every_named_record(app, make_prisoner, records_read):
    from tracker.dates.occurrences import upcoming_occurrences

    make_elsewhere(make_prisoner)
    with app.test_request_context():
        upcoming_occurrences(date(2027, 4, 1), date(2028, 3, 31), today=date(2027, 4, 1))
    assert records_read == ["Elsewhere Person"]
