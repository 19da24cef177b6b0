"""The count chart's step line: exact for a few changes, one pixel column at a time for many."""

import re
from datetime import date, timedelta

from tracker.counts.chart import chart_geometry
from tracker.counts.services import DayCount

START = date(2020, 12, 1)


def series_of(counts: list[int]) -> list[DayCount]:
    """One DayCount per day from START."""
    return [DayCount(START + timedelta(days=n), held, 0, 0, 0) for n, held in enumerate(counts)]


def points(path: str) -> list[tuple[float, float]]:
    """The (x, y) corners a path of M, H and V commands visits."""
    x = y = 0.0
    visited = []
    for command, value in re.findall(r"([MHV])([\d.,]+)", path):
        if command == "M":
            x, y = map(float, value.split(","))
        elif command == "H":
            x = float(value)
        else:
            y = float(value)
        visited.append((x, y))
    return visited


def test_a_few_changes_are_drawn_exactly_where_they_happen():
    geometry = chart_geometry(series_of([2, 2, 5, 5, 5, 3]))
    # The plot's own units: y = 208 × (1 − held / 6), x = 720 × day / 5.
    assert geometry.path == "M0.0,138.7H288.0V34.7H720.0V104.0H720.0"
    assert geometry.area_path == geometry.path + "V208H0Z"


def test_a_count_that_changes_every_day_is_drawn_once_per_pixel_column():
    # Six years of daily changes with one single-day peak: far more days than pixel columns.
    counts = [1000 + n for n in range(2200)]
    counts[1500] = 9000
    geometry = chart_geometry(series_of(counts))
    visited = points(geometry.path)
    xs = [x for x, _y in visited]
    assert xs == sorted(xs)  # the line only moves right
    assert len(geometry.path) < 15_000
    assert len({int(x) for x in xs}) <= geometry.plot_width + 1
    # The one-day peak is still the line's highest point, and the line ends at the last count.
    peak_y = min(y for _x, y in visited)
    assert round(peak_y, 1) == round(geometry.plot_height * (1 - 9000 / 10000), 1)
    assert visited[-1] == (720.0, round(geometry.plot_height * (1 - counts[-1] / 10000), 1))
