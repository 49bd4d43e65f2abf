"""Volume and shape against history: each month's row count and declared shares of an extract
(data_contracts/volume.py), set against the same extract's previous 12 months.

The method (docs/data-quality.md, "Volume and shape against history"): the expected count is the
median of the months before (for a share, the month's base times the median share), and the
limits are a ratio either side of it widened by three Poisson standard deviations of a count:

    low  = expected / ratio - 3 * sqrt(expected)        high = expected * ratio + 3 * sqrt(expected)

with ratio 1.4 for the warning limits and 1.75 for the blocking limits. The median of a year is
not moved by one odd month and spans the seasons, so a normal winter stays inside; the square-root
term keeps small extracts from firing on chance alone. Below about a dozen rows a month (a
handful of DVPN cases) that normal allowance is too short for a Poisson count's long upper tail
and for a median of few small counts, so each high limit is at least the count a Poisson count
of the expected size exceeds by chance once in a thousand months (warning) or once in a million
(blocking): across 43 forces, a quiet history no longer blocks on chance.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Literal

from scipy.stats import poisson

from data_contracts.calendar import add_months

HISTORY_MONTHS = 12  # the months before a month that it is compared with
MIN_HISTORY = 3  # fewer delivered months before it: not checked
MIN_HISTORY_TO_WARN = 6  # fewer: only the blocking limits apply
WARN_RATIO = 1.4
BLOCK_RATIO = 1.75
NOISE = 3.0  # Poisson standard deviations of the expected count allowed beyond the ratio
WARN_TAIL = 1e-3  # chance of a Poisson count of the expected size beyond the warning limits
BLOCK_TAIL = 1e-6  # and beyond the blocking limits
# A group expected to hold fewer rows is not judged on its own (a new outcome code, a rare one
# doubling): its chance swings are large, and a shift big enough to matter moves the large groups.
MIN_EXPECTED_IN_GROUP = 50

Outcome = Literal["not checked", "within", "warn", "block"]


def limits(expected: float, ratio: float, tail: float) -> tuple[int, int]:
    """The whole counts from `expected / ratio` to `expected * ratio`, each widened by the
    noise allowance (at least 3 rows); the high one at least the count a Poisson variable of mean
    `expected` exceeds with chance `tail`. (The low one needs no such floor: the noise allowance
    already takes it below the Poisson lower tail at every expected count.)"""
    mean = max(expected, 1.0)
    slack = NOISE * math.sqrt(mean)
    high = max(math.floor(expected * ratio + slack), int(poisson.isf(tail, mean)))
    return max(0, math.ceil(expected / ratio - slack)), high


@dataclass(frozen=True)
class Judged:
    """One measure of one month: its count, what was expected and how it came out."""

    measure: str  # "rows", "offence group: Theft offences", "outcomes per crime"
    observed: int
    history_months: int
    expected: float | None = None
    warn: tuple[int, int] | None = None
    block: tuple[int, int] | None = None
    basis: str = ""  # how `expected` was reached, in words

    @property
    def outcome(self) -> Outcome:
        if self.block is None:
            return "not checked"
        if not self.block[0] <= self.observed <= self.block[1]:
            return "block"
        if self.warn is not None and not self.warn[0] <= self.observed <= self.warn[1]:
            return "warn"
        return "within"

    def line(self, file: str) -> str:
        """The one line a person reads: the file, the count and the range it is outside."""
        assert self.block is not None
        far = self.outcome == "block"
        low, high = self.block if far else (self.warn or self.block)
        what = "rows" if self.measure == "rows" else f"rows ({self.measure})"
        return (
            f"{file}: {self.observed:,} {what}, {'far ' if far else ''}outside the expected "
            f"{low:,} to {high:,} ({self.basis})"
        )


def judge(
    measure: str,
    observed: int,
    history: list[float],
    base: tuple[int, str] | None = None,
    min_expected: float = 0.0,
) -> Judged:
    """`observed` against `history`, oldest first: earlier counts, or (with `base`, the month's
    count of what the measure is a share of and its name: 6,168, "rows") earlier shares of it.
    Not judged with fewer than MIN_HISTORY months, or an expected count under `min_expected`."""
    if len(history) < MIN_HISTORY:
        return Judged(measure, observed, len(history))
    median = statistics.median(history)
    months = f"the {len(history)} months before"
    if base is None:
        expected, basis = median, f"median of {months}: {median:,.0f}"
    elif base[1] == "rows":
        expected = base[0] * median
        basis = f"{base[0]:,} rows x its median share of {months}, {median:.1%}"
    else:
        expected = base[0] * median
        basis = f"{base[0]:,} {base[1]} x the median ratio of {months}, {median:.2f}"
    if expected < min_expected:
        return Judged(measure, observed, len(history), expected, basis=basis)
    warn = limits(expected, WARN_RATIO, WARN_TAIL) if len(history) >= MIN_HISTORY_TO_WARN else None
    block = limits(expected, BLOCK_RATIO, BLOCK_TAIL)
    return Judged(measure, observed, len(history), expected, warn, block, basis)


def earlier(by_month: dict[date, float], month: date) -> list[float]:
    """The values of the HISTORY_MONTHS months before `month` that have one, oldest first."""
    window = [add_months(month, -n) for n in range(HISTORY_MONTHS, 0, -1)]
    return [by_month[m] for m in window if m in by_month]


def judge_month(
    month: date,
    rows: dict[date, int],
    groups: dict[date, dict[str, int]] | None = None,
    group_label: str = "",
    per: tuple[dict[date, int], str, str] | None = None,
) -> list[Judged]:
    """A month's measures: its rows against earlier months' rows; with `groups` (rows per group
    by month) each group's share of the month's rows; with `per` (another extract's rows by
    month, and the measure's label) its rows per row of that extract."""
    found = [judge("rows", rows[month], earlier(dict(rows), month))]
    if groups is not None:
        totals = {m: sum(counts.values()) for m, counts in groups.items()}
        names = sorted({name for counts in groups.values() for name in counts})
        this = groups.get(month, {})
        for name in names:
            shares = {
                m: counts.get(name, 0) / totals[m] for m, counts in groups.items() if totals[m]
            }
            found.append(
                judge(
                    f"{group_label}: {name}",
                    this.get(name, 0),
                    earlier(shares, month),
                    (totals.get(month, 0), "rows"),
                    MIN_EXPECTED_IN_GROUP,
                )
            )
    if per is not None:
        other, name, label = per
        ratios = {m: rows[m] / other[m] for m in rows if other.get(m)}
        if other.get(month):
            found.append(judge(label, rows[month], earlier(ratios, month), (other[month], name)))
    return found
