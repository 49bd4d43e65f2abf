"""Small inline-SVG charts (matplotlib, Agg canvas, no pyplot global state).

Output is deterministic: a fixed per-chart `svg.hashsalt` and no date in the metadata. Text stays
text (`svg.fonttype: none`: small, selectable, read by screen readers), and every id is prefixed
with the chart key so several charts can share one HTML page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from reports.figures import Series
from reports.phrases import (
    format_count,
    format_minutes,
    format_rate,
    month_label,
    short_month_label,
)

INK = "#1f2a44"
COLOURS = ("#1f4e79", "#c55a11", "#548235")
BAR = "#b4c7e7"
BAR_CURRENT = "#1f4e79"
GRID = "#d9d9d9"
SIZE_INCHES = (4.2, 2.3)

_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 7.5,
    "axes.edgecolor": "#7f7f7f",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt: str
    svg: str  # inline <svg> markup with <title> and <desc>
    # The figure, drawn again as a picture only for a format that needs one (reports/word.py).
    figure: Figure | None = field(default=None, repr=False, compare=False)

    @property
    def png(self) -> bytes:
        return _png(self.figure) if self.figure is not None else b""


def _trim(*series: Series) -> tuple[Series, ...]:
    """Drop the leading months in which no series has data (history before the first load)."""
    starts = [i for s in series for i, v in enumerate(s.values) if v is not None]
    start = min(starts, default=0)
    return tuple(Series(s.months[start:], s.values[start:]) for s in series)


def _points(series: Series) -> list[tuple[date, float]]:
    return [(m, v) for m, v in zip(series.months, series.values, strict=True) if v is not None]


def _x(series: Series) -> list[float]:
    return list(range(len(series.months)))


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _describe(name: str, series: Series, fmt: Callable[[float], str]) -> str:
    points = _points(series)
    if not points:
        return f"{name}: no data."
    (first_m, first), (last_m, last) = points[0], points[-1]
    gaps = len(series.values) - len(points)
    gap_text = f" ({gaps} months not available)" if gaps else ""
    return (
        f"{name}: {fmt(first)} in {month_label(first_m)}, {fmt(last)} in {month_label(last_m)}"
        f"{gap_text}."
    )


def _axes(fig: Figure, months: Sequence[date]) -> Axes:
    ax = fig.add_subplot()
    ticks = [i for i, m in enumerate(months) if (len(months) - 1 - i) % 3 == 0]
    ax.set_xticks(ticks, [short_month_label(months[i]) for i in ticks])
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlim(-0.6, len(months) - 0.4)
    return ax


def _legend_above(ax: Axes, handles: list[Any], labels: list[str]) -> None:
    ax.legend(
        handles, labels, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2,
        borderaxespad=0.2,
    )  # fmt: skip


def _svg(fig: Figure, key: str, title: str, alt: str) -> str:
    FigureCanvasAgg(fig)
    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": f"pcp-{key}"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<!--.*?-->|<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r"(\bid=\"|url\(#|href=\"#)([^\")]+)", rf"\g<1>{key}-\g<2>", text)
    open_tag = re.match(r"<svg[^>]*>", text)
    assert open_tag is not None
    tag = re.sub(r'\s(width|height)="[^"]*"', "", open_tag.group(0))
    tag = tag.replace(
        "<svg", f'<svg role="img" aria-labelledby="{key}-title {key}-desc" class="chart-svg"', 1
    )
    labels = (
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(alt)}</desc>'
    )
    return tag + labels + text[open_tag.end() :].strip()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(_STYLE):
        fig.savefig(buffer, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _chart(fig: Figure, key: str, title: str, alt: str) -> Chart:
    return Chart(key, title, alt, _svg(fig, key, title, alt), fig)


def _new_figure() -> Figure:
    with matplotlib.rc_context(_STYLE):
        return Figure(figsize=SIZE_INCHES)


def line_chart(
    key: str,
    title: str,
    lines: dict[str, Series],
    fmt: Callable[[float], str],
    y_label: str,
) -> Chart | None:
    """One or more monthly lines sharing an axis. None when no line has two points to join."""
    if not any(len(_points(s)) >= 2 for s in lines.values()):
        return None
    lines = dict(zip(lines, _trim(*lines.values()), strict=True))
    months = next(iter(lines.values())).months
    with matplotlib.rc_context(_STYLE):
        fig = _new_figure()
        ax = _axes(fig, months)
        for (name, series), colour in zip(lines.items(), COLOURS, strict=False):
            ax.plot(
                _x(series),
                _nan(series.values),
                color=colour,
                linewidth=1.6,
                label=name,
                marker="o",
                markersize=2,
            )
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v)))
        ax.set_ylabel(y_label)
        if len(lines) > 1:
            _legend_above(ax, *ax.get_legend_handles_labels())
    alt = " ".join(
        [f"Line chart by month, {_span(months)}."]
        + [_describe(name, s, fmt) for name, s in lines.items()]
    )
    return _chart(fig, key, title, alt)


def bar_line_chart(
    key: str,
    title: str,
    bars: tuple[str, Series],
    line: tuple[str, Series],
) -> Chart | None:
    """Monthly counts as bars (reporting month darker), a rolling total as a line on a 2nd axis."""
    bar_name, line_name = bars[0], line[0]
    bar_series, line_series = _trim(bars[1], line[1])
    if len(_points(bar_series)) < 2 and len(_points(line_series)) < 2:
        return None
    months = bar_series.months
    with matplotlib.rc_context(_STYLE):
        fig = _new_figure()
        ax = _axes(fig, months)
        # Unavailable months get no bar at all: an empty slot, not a zero.
        shown = [(i, v) for i, v in enumerate(bar_series.values) if v is not None]
        ax.bar(
            [i for i, _ in shown],
            [v for _, v in shown],
            color=[BAR_CURRENT if i == len(months) - 1 else BAR for i, _ in shown],
            width=0.75,
            label=bar_name,
        )
        ax.set_ylabel(bar_name)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_count(v)))
        right = ax.twinx()
        right.spines["right"].set_visible(True)
        right.plot(
            _x(line_series),
            _nan(line_series.values),
            color=COLOURS[1],
            linewidth=1.8,
            label=line_name,
        )
        right.set_ylabel(line_name, color=COLOURS[1])
        right.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_count(v)))
        handles = [*ax.get_legend_handles_labels()[0], *right.get_legend_handles_labels()[0]]
        _legend_above(ax, handles, [bar_name, line_name])
    missing = [month_label(m) for m, v in zip(months, bar_series.values, strict=True) if v is None]
    alt = " ".join(
        [
            f"Bar and line chart by month, {_span(months)}.",
            _describe(bar_name, bar_series, format_count),
            _describe(line_name, line_series, format_count),
        ]
        + ([f"Months without data are drawn empty: {', '.join(missing)}."] if missing else [])
    )
    return _chart(fig, key, title, alt)


def _span(months: Sequence[date]) -> str:
    return f"{month_label(months[0])} to {month_label(months[-1])}"


def rate_chart(key: str, title: str, lines: dict[str, Series]) -> Chart | None:
    return line_chart(key, title, lines, format_rate, "Rolling 12 months")


def minutes_chart(key: str, title: str, lines: dict[str, Series]) -> Chart | None:
    return line_chart(key, title, lines, lambda v: format_minutes(v).split()[0], "Minutes")
