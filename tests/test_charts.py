"""The chart style, checked on the figure objects the charts are drawn from (not on pixels):
print-size text, axes from zero or a marked break, one y-axis named with the measure, series told
apart without colour, XmR limits shaded and signals marked, alt text from the data."""

from __future__ import annotations

import re
from datetime import date

import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from data_contracts.calendar import add_months
from reports import charts
from reports.figures import Series
from reports.judgement import judge
from reports.phrases import format_count

START = date(2024, 11, 1)
PRINT_COLUMN_PT = charts.WIDTH_MM / 25.4 * 72


def series(*values: float | None) -> Series:
    return Series(tuple(add_months(START, k) for k in range(len(values))), tuple(values))


# A baseline around 6,000 (mean 6,000, moving range 100: limits 5,734 to 6,266), then a month
# far above the upper limit.
BASELINE = (5950, 6050) * 6
SPIKE = series(*BASELINE, 6000, 6400)


def texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def only_axes(fig: Figure):
    assert len(fig.axes) == 1, "one y-axis per chart, never a second"
    return fig.axes[0]


def assert_print_size(chart: charts.Chart) -> None:
    assert min(t.get_fontsize() for t in texts(chart.figure)) >= 8
    # The SVG is drawn at the width it prints at, so nothing scales its text down.
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', chart.svg).group(1))
    assert width <= PRINT_COLUMN_PT + 0.5


def test_bars_start_at_zero_with_the_measure_named() -> None:
    chart = charts.bar_chart(
        "dvpn", "DVPNs", "DVPNs applied for", series(4, 7, None, 5), format_count, "DVPNs applied"
    )
    ax = only_axes(chart.figure)
    assert ax.get_ylim()[0] == 0
    assert ax.get_ylabel() == "DVPNs applied"
    # The missing month has no bar (not a zero bar): three bars for three months with data.
    assert len([p for p in ax.patches if isinstance(p, Rectangle)]) == 3
    assert_print_size(chart)
    assert "highest 7 in December 2024" in chart.alt and "1 month without data" in chart.alt


def test_line_charts_start_at_zero_even_when_the_data_sit_high() -> None:
    chart = charts.line_chart(
        "r12", "R12", {"Rolling total": series(65000, 65500, 66900)}, format_count, "Crimes"
    )
    ax = only_axes(chart.figure)
    assert ax.get_ylim()[0] == 0
    assert not [a for a in chart.figure.findobj() if a.get_gid() == "axis-break"]
    assert "The y-axis (Crimes) starts at zero." in chart.alt


def test_rate_chart_names_the_rate_and_tells_series_apart_without_colour() -> None:
    chart = charts.rate_chart(
        "pp",
        "PP rate",
        {"In-period basis": series(0.10, 0.11, 0.12), "Cohort basis": series(0.09, 0.09, 0.08)},
        "Prosecution-possible rate (%)",
    )
    ax = only_axes(chart.figure)
    assert ax.get_ylabel() == "Prosecution-possible rate (%)"
    lines = ax.get_lines()
    styles = {(line.get_marker(), line.get_linestyle()) for line in lines}
    assert len(lines) == 2 and len(styles) == 2
    assert len({line.get_marker() for line in lines}) == 2
    assert len({line.get_linestyle() for line in lines}) == 2
    assert chart.figure.legends, "two series: a legend"
    assert next(t.get_text() for t in ax.get_yticklabels() if t.get_text()) == "0"
    assert_print_size(chart)
    assert "In-period basis: 10.0% in November 2024, 12.0% in January 2025" in chart.alt


def test_xmr_chart_shades_the_limits_marks_signals_and_shows_its_axis_break() -> None:
    j = judge(SPIKE)
    assert j.xmr.upper == pytest.approx(6266) and j.xmr.lower == pytest.approx(5734)
    chart = charts.xmr_chart("all-crime", "All crime", "Crimes", j, format_count, "Crimes")
    ax = only_axes(chart.figure)
    band = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(band) == 1
    ys = band[0].get_paths()[0].vertices[:, 1]
    assert min(ys) == pytest.approx(5734) and max(ys) == pytest.approx(6266)
    signal = next(line for line in ax.get_lines() if line.get_label() == "Signal")
    assert list(signal.get_xdata()) == [13]  # the 6,400 month, above the upper limit
    assert list(signal.get_ydata()) == [6400]
    # The data sit far from zero: the axis is cut, and says so.
    assert ax.get_ylim()[0] > 0
    assert len([a for a in chart.figure.findobj() if a.get_gid() == "axis-break"]) == 2
    assert "does not start at zero (the break is marked)" in chart.alt
    assert "above the upper process limit (December 2025)" in chart.alt
    assert "Average 6,000 and process limits 5,734 (lower) and 6,266 (upper)" in chart.alt
    assert_print_size(chart)


def test_xmr_chart_from_zero_when_the_data_reach_down() -> None:
    chart = charts.xmr_chart(
        "robbery", "Robbery", "Offences", judge(series(*(2, 40) * 6, 20)), format_count, "Offences"
    )
    assert only_axes(chart.figure).get_ylim()[0] == 0
    assert not [a for a in chart.figure.findobj() if a.get_gid() == "axis-break"]


def test_xmr_chart_without_limits_is_a_line_chart_and_its_title_names_none() -> None:
    chart = charts.xmr_chart("short", "Short", "Crimes", judge(series(5, 6, 7)), format_count, "N")
    ax = only_axes(chart.figure)
    assert not ax.collections and ax.get_ylim()[0] == 0
    assert chart.title == "Short" and "process limits" not in chart.alt


def test_xmr_chart_title_names_the_limits_it_draws() -> None:
    chart = charts.xmr_chart("all-crime", "All crime", "Crimes", judge(SPIKE), format_count, "N")
    assert chart.title == "All crime, with process limits"


def test_comparison_chart_bars_from_zero_told_apart_by_hatching() -> None:
    chart = charts.comparison_chart(
        "areas",
        "12 month change by area",
        ["Robbery", "Theft offences"],
        {"North": [0.12, -0.05], "South": [0.03, None]},
        lambda v: f"{v * 100:+.0f}%",
        "Change on the previous 12 months",
    )
    ax = only_axes(chart.figure)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert bars and all(b.get_x() == 0 for b in bars)
    assert len({b.get_hatch() for b in bars}) == 2
    assert ax.get_xlabel() == "Change on the previous 12 months"
    assert "Robbery: North +12% and South +3%." in chart.alt
    assert "Theft offences: North -5% and South no data." in chart.alt
    assert_print_size(chart)


def test_nothing_to_draw_is_no_chart() -> None:
    assert charts.line_chart("x", "x", {"a": series(None, 3)}, format_count, "n") is None
    assert charts.bar_chart("x", "x", "a", series(None, 3), format_count, "n") is None
    assert charts.comparison_chart("x", "x", ["a"], {"b": [None]}, format_count, "n") is None
