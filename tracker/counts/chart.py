"""Geometry for the server-rendered SVG step chart of the count over time."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby, pairwise

from tracker.counts.services import DayCount


@dataclass(frozen=True)
class Tick:
    """An axis label and where it sits: y in pixels, x in percent of the chart's width."""

    position: float
    label: str | int | date
    anchor: str = "middle"
    minor: bool = False


@dataclass(frozen=True)
class ChartGeometry:
    """Everything the SVG template draws.

    The chart is as wide as the page and `height` pixels tall. Its labels are drawn in real pixels
    (a chart scaled down to a phone would shrink them to 5 px), and only the plot — the line and
    its area, in `plot_width` × `plot_height` units starting `top` pixels down — stretches.
    """

    height: int
    top: int
    plot_width: int
    plot_height: int
    path: str
    area_path: str
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    first: DayCount | None = None
    last: DayCount | None = None
    peak: DayCount | None = None


def _nice_step(maximum: int, steps: int = 4) -> int:
    raw = max(1, maximum / steps)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def _corners(series: list[DayCount], x: Callable[[date], int], y: Callable[[int], int]) -> Iterator[tuple[int, int]]:
    """The step line's corners: a step where the count changes, at most one per pixel column.

    A registry that changes every day has more days than the chart has pixels, and a step
    narrower than a pixel cannot be seen, only sent (every day drawn made the home page 60 KB).
    A column with several changes steps to its highest count, so no peak is lost, then to the
    count it ends with at the next column.
    """
    at_y = y(series[0].held)
    yield x(series[0].on), at_y
    changes = [day for before, day in pairwise(series) if day.held != before.held]
    for column, in_column in groupby(changes, key=lambda day: x(day.on)):
        days = list(in_column)
        highest = y(max(day.held for day in days))
        yield column, at_y
        yield column, highest
        at_y = highest
        if days[-1].held != max(day.held for day in days):
            step_back = min(column + 1, x(series[-1].on))
            yield step_back, at_y
            at_y = y(days[-1].held)
            yield step_back, at_y
    yield x(series[-1].on), at_y


def _path(corners: Iterator[tuple[int, int]]) -> str:
    """Path data through the corners, each move relative to the last: whole units take the fewest bytes."""
    (start_x, start_y), *rest = corners
    parts = [f"M{start_x},{start_y}"]
    at_x, at_y = start_x, start_y
    for corner_x, corner_y in rest:
        if corner_x != at_x:
            parts.append(f"h{corner_x - at_x}")
        if corner_y != at_y:
            parts.append(f"v{corner_y - at_y}")
        at_x, at_y = corner_x, corner_y
    return "".join(parts)


def _x_ticks(series: list[DayCount], x: Callable[[date], float], plot_width: int) -> list[Tick]:
    """Years along the bottom (every other one minor, for a phone to leave out), or the two ends."""
    years = sorted({day.on.year for day in series})
    if len(years) > 1:
        starts = [date(year, 1, 1) for year in years if date(year, 1, 1) >= series[0].on]
        marks = [(on, on.year) for on in starts]
    else:
        marks = [(series[0].on, series[0].on), (series[-1].on, series[-1].on)]
    ticks = []
    for index, (on, label) in enumerate(marks):
        percent = round(100 * x(on) / plot_width, 1)
        anchor = "start" if percent < 5 else "end" if percent > 95 else "middle"
        # The newest label always shows; older ones alternate from it.
        minor = len(marks) > 4 and (len(marks) - 1 - index) % 2 == 1
        ticks.append(Tick(percent, label, anchor, minor))
    return ticks


def chart_geometry(series: list[DayCount], *, width: int = 720, height: int = 260) -> ChartGeometry | None:
    """Lay out a step line of `held` per day; points only where the count changes."""
    if not series:
        return None
    top, bottom = 24, 28
    plot_width, plot_height = width, height - top - bottom
    step = _nice_step(max(day.held for day in series))
    y_max = step * max(1, -(-max(day.held for day in series) // step))
    days = max(1, (series[-1].on - series[0].on).days)

    # Whole units: the plot is 720 units across any width and plot_height pixels tall.
    def x(on: date) -> int:
        return round(plot_width * (on - series[0].on).days / days)

    def y(value: int) -> int:
        return round(plot_height * (1 - value / y_max))

    path = _path(_corners(series, x, y))
    area_path = f"{path}V{plot_height}H0Z"
    y_ticks = [Tick(round(top + y(value), 1), value) for value in range(0, y_max + 1, step)]
    return ChartGeometry(
        height=height,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        path=path,
        area_path=area_path,
        y_ticks=y_ticks,
        x_ticks=_x_ticks(series, x, plot_width),
        first=series[0],
        last=series[-1],
        peak=max(series, key=lambda day: day.held),
    )
