"""XmR process limits and the four signal rules, on series worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from data_contracts.calendar import add_months
from reports.figures import Series
from reports.signal_words import signal_clause
from reports.signals import xmr

START = date(2024, 1, 1)


def series(*values: float | None) -> Series:
    return Series(tuple(add_months(START, i) for i in range(len(values))), tuple(values))


# Baseline 10, 12, 10, 12, ... : mean 11, every moving range 2, so limits 11 +/- 5.32
# (5.68 to 16.32) and two sigma 11 +/- 3.5467 (7.4533 to 14.5467).
ZIGZAG = (10, 12) * 6


def rules(x, index: int) -> set[tuple[str, str]]:
    return {(s.rule, s.side) for s in x.signals_at(index)}


def test_limits_from_the_first_twelve_months() -> None:
    x = xmr(series(*ZIGZAG, 11, 13))
    assert x.mean == pytest.approx(11)
    assert x.mean_moving_range == pytest.approx(2)
    assert x.upper == pytest.approx(16.32)
    assert x.lower == pytest.approx(5.68)
    assert x.baseline == (date(2024, 1, 1), date(2024, 12, 1))
    assert x.signals == ()
    assert x.latest_signals == ()


def test_a_point_outside_the_limits() -> None:
    x = xmr(series(*ZIGZAG, 16.4, 11, 5.6))
    assert rules(x, 12) == {("outside", "high")}
    assert rules(x, 14) == {("outside", "low")}
    assert rules(x, 13) == set()
    assert {(s.rule, s.side) for s in x.latest_signals} == {("outside", "low")}


def test_a_point_on_the_limit_is_not_outside() -> None:
    # 16.32 is on the upper limit; it is beyond two sigma, but alone in its three.
    x = xmr(series(*ZIGZAG, 16.32))
    assert ("outside", "high") not in rules(x, 12)


def test_seven_in_a_row_on_one_side_of_the_mean() -> None:
    # After the baseline: 12 x 7 are above the mean (11) but inside two sigma (14.55).
    six = xmr(series(*ZIGZAG[:-1], 10, 12, 12, 12, 12, 12, 12))
    assert not any(s.rule == "shift" for s in six.signals)  # 10 then six 12s: only six above
    seven = xmr(series(*ZIGZAG, 12, 12, 12, 12, 12, 12))  # the baseline's last 12 makes seven
    shift = [s for s in seven.signals if s.rule == "shift"]
    assert [(s.side, s.points) for s in shift] == [("high", tuple(range(11, 18)))]
    assert ("shift", "high") in {(s.rule, s.side) for s in seven.latest_signals}


def test_a_point_on_the_mean_breaks_the_run() -> None:
    x = xmr(series(*ZIGZAG, 12, 12, 11, 12, 12, 12, 12))
    assert not any(s.rule == "shift" for s in x.signals)


def test_seven_rising_or_falling() -> None:
    # Six rises (seven points) is a trend; five rises is not. Values stay within the limits.
    rising = xmr(series(*ZIGZAG, 9, 10, 11, 12, 13, 14, 15))
    trend = [s for s in rising.signals if s.rule == "trend"]
    assert [(s.side, s.points) for s in trend] == [("high", tuple(range(12, 19)))]
    short = xmr(series(*ZIGZAG, 9, 10, 11, 12, 13, 14))
    assert not any(s.rule == "trend" for s in short.signals)
    falling = xmr(series(*ZIGZAG, 14, 13, 12, 11, 10, 9, 8))
    assert [(s.rule, s.side) for s in falling.latest_signals if s.rule == "trend"] == [
        ("trend", "low")
    ]


def test_equal_months_break_a_trend() -> None:
    x = xmr(series(*ZIGZAG, 9, 10, 11, 11, 12, 13, 14))
    assert not any(s.rule == "trend" for s in x.signals)


def test_two_of_three_near_a_limit() -> None:
    # 14.6 and 14.8 are beyond two sigma (14.5467) and inside the limit (16.32), around one 11.
    x = xmr(series(*ZIGZAG, 14.6, 11, 14.8))
    near = [s for s in x.signals if s.rule == "near_limit"]
    assert [(s.side, s.points) for s in near] == [("high", (12, 14))]
    # On opposite sides they are no signal.
    split = xmr(series(*ZIGZAG, 14.6, 11, 7.4))
    assert not any(s.rule == "near_limit" for s in split.signals)
    # 14.5 is not beyond two sigma.
    under = xmr(series(*ZIGZAG, 14.5, 11, 14.5))
    assert not any(s.rule == "near_limit" for s in under.signals)


def test_short_series_has_no_limits() -> None:
    x = xmr(series(None, None, 5, 6, 7, 8, 9))
    assert not x.available
    assert x.reason == "process limits need at least 6 months of data; 5 available"
    assert x.signals == ()


def test_six_months_are_enough_and_then_the_baseline_is_all_of_them() -> None:
    # 4, 6, 4, 6, 4, 6: mean 5, moving range 2, limits 5 +/- 5.32: no lower limit below zero.
    x = xmr(series(4, 6, 4, 6, 4, 6))
    assert x.mean == pytest.approx(5)
    assert x.upper == pytest.approx(10.32)
    assert x.lower is None
    assert x.baseline == (date(2024, 1, 1), date(2024, 6, 1))


def test_zero_moving_range_gives_no_limits_but_runs_still_count() -> None:
    x = xmr(series(*([20] * 12), 21, 21, 21, 21, 21, 21, 21))
    assert x.available
    assert x.mean_moving_range == 0
    assert x.upper is None and x.lower is None
    assert {s.rule for s in x.signals} == {"shift"}


def test_missing_months_are_gaps_not_zeros() -> None:
    # A gap in the baseline: the moving ranges skip it (10-12, 12-10, then 12-10 ... never 0-x),
    # and the mean is of the months present only.
    values = [10, 12, 10, None, 12, 10, 12, 10, 12, 10, 12, 10, 12]
    x = xmr(series(*values))
    assert x.mean == pytest.approx(11)  # the first twelve months with data
    assert x.mean_moving_range == pytest.approx(2)
    assert x.baseline == (date(2024, 1, 1), date(2025, 1, 1))
    assert x.signals == ()
    # A gap breaks a run: three above, a gap, four above is not seven in a row.
    broken = xmr(series(*ZIGZAG, 13, 13, 13, None, 13, 13, 13, 13))
    assert not any(s.rule == "shift" for s in broken.signals)
    # A missing last month has no signals of its own.
    assert xmr(series(*ZIGZAG, 20, None)).latest_signals == ()


def test_a_baseline_without_two_adjacent_months() -> None:
    x = xmr(series(1, None, 2, None, 3, None, 4, None, 5, None, 6))
    assert not x.available
    assert "moving range" in (x.reason or "")


def test_a_month_seen_by_two_rules_is_one_signal_with_both_reasons() -> None:
    # 14.6 is near the upper limit (16.32), then 16.4 is above it: two of three near it too.
    x = xmr(series(*ZIGZAG, 14.6, 16.4))
    assert signal_clause(x) == (
        "a signal (above the upper process limit and two of three months in a row near the "
        "upper process limit)"
    )
    assert signal_clause(xmr(series(*ZIGZAG, 11))) == "within normal variation"
