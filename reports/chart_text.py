"""Alt text of the charts, from their data: what the chart shows, first and last values, the
highest, months without data, where a cut axis starts, and signals (reports/charts.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reports.figures import Series
from reports.phrases import join_words, month_label
from reports.signal_words import signal_list
from reports.signals import XmR

Fmt = Callable[[float], str]


def _span(months: Sequence[date]) -> str:
    return f"{month_label(months[0])} to {month_label(months[-1])}"


def describe(name: str, series: Series, fmt: Fmt) -> str:
    """ "Crimes: 5,210 in November 2024, 5,402 in October 2026, highest 5,990 in July 2025"."""
    points = [(m, v) for m, v in zip(series.months, series.values, strict=True) if v is not None]
    if not points:
        return f"{name}: no data."
    (first_m, first), (last_m, last) = points[0], points[-1]
    top_m, top = max(points, key=lambda mv: mv[1])
    missing = len(series.values) - len(points)
    return (
        f"{name}: {fmt(first)} in {month_label(first_m)}, {fmt(last)} in {month_label(last_m)}; "
        f"highest {fmt(top)} in {month_label(top_m)}"
        + (f"; {missing} month{'s' if missing > 1 else ''} without data" if missing else "")
        + "."
    )


def _axis(y_label: str, cut: bool) -> str:
    start = "does not start at zero (the break is marked)" if cut else "starts at zero"
    return f"The y-axis ({y_label}) {start}."


def line_alt(months: Sequence[date], lines: dict[str, Series], fmt: Fmt, y_label: str) -> str:
    """Line charts start at zero."""
    return " ".join(
        [f"Line chart by month, {_span(months)}."]
        + [describe(name, s, fmt) for name, s in lines.items()]
        + [_axis(y_label, cut=False)]
    )


def bar_alt(months: Sequence[date], name: str, series: Series, fmt: Fmt, y_label: str) -> str:
    return " ".join(
        (
            f"Bar chart by month, {_span(months)}, the latest month darker.",
            describe(name, series, fmt),
            _axis(y_label, False),
        )
    )


def xmr_alt(name: str, x: XmR, fmt: Fmt, y_label: str, cut: bool, *, seasonal: bool) -> str:
    """The process control chart's alt text; `seasonal`: of the differences from the season."""
    assert x.mean is not None and x.baseline is not None
    limits = (
        f"process limits {fmt(x.lower) if x.lower is not None else 'none'} (lower) and "
        f"{fmt(x.upper)} (upper), shaded"
        if x.upper is not None
        else "no process limits (the baseline does not vary)"
    )
    found = signal_list(x)
    return " ".join(
        [
            f"Process control chart by month, {_span(x.series.months)}.",
            *(
                ["Each month is shown less the average of the same month in earlier years."]
                if seasonal
                else []
            ),
            describe(name, x.series, fmt),
            f"Average {fmt(x.mean)} and {limits}, from {month_label(x.baseline[0])} to "
            f"{month_label(x.baseline[1])}.",
            f"Signals, marked: {found}." if found else "No signals: all within normal variation.",
            f"The y-axis ({y_label}) includes zero (no difference)."
            if seasonal
            else _axis(y_label, cut),
        ]
    )


def comparison_alt(
    categories: Sequence[str], bars: dict[str, Sequence[float | None]], fmt: Fmt, x_label: str
) -> str:
    rows = [
        f"{category}: "
        + join_words(
            [
                f"{name} {fmt(values[i]) if values[i] is not None else 'no data'}"
                for name, values in bars.items()
            ]
        )
        + "."
        for i, category in enumerate(categories)
    ]
    return " ".join([f"Bar chart: {x_label}, bars from zero.", *rows])
