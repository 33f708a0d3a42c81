"""The geometry of a series chart for the HTML report: axes, ticks, lines and marks, computed
here and drawn as inline SVG by the report's template (which escapes every text).

A figure is drawn over the period it is read as (a year is a bar across the year, a day a
point), a lower- and upper-bound pair as a range, a flagged figure (one a finding names) as a
numbered diamond; labels that would collide with one drawn before move below their mark, or
are left out (the table under the chart has every value).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tekser.package.descriptor import Row
from tekser.render.labels import group_digits, unit_words

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 70, 24, 30, 32
CHAR = 6.2  # about the width of one character of an 11px label, in chart units
BOUNDS = ("lower-bound", "upper-bound")
DASHES = ("", "6 4", "2 3")
Scale = Callable[[float], float]


@dataclass(slots=True)
class Mark:
    """One figure, or one range, on the chart."""

    figure_ids: list[str]
    x: float
    y: float
    x0: float  # the period's extent as read
    x1: float
    y_high: float | None = None  # a range: from y (the lower bound) to y_high
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    severity: str = ""  # the worst finding that names it; empty when none
    numbers: str = ""  # the findings' numbers, as the report numbers them
    link: str = ""
    tooltip: str = ""
    was_y: float | None = None  # the value before a curator's correction

    @property
    def diamond(self) -> str:
        size = 7
        x, y = self.x, self.y
        return f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"


@dataclass(slots=True)
class Chart:
    series_id: str
    label: str
    unit: str
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # points, dash pattern
    marks: list[Mark] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def _day(text: str) -> int | None:
    try:
        return date.fromisoformat(text).toordinal()
    except (TypeError, ValueError):
        return None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def tick_text(value: float) -> str:
    whole = round(value)
    return group_digits(str(whole)) if abs(value - whole) < 1e-9 else f"{value:g}"


def periods(rows: list[Row]) -> list[tuple[str, str]]:
    """The distinct periods of a series' figures, in order."""
    found = {(row.get("period_start", ""), row.get("period_end", "")) for row in rows}
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Flag:
    """What a flagged figure shows: the findings' numbers, the worst severity, a link."""

    numbers: str
    severity: str
    link: str
    tooltip: str


def build_chart(series_id: str, rows: list[Row], flags: dict[str, Flag]) -> Chart | None:
    """The chart of a series, or None when it has fewer than two periods (a row, not a
    chart) or no readable value."""
    placed = []
    for row in rows:
        start, end = _day(row.get("period_start", "")), _day(row.get("period_end", ""))
        value = _number(row.get("value"))
        if start is not None and value is not None:
            placed.append((start, end if end is not None and end >= start else start, value, row))
    if len({(start, end) for start, end, _, _ in placed}) < 2:
        return None
    values = [value for _, _, value, _ in placed]
    values += [v for *_, row in placed if (v := _was(row)) is not None]
    low_day = min(start for start, _, _, _ in placed)
    high_day = max(end for _, end, _, _ in placed)
    pad = max((high_day - low_day) * 0.05, 120)
    low_day, high_day = int(low_day - pad), math.ceil(high_day + pad)
    low_value = min(0.0, min(values))
    top = max(values)
    step = nice_step(max(top - low_value, 1e-9) * 1.1)
    high_value = math.ceil(top * 1.1 / step) * step or step
    low_value = math.floor(low_value / step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: float) -> float:
        return round(LEFT + (day - low_day) / (high_day - low_day) * plot_w, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h - (value - low_value) / (high_value - low_value) * plot_h, 1)

    first = placed[0][3]
    chart = Chart(
        series_id=series_id,
        unit=unit_words(first),
        label=f"Series {series_id}: {len(placed)} figure(s) over time",
    )
    tick = low_value
    while tick <= high_value + step / 2:
        chart.y_ticks.append((y(tick), tick_text(tick)))
        tick += step
    first_year, last_year = date.fromordinal(low_day).year, date.fromordinal(high_day).year
    stride = max(1, math.ceil((last_year - first_year + 1) / 10))
    for year in range(first_year, last_year + 1):
        day = date(year, 1, 1).toordinal()
        if low_day <= day <= high_day and not (year - first_year) % stride:
            chart.x_ticks.append((x(day), str(year)))

    # Lines join the figures of one statistic (a count, say) in time; bounds are ranges.
    by_statistic: dict[str, list[tuple[float, float]]] = {}
    for start, end, value, row in placed:
        statistic = row.get("statistic", "")
        if statistic not in BOUNDS:
            by_statistic.setdefault(statistic, []).append((x((start + end) / 2), y(value)))
    for number, points in enumerate(by_statistic.values()):
        if len(points) > 1:
            line = " ".join(f"{px},{py}" for px, py in sorted(points))
            chart.lines.append((line, DASHES[number % len(DASHES)]))

    chart.marks = _marks(placed, flags, x, y)
    _place_labels(chart.marks, len(placed) <= 16)
    return chart


def _was(row: Row) -> float | None:
    return _number(row.get("value_normalised")) if row.get("status") == "corrected" else None


def _marks(
    placed: list[tuple[int, int, float, Row]], flags: dict[str, Flag], x: Scale, y: Scale
) -> list[Mark]:
    """One mark per figure, except a lower- and upper-bound pair of one period: one range."""
    ranges: dict[tuple[int, int], dict[str, tuple[float, Row]]] = {}
    for start, end, value, row in placed:
        if row.get("statistic") in BOUNDS:
            ranges.setdefault((start, end), {})[row["statistic"]] = (value, row)
    marks = []
    for start, end, value, row in sorted(placed, key=lambda p: (p[0], p[2])):
        statistic = row.get("statistic", "")
        pair = ranges.get((start, end), {})
        if statistic in BOUNDS and len(pair) == 2:
            if statistic == "upper-bound":
                continue  # drawn with its lower bound
            high, upper = pair["upper-bound"]
            ids = [row.get("figure_id", ""), upper.get("figure_id", "")]
            mark = Mark(
                ids,
                x((start + end) / 2),
                y(value),
                x(start),
                x(end),
                y_high=y(high),
                label=f"{tick_text(value)}–{tick_text(high)}",
            )
        else:
            sign = {"lower-bound": "≥ ", "upper-bound": "≤ ", "approximate": "≈ "}
            mark = Mark(
                [row.get("figure_id", "")],
                x((start + end) / 2),
                y(value),
                x(start),
                x(end),
                label=sign.get(statistic, "") + tick_text(value),
            )
        was = _was(row)
        if was is not None:
            mark.was_y = y(was)
        named = [flags[i] for i in mark.figure_ids if i in flags]
        if named:
            order = ("critical", "warning", "info")
            mark.severity = min((f.severity for f in named), key=order.index)
            mark.numbers = ",".join(f.numbers for f in named)
            mark.link = named[0].link
            mark.tooltip = "\n".join(f.tooltip for f in named)
            mark.label += f" ⚑{mark.numbers}"
        marks.append(mark)
    return marks


def _place_labels(marks: list[Mark], labelled: bool) -> None:
    """Each label above its mark (right of it, or left near the right edge); below it when
    that collides with a label already placed; left out when both do (flagged ones are kept)."""
    taken: list[tuple[float, float, float, float]] = []
    for mark in marks:
        if not labelled and not mark.severity:
            mark.label = ""
            continue
        width = len(mark.label) * CHAR
        right = mark.x > WIDTH - RIGHT - width - 10
        mark.anchor = "end" if right else "start"
        left_x = mark.x - 8 - width if right else mark.x + 8
        mark.label_x = round(mark.x - 8 if right else mark.x + 8, 1)
        top_y = mark.y_high if mark.y_high is not None else mark.y
        for candidate in (top_y - 8, mark.y + 16):
            box = (left_x, candidate - 10, left_x + width, candidate + 2)
            if not any(_overlap(box, other) for other in taken):
                mark.label_y = round(candidate, 1)
                taken.append(box)
                break
        else:
            if mark.severity:
                mark.label_y = round(top_y - 8, 1)
            else:
                mark.label = ""


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
