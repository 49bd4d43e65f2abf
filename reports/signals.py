"""Signals, not just movements: an XmR (individuals and moving range) view of a monthly series.

The natural process limits are the baseline's mean +/- 2.66 x its mean moving range (Wheeler).
The baseline is the first `BASELINE_MONTHS` months with data of the series shown (the paper shows
24 months, so the limits come from the first year and the second year is judged against them); a
series with fewer months uses all it has, provided there are at least `MIN_BASELINE_MONTHS`.

Rules (a point is a month with data; a missing month is a gap, never zero, and it breaks a run):
- "outside": a point above the upper or below the lower process limit;
- "shift": seven points in a row on the same side of the mean (a point on the mean breaks it);
- "trend": seven points in a row, each higher (or each lower) than the one before;
- "near_limit": two of three points in a row beyond two sigma on the same side, two sigma being
  two thirds of the way from the mean to the limit (mean +/- 1.77 x mean moving range).
A baseline that does not vary (mean moving range 0) gives no limits: only the run rules apply.
A lower limit below zero is no limit (counts, rates and times cannot fall below zero), but for
differences from the season (reports/judgement.py), which can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from reports.figures import Series

BASELINE_MONTHS = 12
MIN_BASELINE_MONTHS = 6
LIMIT_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
RUN_LENGTH = 7
Rule = Literal["outside", "shift", "trend", "near_limit"]
Side = Literal["high", "low"]


@dataclass(frozen=True)
class Signal:
    rule: Rule
    side: Side  # above the mean / rising, or below the mean / falling
    points: tuple[int, ...]  # indices into the series that make the signal


@dataclass(frozen=True)
class XmR:
    """A series with its process limits and the signals found in it.

    `mean` is None when the series is too short (`reason` says why); `upper`/`lower` are None when
    there is no such limit (a flat baseline, or a lower limit below zero)."""

    series: Series
    mean: float | None
    mean_moving_range: float | None
    upper: float | None
    lower: float | None
    baseline: tuple[date, date] | None  # first and last month of the baseline
    signals: tuple[Signal, ...]
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.mean is not None

    def signals_at(self, index: int) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if index in s.points)

    @property
    def latest_signals(self) -> tuple[Signal, ...]:
        """The signals the series' last month takes part in (none when that month has no data)."""
        last = len(self.series.values) - 1
        if last < 0 or self.series.values[last] is None:
            return ()
        return self.signals_at(last)

    @property
    def signal_points(self) -> tuple[int, ...]:
        return tuple(sorted({i for s in self.signals for i in s.points}))


def _present(values: Sequence[float | None]) -> list[int]:
    return [i for i, v in enumerate(values) if v is not None]


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Stretches of consecutive months with data: a gap ends a run."""
    runs: list[list[int]] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _mean_moving_range(values: Sequence[float | None], indices: Sequence[int]) -> float | None:
    """Mean of |x[i] - x[i-1]| over calendar-adjacent months both in `indices`."""
    chosen = set(indices)
    ranges = [
        abs(values[i] - values[i - 1])  # type: ignore[operator]
        for i in indices
        if i - 1 in chosen
    ]
    return sum(ranges) / len(ranges) if ranges else None


def _stretches(flags: Sequence[Side | None], min_length: int) -> list[tuple[Side, int, int]]:
    """Maximal stretches [start, end) of one non-None flag, at least `min_length` long."""
    found: list[tuple[Side, int, int]] = []
    start = 0
    for k in range(1, len(flags) + 1):
        if k == len(flags) or flags[k] != flags[start]:
            flag = flags[start]
            if flag is not None and k - start >= min_length:
                found.append((flag, start, k))
            start = k
    return found


def _side(x: float, centre: float) -> Side | None:
    return "high" if x > centre else "low" if x < centre else None


def _outside(
    values: Sequence[float | None], upper: float | None, lower: float | None
) -> list[Signal]:
    found = []
    for i in _present(values):
        v = values[i]
        assert v is not None
        if upper is not None and v > upper:
            found.append(Signal("outside", "high", (i,)))
        elif lower is not None and v < lower:
            found.append(Signal("outside", "low", (i,)))
    return found


def _shifts(values: Sequence[float | None], mean: float) -> list[Signal]:
    found = []
    for run in _runs(values):
        flags = [_side(values[i], mean) for i in run]  # type: ignore[arg-type]
        for side, a, b in _stretches(flags, RUN_LENGTH):
            found.append(Signal("shift", side, tuple(run[a:b])))
    return found


def _trends(values: Sequence[float | None]) -> list[Signal]:
    """Seven points in a row, each above (below) the one before: six steps the same way."""
    found = []
    for run in _runs(values):
        steps = [_side(values[b], values[a]) for a, b in pairwise(run)]  # type: ignore[arg-type]
        for side, a, b in _stretches(steps, RUN_LENGTH - 1):
            found.append(Signal("trend", side, tuple(run[a : b + 1])))
    return found


def _near_limits(values: Sequence[float | None], mean: float, band: float) -> list[Signal]:
    found: dict[tuple[Side, tuple[int, ...]], Signal] = {}
    for run in _runs(values):
        for start in range(len(run) - 2):
            window = run[start : start + 3]
            for side, beyond in (
                ("high", lambda v: v > mean + band),
                ("low", lambda v: v < mean - band),
            ):
                hits = tuple(i for i in window if beyond(values[i]))
                if len(hits) >= 2:
                    found[(side, hits)] = Signal("near_limit", side, hits)  # type: ignore[arg-type]
    return _merged(sorted(found.values(), key=lambda s: (s.side, s.points)))


def _merged(signals: list[Signal]) -> list[Signal]:
    """Overlapping two-of-three windows on one side are one signal (their points together)."""
    merged: list[Signal] = []
    for s in signals:
        last = merged[-1] if merged else None
        if last is not None and last.side == s.side and set(last.points) & set(s.points):
            merged[-1] = Signal(s.rule, s.side, tuple(sorted({*last.points, *s.points})))
        else:
            merged.append(s)
    return merged


def xmr(series: Series, baseline_months: int = BASELINE_MONTHS, *, signed: bool = False) -> XmR:
    """The XmR view of `series` with limits from its first `baseline_months` months with data.
    A `signed` series (differences) keeps a lower limit below zero."""
    values = series.values
    present = _present(values)
    if len(present) < MIN_BASELINE_MONTHS:
        reason = (
            f"process limits need at least {MIN_BASELINE_MONTHS} months of data; "
            f"{len(present)} available"
        )
        return XmR(series, None, None, None, None, None, (), reason)
    base = present[:baseline_months]
    mean = sum(values[i] for i in base) / len(base)  # type: ignore[misc]
    mr_bar = _mean_moving_range(values, base)
    if mr_bar is None:
        reason = "the baseline months are not consecutive, so no moving range can be taken"
        return XmR(series, None, None, None, None, None, (), reason)
    upper = mean + LIMIT_FACTOR * mr_bar if mr_bar > 0 else None
    lower_raw = mean - LIMIT_FACTOR * mr_bar
    lower = lower_raw if mr_bar > 0 and (signed or lower_raw > 0) else None
    signals = [*_outside(values, upper, lower), *_shifts(values, mean), *_trends(values)]
    if mr_bar > 0:
        signals += _near_limits(values, mean, 2 * LIMIT_FACTOR * mr_bar / 3)
    months = series.months
    window = (months[base[0]], months[base[-1]])
    return XmR(series, mean, mr_bar, upper, lower, window, tuple(signals))
