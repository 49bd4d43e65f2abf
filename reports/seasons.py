"""Seasons: whether a monthly series has a seasonal pattern, what the same month in earlier years
leads one to expect, and which way the next months usually go (docs/paper.md, "Seasons").

The test is the F-test for stable seasonality (as in the X-11 method of seasonal adjustment): the
series' last whole years (twelve-month years ending with its last month, at least `MIN_YEARS`, at
most `MAX_YEARS`, with no month missing) are laid out as a table of years by calendar months, and
a two-way analysis of variance asks whether the calendar months differ by more than chance once
each year's own level is taken out. The series is seasonal when that is significant at
`SEASONALITY_LEVEL`.

A month's expectation is the average of the same calendar month in the `MAX_YEARS` years before
it, of which at least `MIN_YEARS` must have data; its range is their lowest and highest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from scipy import stats

from data_contracts.calendar import add_months
from reports.figures import Series

MIN_YEARS = 2
MAX_YEARS = 3
SEASONALITY_LEVEL = 0.01
NEXT_MONTHS = 3  # how far ahead "the next months" look


@dataclass(frozen=True)
class Seasonality:
    """`seasonal` is None when the series has fewer than `MIN_YEARS` whole years to test."""

    seasonal: bool | None
    p_value: float | None
    years: int  # whole years tested


def _trailing_run(values: tuple[float | None, ...]) -> list[float]:
    """The values of the last months in a row with data (a gap ends the run)."""
    run: list[float] = []
    for v in reversed(values):
        if v is None:
            break
        run.append(v)
    return run[::-1]


def seasonality(series: Series) -> Seasonality:
    run = _trailing_run(series.values)
    years = min(MAX_YEARS, len(run) // 12)
    if years < MIN_YEARS:
        return Seasonality(None, None, years)
    table = np.array(run[-12 * years :]).reshape(years, 12)
    grand = table.mean()
    month_effects = table.mean(axis=0) - grand
    residuals = table - table.mean(axis=1, keepdims=True) - month_effects
    between = years * (month_effects**2).sum() / 11
    within = (residuals**2).sum() / (11 * (years - 1))
    if within == 0:
        p_value = 0.0 if between > 0 else 1.0
    else:
        p_value = float(stats.f.sf(between / within, 11, 11 * (years - 1)))
    return Seasonality(p_value < SEASONALITY_LEVEL, p_value, years)


@dataclass(frozen=True)
class Expectation:
    """The same calendar month in earlier years, oldest first."""

    month: date
    earlier: tuple[tuple[date, float], ...]

    @property
    def mean(self) -> float:
        return sum(v for _m, v in self.earlier) / len(self.earlier)

    @property
    def low(self) -> tuple[date, float]:
        return min(self.earlier, key=lambda mv: mv[1])

    @property
    def high(self) -> tuple[date, float]:
        return max(self.earlier, key=lambda mv: mv[1])

    def position(self, value: float) -> str:
        """ "above", "in line with" or "below" the range of the earlier years."""
        if value > self.high[1]:
            return "above"
        return "below" if value < self.low[1] else "in line with"


def expectation(series: Series, index: int) -> Expectation | None:
    """What the same month in earlier years leads one to expect at `index` (months in a row)."""
    earlier = [
        (series.months[j], value)
        for k in range(MAX_YEARS, 0, -1)
        if (j := index - 12 * k) >= 0 and (value := series.values[j]) is not None
    ]
    if len(earlier) < MIN_YEARS:
        return None
    return Expectation(series.months[index], tuple(earlier))


def differences(series: Series) -> Series:
    """Each month less its expectation; None where either is missing."""
    values = []
    for i, v in enumerate(series.values):
        e = expectation(series, i) if v is not None else None
        values.append(None if v is None or e is None else v - e.mean)
    return replace(series, values=tuple(values))


@dataclass(frozen=True)
class SeasonalMove:
    """The change from the last month to `NEXT_MONTHS` later, in each earlier year."""

    start: date
    end: date
    changes: tuple[tuple[date, float], ...]  # (the earlier year's start month, fractional change)

    @property
    def average(self) -> float:
        return sum(c for _m, c in self.changes) / len(self.changes)


def usual_move(series: Series) -> SeasonalMove | None:
    """Which way the months after the last usually go: the change from the same month to
    `NEXT_MONTHS` later in each of the earlier years that have both (at least `MIN_YEARS`);
    None unless every one of them went the same way."""
    last = len(series.values) - 1
    changes = []
    for k in range(MAX_YEARS, 0, -1):
        a, b = last - 12 * k, last - 12 * k + NEXT_MONTHS
        start, end = (series.values[i] if i >= 0 else None for i in (a, b))
        if start and end is not None:
            changes.append((series.months[a], end / start - 1))
    if len(changes) < MIN_YEARS or not (
        all(c > 0 for _m, c in changes) or all(c < 0 for _m, c in changes)
    ):
        return None
    first = series.months[last]
    return SeasonalMove(first, add_months(first, NEXT_MONTHS), tuple(changes))
