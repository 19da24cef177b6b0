"""Public figures cannot single out a person not named: properties over generated registries."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config import TestConfig
from tracker import create_app
from tracker.counts.disclosure import (
    NOT_NAMED,
    coarsened,
    public_breakdowns,
    public_current,
    public_series,
)
from tracker.counts.services import Facts, TimelineChange, breakdowns, count_series, current_count
from tracker.prisoners.models import EventKind, Gender, Region

K = 5
TODAY = date(2026, 12, 7)
FIRST_DAY = date(2024, 1, 1)
ENDINGS = [EventKind.RELEASE, EventKind.PARDON, EventKind.DEATH_IN_CUSTODY, EventKind.EXILE]


def a_day(start: date = FIRST_DAY):
    return st.integers(0, (TODAY - start).days).map(lambda days: start + timedelta(days=days))


@st.composite
def a_record(draw, *, not_named: bool | None = None) -> Facts:
    detained_on = draw(a_day())
    timeline = [TimelineChange(detained_on, EventKind.DETENTION)]
    if draw(st.booleans()):
        timeline.append(TimelineChange(draw(a_day(detained_on)), EventKind.VERDICT))
    if draw(st.booleans()):
        timeline.append(TimelineChange(draw(a_day(timeline[-1].occurred_on)), draw(st.sampled_from(ENDINGS))))
    return Facts(
        name_withheld=draw(st.booleans()) if not_named is None else not_named,
        region=draw(st.sampled_from([Region.MOGILEV, Region.GRODNO, Region.MINSK_CITY])),
        gender=draw(st.sampled_from([Gender.FEMALE, Gender.MALE])),
        detention_place=draw(st.sampled_from(["", "Colony 4, Gomel", "Prison 8, Zhodzina"])),
        timeline=timeline,
        article_codes=draw(st.lists(st.sampled_from(["130", "342", "361"]), max_size=2, unique=True)),
    )


# A few not-named people among named ones: the registries where small cells happen.
registries = st.tuples(
    st.lists(a_record(not_named=False), max_size=12), st.lists(a_record(not_named=True), min_size=1, max_size=7)
).map(lambda parts: [*parts[0], *parts[1]])


NO_CHANGE = (0, 0, 0, 0)


def day_to_day(series) -> dict[date, tuple[int, int, int, int]]:
    """What a daily reader sees change: each day's held figure against the day before, and its columns."""
    held_before = 0
    changes = {}
    for day in series:
        changes[day.on] = (day.held - held_before, day.detained, day.released, day.died)
        held_before = day.held
    return {on: change for on, change in changes.items() if change != NO_CHANGE}


def named_only(facts: list[Facts]) -> list[Facts]:
    return [record for record in facts if not record.name_withheld]


def added_not_named(shown_held: int, named_held: int) -> int:
    """How many people not named a reader finds in a shown figure by subtracting the named ones."""
    return shown_held - named_held


@settings(max_examples=120, deadline=None)
@given(registries)
def test_no_public_cell_that_includes_a_person_not_named_counts_fewer_than_k(facts):
    named = named_only(facts)
    current = public_current(TODAY, facts, K)
    assert added_not_named(current.held, current_count(TODAY, named).held) in {0} | set(range(K, 100))
    assert current.not_named == 0 or current.not_named >= K

    named_days = {day.on: day for day in count_series(TODAY, facts=named)}
    for day in public_series(TODAY, facts, K):
        named_day = named_days.get(day.on)
        named_held = named_day.held if named_day else 0
        assert added_not_named(day.held, named_held) in {0} | set(range(K, 100)), day
        # Daily changes are named people's only: the not-named never make a day's "+1".
        assert (day.detained, day.released, day.died) == (
            (named_day.detained, named_day.released, named_day.died) if named_day else (0, 0, 0)
        )

    exact_named = breakdowns(TODAY, named)
    for key, rows in public_breakdowns(TODAY, facts, K).items():
        attribute_rows = [row for row in rows if row[0] != NOT_NAMED]
        assert attribute_rows == exact_named[key], "a person not named moved an attribute's cell"
        for value, count in rows:
            if value == NOT_NAMED:
                assert count is None or count >= K


@settings(max_examples=120, deadline=None)
@given(registries, a_record(not_named=True), st.booleans())
def test_one_not_named_change_moves_the_series_only_from_the_first_of_the_next_month(facts, person, add_release):
    if add_release:
        released_on = person.timeline[0].occurred_on + timedelta(days=10)
        person.timeline = [person.timeline[0], TimelineChange(released_on, EventKind.RELEASE)]
    before = day_to_day(public_series(TODAY, facts, K))
    after = day_to_day(public_series(TODAY, [*facts, person], K))
    moved = sorted(on for on in before.keys() | after.keys() if before.get(on, NO_CHANGE) != after.get(on, NO_CHANGE))
    for on in moved:
        assert on.day == 1, "a not-named change showed on a day that was not a month's first"
        assert on >= coarsened(person.timeline[0].occurred_on)

    exact_before = public_breakdowns(TODAY, facts, K)
    exact_after = public_breakdowns(TODAY, [*facts, person], K)
    for key in exact_before:
        named_rows = [row for row in exact_before[key] if row[0] != NOT_NAMED]
        assert named_rows == [row for row in exact_after[key] if row[0] != NOT_NAMED]


def test_a_not_named_detention_enters_on_the_first_day_of_the_following_month():
    person = Facts(True, Region.GRODNO, Gender.FEMALE, "", [TimelineChange(date(2026, 3, 14), EventKind.DETENTION)])
    others = [
        Facts(True, Region.MOGILEV, Gender.MALE, "", [TimelineChange(date(2025, 1, 5), EventKind.DETENTION)])
        for _ in range(K)
    ]
    series = {day.on: day.held for day in public_series(TODAY, [*others, person], K)}
    assert series[date(2026, 3, 14)] == series[date(2026, 3, 31)] == K
    assert series[date(2026, 4, 1)] == K + 1
    assert coarsened(date(2026, 12, 31)) == date(2027, 1, 1)


def test_fewer_than_k_people_not_named_are_said_beside_the_count_never_added_into_it():
    named = Facts(False, Region.MINSK_CITY, Gender.MALE, "", [TimelineChange(date(2024, 1, 5), EventKind.DETENTION)])
    hidden = Facts(True, Region.GRODNO, Gender.FEMALE, "", [TimelineChange(date(2024, 1, 5), EventKind.DETENTION)])
    current = public_current(TODAY, [named, hidden], K)
    assert (current.held, current.not_named, current.not_named_fewer_than) == (1, 0, K)
    tables = public_breakdowns(TODAY, [named, hidden], K)
    assert tables["region"] == [("minsk-city", 1), (NOT_NAMED, None)]
    assert tables["gender"] == [("male", 1), (NOT_NAMED, None)]


def test_the_app_refuses_to_start_with_a_threshold_that_publishes_one_person():
    class OneIsEnough(TestConfig):
        DISCLOSURE_MIN_CELL = 1

    with pytest.raises(RuntimeError, match="at least 2"):
        create_app(OneIsEnough)
