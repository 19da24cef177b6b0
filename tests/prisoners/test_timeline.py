from datetime import date

from tracker.prisoners.models import EventKind, Status, TimelineEntry
from tracker.prisoners.timeline import custody_periods, status_from_entries


def entries(*items):
    made = []
    for number, (kind, on, *published) in enumerate(items, start=1):
        made.append(TimelineEntry(id=number, kind=kind, occurred_on=on, published=published[0] if published else True))
    return made


def test_status_follows_the_timeline_up_to_the_given_day():
    timeline = entries(
        (EventKind.DETENTION, date(2021, 1, 10)),
        (EventKind.CHARGE, date(2021, 1, 20)),
        (EventKind.VERDICT, date(2021, 6, 1)),
        (EventKind.RELEASE, date(2023, 6, 1)),
    )
    assert status_from_entries(timeline, on=date(2021, 1, 1)) == Status.UNKNOWN
    assert status_from_entries(timeline, on=date(2021, 1, 10)) == Status.DETAINED
    assert status_from_entries(timeline, on=date(2021, 3, 1)) == Status.AWAITING_TRIAL
    assert status_from_entries(timeline, on=date(2022, 1, 1)) == Status.SENTENCED
    assert status_from_entries(timeline, on=date(2024, 1, 1)) == Status.RELEASED


def test_transfer_and_appeal_keep_the_status():
    timeline = entries(
        (EventKind.DETENTION, date(2021, 1, 10)),
        (EventKind.VERDICT, date(2021, 6, 1)),
        (EventKind.APPEAL, date(2021, 7, 1)),
        (EventKind.TRANSFER, date(2021, 8, 1)),
    )
    assert status_from_entries(timeline, on=date(2022, 1, 1)) == Status.SENTENCED


def test_held_back_release_is_invisible_publicly_but_known_to_editors():
    timeline = entries((EventKind.DETENTION, date(2021, 1, 10)), (EventKind.PARDON, date(2024, 7, 3), False))
    assert status_from_entries(timeline, on=date(2025, 1, 1), public=True) == Status.DETAINED
    assert status_from_entries(timeline, on=date(2025, 1, 1), public=False) == Status.RELEASED


def test_rearrest_after_release_gives_two_custody_periods():
    timeline = entries(
        (EventKind.DETENTION, date(2020, 8, 10)),
        (EventKind.RELEASE, date(2020, 8, 25)),
        (EventKind.DETENTION, date(2021, 3, 1)),
        (EventKind.VERDICT, date(2021, 9, 1)),
    )
    periods = custody_periods(timeline)
    assert [(p.start, p.end) for p in periods] == [(date(2020, 8, 10), date(2020, 8, 25)), (date(2021, 3, 1), None)]


def test_death_in_custody_ends_the_period():
    timeline = entries((EventKind.DETENTION, date(2020, 9, 18)), (EventKind.DEATH_IN_CUSTODY, date(2021, 5, 21)))
    (period,) = custody_periods(timeline)
    assert period.end == date(2021, 5, 21)
    assert period.ended_by == EventKind.DEATH_IN_CUSTODY
    assert status_from_entries(timeline, on=date(2022, 1, 1)) == Status.DIED_IN_CUSTODY
