"""Server-rendered SVG bar charts for the staff console: plain geometry, drawn by a template,
each chart shown beside its data as a table (so nothing is only in the picture)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 160, 44, 24, 10
WEEKLY_AFTER_DAYS = 62  # longer ranges are counted by week so bars stay readable


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.first.strftime("%-d %b %Y")
        return f"week from {self.first.strftime('%-d %b %Y')}"


def periods(first: dt.date, last: dt.date) -> list[Period]:
    """Each day from `first` to `last`, or each week (from `first`) when the range is long."""
    step = 7 if (last - first).days + 1 > WEEKLY_AFTER_DAYS else 1
    out, day = [], first
    while day <= last:
        out.append(Period(day, min(day + dt.timedelta(days=step - 1), last)))
        day += dt.timedelta(days=step)
    return out


def per_period(counts: dict[dt.date, int], spans: list[Period]) -> list[int]:
    """Daily counts added up into `spans`."""
    return [sum(n for day, n in counts.items() if span.first <= day <= span.last) for span in spans]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    top: int  # the value at the top of the axis
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    first_label: str = ""
    last_label: str = ""

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def _nice_top(value: int) -> int:
    for top in (1, 2, 5, 10):
        if value <= top:
            return top
    magnitude = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return value  # not reached


def bar_chart(title: str, labels: list[str], values: list[int]) -> Chart:
    """A bar per value, scaled so the largest fits under a round top value."""
    top = _nice_top(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(values), 1)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top
        bars.append(
            Bar(
                x=round(LEFT + i * slot + slot * 0.1, 2),
                y=round(HEIGHT - BOTTOM - h, 2),
                width=round(max(slot * 0.8, 1), 2),
                height=round(h, 2),
                label=label,
                value=value,
            )
        )
    return Chart(
        title=title,
        bars=bars,
        top=top,
        first_label=labels[0] if labels else "",
        last_label=labels[-1] if labels else "",
    )
