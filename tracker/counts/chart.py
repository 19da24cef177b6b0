"""Geometry for the server-rendered SVG step chart of the count over time."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby, pairwise

from tracker.counts.services import DayCount


@dataclass(frozen=True)
class Tick:
    """An axis label and where it sits."""

    position: float
    label: str | int | date


@dataclass(frozen=True)
class ChartGeometry:
    """Everything the SVG template draws; sizes in SVG user units."""

    width: int
    height: int
    left: int
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


def _steps(series: list[DayCount], x: Callable[[date], float], y: Callable[[int], float]) -> Iterator[str]:
    """The step line's path commands: a step where the count changes, at most one per pixel column.

    A registry that changes every day has more days than the chart has pixels, and a step
    narrower than a pixel cannot be seen, only sent (every day drawn made the home page 60 KB).
    A column with several changes steps to its highest count, so no peak is lost, then to the
    count it ends with at the next column.
    """
    yield f"M{x(series[0].on)},{y(series[0].held)}"
    changes = [day for before, day in pairwise(series) if day.held != before.held]
    for column, in_column in groupby(changes, key=lambda day: int(x(day.on))):
        days = list(in_column)
        highest = max(day.held for day in days)
        yield f"H{x(days[0].on)}V{y(highest)}"
        if days[-1].held != highest:
            yield f"H{min(column + 1, x(series[-1].on))}V{y(days[-1].held)}"
    yield f"H{x(series[-1].on)}"


def chart_geometry(series: list[DayCount], *, width: int = 720, height: int = 260) -> ChartGeometry | None:
    """Lay out a step line of `held` per day; points only where the count changes."""
    if not series:
        return None
    left, top, right, bottom = 56, 12, 12, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    step = _nice_step(max(day.held for day in series))
    y_max = step * max(1, -(-max(day.held for day in series) // step))
    days = max(1, (series[-1].on - series[0].on).days)

    def x(on: date) -> float:
        return round(left + plot_width * (on - series[0].on).days / days, 1)

    def y(value: int) -> float:
        return round(top + plot_height * (1 - value / y_max), 1)

    path = "".join(_steps(series, x, y))
    baseline = top + plot_height
    area_path = f"{path}V{baseline}H{left}Z"

    y_ticks = [Tick(y(value), value) for value in range(0, y_max + 1, step)]
    years = sorted({day.on.year for day in series})
    if len(years) > 1:
        x_ticks = [Tick(x(date(year, 1, 1)), year) for year in years if date(year, 1, 1) >= series[0].on]
    else:
        x_ticks = [Tick(x(series[0].on), series[0].on), Tick(x(series[-1].on), series[-1].on)]
    return ChartGeometry(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        path=path,
        area_path=area_path,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        first=series[0],
        last=series[-1],
        peak=max(series, key=lambda day: day.held),
    )
