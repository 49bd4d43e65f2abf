"""The paper's charts and their one style: inline SVG from matplotlib (Agg canvas, no pyplot).

Style rules (docs/paper.md, "Charts"):
- Drawn at the width they print at (`WIDTH_MM`, the chart column of an A4 portrait page), so the
  text prints at its size: 8.5 pt, ticks and legend 8 pt, never smaller.
- Honest axes: bars and line charts start at zero. An XmR chart, read against its limits rather
  than against zero, starts just below its data when its lowest value is above half its highest,
  and then its y-axis shows a break mark (gid "axis-break") and its alt text says so. One y-axis
  per chart, named with the measure.
- Series differ by marker and dash as well as colour (`SERIES_STYLES`), so they survive greyscale.
- XmR charts shade the band between the process limits and mark signal points.
- Alt text comes from the data: first and last values, the highest, gaps, signals.

Output is deterministic (fixed `svg.hashsalt`, no date); text stays text (`svg.fonttype: none`),
and every id is prefixed with the chart key so several charts can share one HTML page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from html import escape

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reports import chart_text as text
from reports.figures import Series
from reports.judgement import Judged, signed
from reports.phrases import format_pct, format_rate, short_month_label

INK = "#1f2a44"
GRID = "#d9d9d9"
BAR = "#9db3d6"
BAR_CURRENT = "#1f4e79"
LIMIT_BAND = "#dfe6f0"
SIGNAL = "#b00020"
# (colour, marker, dash): told apart in greyscale by marker and dash alone.
SERIES_STYLES = (("#1f4e79", "o", "-"), ("#c55a11", "s", "--"), ("#548235", "^", ":"))
HATCHES = ("", "////", "....")
# The picture of a chart for Word, inserted at its printed size: print resolution.
PNG_DPI = 300
WIDTH_MM = 74  # the chart column of the printed page (board_paper.css, .with-charts)
HEIGHT_MM = 52
FONT_PT = 8.5
SMALL_FONT_PT = 8.0
BREAK_SHARE = 0.5  # an XmR chart whose lowest value is above this share of its highest is cut
# An XmR chart of the differences from the season (reports/judgement.py): its title's addition, its
# line's name and its axis's.
SEASON_TITLE = "each month less the average of the same month in earlier years"
SEASON_NAME = "Difference from the usual for the month"
SEASON_AXIS = "difference"

_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": FONT_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": SMALL_FONT_PT,
    "ytick.labelsize": SMALL_FONT_PT,
    "legend.fontsize": SMALL_FONT_PT,
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
    svg: str  # inline <svg> markup with <title> and <desc>, sized in pt as printed
    figure: Figure = field(compare=False, repr=False)  # kept for tests and other formats

    @cached_property
    def png(self) -> bytes:
        """The figure as a picture, drawn only for a format that needs one (reports/word.py),
        once for every edition that shares the chart."""
        buffer = io.BytesIO()
        with matplotlib.rc_context(_STYLE):
            self.figure.savefig(
                buffer, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None}
            )
        return buffer.getvalue()


def _trim(*series: Series) -> tuple[Series, ...]:
    """Drop the leading months in which no series has data (history before the first load)."""
    starts = [i for s in series for i, v in enumerate(s.values) if v is not None]
    start = min(starts, default=0)
    return tuple(replace(s, months=s.months[start:], values=s.values[start:]) for s in series)


def _present(series: Series) -> list[float]:
    return [v for v in series.values if v is not None]


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _new_axes(months: Sequence | None = None) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_MM / 25.4, HEIGHT_MM / 25.4), layout="constrained")
    ax = fig.add_subplot()
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if months is not None:
        step = 3 if len(months) <= 15 else 6
        ticks = [i for i in range(len(months)) if (len(months) - 1 - i) % step == 0]
        ax.set_xticks(ticks, [short_month_label(months[i]) for i in ticks])
        ax.set_xlim(-0.6, len(months) - 0.4)
    return fig, ax


def _y_axis(
    ax: Axes, values: Sequence[float], fmt: Callable[[float], str], label: str, *, may_cut: bool
) -> bool:
    """Start at zero, or (`may_cut`) just below the data with a break mark. True when cut."""
    ax.set_ylabel(label)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v)))
    lo, hi = min(values, default=0.0), max(values, default=0.0)
    if not may_cut or lo <= 0 or lo <= BREAK_SHARE * hi:
        ax.set_ylim(bottom=min(0.0, lo), top=hi * 1.08 if hi > 0 else 1)
        return False
    pad = (hi - lo) * 0.15 or hi * 0.05
    ax.set_ylim(lo - pad, hi + pad)
    # Two short slanted strokes across the y-axis near its foot: the axis is not drawn from zero.
    for dy in (0.0, 0.035):
        (mark,) = ax.plot(
            [-0.025, 0.025], [0.03 + dy, 0.06 + dy], transform=ax.transAxes, color=INK,
            linewidth=0.9, clip_on=False,
        )  # fmt: skip
        mark.set_gid("axis-break")
    return True


def _legend(ax: Axes) -> None:
    """Above the plot, outside it: the layout makes room, so no point is hidden. In two columns,
    or in one when two would be wider than the chart (a long label would be cut off in print)."""
    handles, labels = ax.get_legend_handles_labels()
    figure = ax.figure
    renderer = FigureCanvasAgg(figure).get_renderer()
    legend = figure.legend(handles, labels, loc="outside upper left", ncols=2, frameon=False)
    with matplotlib.rc_context(_STYLE):
        two = legend.get_window_extent(renderer)
    if two.width > figure.bbox.width:
        legend.remove()
        legend = figure.legend(handles, labels, loc="outside upper left", ncols=1, frameon=False)
        with matplotlib.rc_context(_STYLE):
            taller = (legend.get_window_extent(renderer).height - two.height) / figure.dpi
        # the figure grows by the legend's extra rows, so the plot keeps its height
        width, height = figure.get_size_inches()
        figure.set_size_inches(width, height + taller)


def _svg(fig: Figure, key: str, title: str, alt: str) -> str:
    FigureCanvasAgg(fig)
    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": f"pcp-{key}"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->|<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"(\bid=\"|url\(#|href=\"#)([^\")]+)", rf"\g<1>{key}-\g<2>", svg)
    open_tag = re.match(r"<svg[^>]*>", svg)
    assert open_tag is not None
    tag = open_tag.group(0).replace(
        "<svg", f'<svg role="img" aria-labelledby="{key}-title {key}-desc" class="chart-svg"', 1
    )
    labels = (
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(alt)}</desc>'
    )
    return tag + labels + svg[open_tag.end() :].strip()


def _chart(fig: Figure, key: str, title: str, alt: str) -> Chart:
    return Chart(key, title, alt, _svg(fig, key, title, alt), fig)


def line_chart(
    key: str,
    title: str,
    lines: dict[str, Series],
    fmt: Callable[[float], str],
    y_label: str,
    tick: Callable[[float], str] | None = None,
) -> Chart | None:
    """One or more monthly lines on one axis (`tick` formats its ticks, else `fmt`, which the alt
    text uses). None when no line has two points to join."""
    if not any(len(_present(s)) >= 2 for s in lines.values()):
        return None
    lines = dict(zip(lines, _trim(*lines.values()), strict=True))
    months = next(iter(lines.values())).months
    with matplotlib.rc_context(_STYLE):
        fig, ax = _new_axes(months)
        for (name, series), (colour, marker, dash) in zip(
            lines.items(), SERIES_STYLES, strict=False
        ):
            ax.plot(
                range(len(months)), _nan(series.values), color=colour, marker=marker,
                linestyle=dash, linewidth=1.4, markersize=3.2, label=name,
            )  # fmt: skip
        values = [v for s in lines.values() for v in _present(s)]
        _y_axis(ax, values, tick or fmt, y_label, may_cut=False)
        if len(lines) > 1:
            _legend(ax)
    alt = text.line_alt(months, lines, fmt, y_label)
    return _chart(fig, key, title, alt)


def bar_chart(
    key: str, title: str, name: str, series: Series, fmt: Callable[[float], str], y_label: str
) -> Chart | None:
    """Monthly bars from zero, the reporting month darker; a month without data has no bar."""
    (series,) = _trim(series)
    if len(_present(series)) < 2:
        return None
    months = series.months
    with matplotlib.rc_context(_STYLE):
        fig, ax = _new_axes(months)
        shown = [(i, v) for i, v in enumerate(series.values) if v is not None]
        ax.bar(
            [i for i, _ in shown], [v for _, v in shown], width=0.75, label=name,
            color=[BAR_CURRENT if i == len(months) - 1 else BAR for i, _ in shown],
        )  # fmt: skip
        _y_axis(ax, [v for _, v in shown], fmt, y_label, may_cut=False)
    alt = text.bar_alt(months, name, series, fmt, y_label)
    return _chart(fig, key, title, alt)


# Added to an XmR chart's title when its process limits are drawn, and only then.
LIMITS_TITLE = ", with process limits"


def xmr_chart(
    key: str,
    title: str,
    name: str,
    j: Judged,
    fmt: Callable[[float], str],
    y_label: str,
    tick: Callable[[float], str] | None = None,
) -> Chart | None:
    """A monthly series against its process limits (shaded), signal points marked: the counts, or
    for a series judged allowing for the season their differences from the same month in earlier
    years (reports/judgement.py). Without limits (too little history) a plain line chart. The
    title names the limits only when they are drawn (`LIMITS_TITLE`). `tick` as for `line_chart`."""
    x = j.xmr
    if not x.available:
        return line_chart(key, title, {name: x.series}, fmt, y_label, tick)
    title += LIMITS_TITLE
    if j.allows_for_season:
        title += f" ({SEASON_TITLE})"
        name, y_label = SEASON_NAME, f"{y_label}: {SEASON_AXIS}"
        fmt, tick = signed(fmt), signed(tick) if tick else None
    months, values = x.series.months, x.series.values
    assert x.mean is not None
    colour, marker, dash = SERIES_STYLES[0]
    with matplotlib.rc_context(_STYLE):
        fig, ax = _new_axes(months)
        span = (-0.5, len(months) - 0.5)
        lower = x.lower if x.lower is not None else 0.0
        if x.upper is not None:
            ax.fill_between(span, lower, x.upper, color=LIMIT_BAND, label="Normal variation")
            for limit in (x.upper, x.lower):
                if limit is not None:
                    ax.axhline(limit, color="#7f7f7f", linestyle="--", linewidth=0.8)
        ax.axhline(x.mean, color="#7f7f7f", linestyle="-", linewidth=0.9, label="Average")
        ax.plot(
            range(len(months)), _nan(values), color=colour, marker=marker, linestyle=dash,
            linewidth=1.4, markersize=3.2, label=name,
        )  # fmt: skip
        # One marker per signal month, its gid naming the month ("signal-2026-10"), so that the
        # markers can be read back from the SVG.
        for n, i in enumerate(x.signal_points):
            (point,) = ax.plot(
                [i], [values[i]], linestyle="none", marker="D", markersize=5,
                markerfacecolor=SIGNAL, markeredgecolor="white",
                label="Signal" if n == 0 else "_signal",
            )  # fmt: skip
            point.set_gid(f"signal-{months[i]:%Y-%m}")
        extent = [*_present(x.series), x.mean, *(v for v in (x.upper, x.lower) if v is not None)]
        cut = _y_axis(ax, extent, tick or fmt, y_label, may_cut=not j.allows_for_season)
        _legend(ax)
    alt = text.xmr_alt(name, x, fmt, y_label, cut, seasonal=j.allows_for_season)
    return _chart(fig, key, title, alt)


def comparison_chart(
    key: str,
    title: str,
    categories: Sequence[str],
    bars: dict[str, Sequence[float | None]],
    fmt: Callable[[float], str],
    x_label: str,
    tick: Callable[[float], str] | None = None,
) -> Chart | None:
    """Horizontal bars from zero, one group per category and one bar per compared place (force,
    area, peers, national), told apart by hatching as well as colour. `tick` as for
    `line_chart`."""
    if not any(v is not None for values in bars.values() for v in values):
        return None
    n = len(bars)
    height = 0.6 / n  # the bars fill the lower part of a category's band, its name the upper
    with matplotlib.rc_context(_STYLE):
        fig, ax = _new_axes()
        fig.set_size_inches(WIDTH_MM / 25.4, max(HEIGHT_MM, 24 + 4.5 * len(categories) * n) / 25.4)
        for k, ((name, values), (colour, _m, _d), hatch) in enumerate(
            zip(bars.items(), SERIES_STYLES, HATCHES, strict=False)
        ):
            ys = [i + 0.15 + (k - (n - 1) / 2) * height for i in range(len(categories))]
            ax.barh(
                ys, [0 if v is None else v for v in values], height=height * 0.9, color=colour,
                hatch=hatch, edgecolor="white", linewidth=0, label=name,
            )  # fmt: skip
        # Category names above their bars, across the full width, rather than squeezing the plot.
        for i, category in enumerate(categories):
            ax.text(
                0.0, i - 0.47, category, transform=ax.get_yaxis_transform(), va="top",
                fontsize=SMALL_FONT_PT, color=INK,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
            )  # fmt: skip
        ax.set_yticks([])
        ax.set_ylim(len(categories) - 0.5, -0.5)
        ax.axvline(0, color=INK, linewidth=0.8)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_xlabel(x_label)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: (tick or fmt)(v)))
        _legend(ax)
    alt = text.comparison_alt(categories, bars, fmt, x_label)
    return _chart(fig, key, title, alt)


def percent_tick(fraction: float) -> str:
    """An axis tick of a rate or change: 0.125 -> "12.5", -0.1 -> "-10" with U+2212 (the axis
    label says "(%)"): an axis scale, so a whole tick drops its ".0"."""
    return format_pct(fraction).removesuffix("%").removesuffix(".0")


def rate_chart(key: str, title: str, lines: dict[str, Series], y_label: str) -> Chart | None:
    """Rates on one axis named with the measure, e.g. "Prosecution-possible rate (%)"."""
    return line_chart(key, title, lines, format_rate, y_label, percent_tick)


def minutes_tick(minutes: float) -> str:
    return f"{minutes:.0f}"
