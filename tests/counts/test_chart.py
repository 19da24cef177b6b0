"""The count chart's step line: exact for a few changes, one pixel column at a time for many."""

import re
from datetime import date, timedelta

from tracker.counts.chart import chart_geometry
from tracker.counts.services import DayCount

START = date(2020, 12, 1)


def series_of(counts: list[int]) -> list[DayCount]:
    """One DayCount per day from START."""
    return [DayCount(START + timedelta(days=n), held, 0, 0, 0) for n, held in enumerate(counts)]


def points(path: str) -> list[tuple[int, int]]:
    """The (x, y) corners a path of M, h and v commands visits."""
    x = y = 0
    visited = []
    for command, value in re.findall(r"([MhvHV])(-?[\d,]+)", path):
        if command == "M":
            x, y = map(int, value.split(","))
        elif command == "h":
            x += int(value)
        elif command == "v":
            y += int(value)
        elif command == "H":
            x = int(value)
        else:
            y = int(value)
        visited.append((x, y))
    return visited


def test_a_few_changes_are_drawn_exactly_where_they_happen():
    geometry = chart_geometry(series_of([2, 2, 5, 5, 5, 3]))
    # The plot's own units, whole: y = 208 × (1 − held / 6), x = 720 × day / 5; each move relative.
    assert geometry.path == "M0,139h288v-104h432v69"
    assert points(geometry.path) == [(0, 139), (288, 139), (288, 35), (720, 35), (720, 104)]
    assert geometry.area_path == geometry.path + "V208H0Z"


def test_a_count_that_changes_every_day_is_drawn_once_per_pixel_column():
    # Six years of daily changes with one single-day peak: far more days than pixel columns.
    counts = [1000 + n for n in range(2200)]
    counts[1500] = 9000
    geometry = chart_geometry(series_of(counts))
    visited = points(geometry.path)
    xs = [x for x, _y in visited]
    assert xs == sorted(xs)  # the line only moves right
    assert len(geometry.path) < 6_000
    assert len({int(x) for x in xs}) <= geometry.plot_width + 1
    # The one-day peak is still the line's highest point, and the line ends at the last count.
    peak_y = min(y for _x, y in visited)
    assert peak_y == round(geometry.plot_height * (1 - 9000 / 10000))
    assert visited[-1] == (720, round(geometry.plot_height * (1 - counts[-1] / 10000)))
