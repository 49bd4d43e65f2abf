"""The season (reports/seasons.py, reports/judgement.py), each figure worked out another way: the
F-test for stable seasonality with pandas group means, the same month's expectation with pandas
shifts, and the judgement's chart markers read back from the SVG against its sentence."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from data_contracts.calendar import add_months
from reports import charts
from reports.figures import Series
from reports.judgement import judge
from reports.phrases import format_count
from reports.season_words import expectation_sentence, season_note, usual_move_sentence
from reports.seasons import differences, expectation, seasonality, usual_move
from reports.signal_words import signal_sentence
from reports.traces import plain

END = date(2026, 10, 1)


def series(values: list[float | None]) -> Series:
    months = tuple(add_months(END, i - len(values) + 1) for i in range(len(values)))
    return Series(months, tuple(values))


def seasonal_counts(n: int, seed: int = 1, amplitude: float = 0.15) -> list[float | None]:
    """Burglary-like counts: 300 a month, a winter peak, Poisson noise."""
    rng = np.random.default_rng(seed)
    months = [add_months(END, i - n + 1).month for i in range(n)]
    return [
        float(rng.poisson(300 * (1 + amplitude * np.cos(2 * np.pi * (m - 12) / 12))))
        for m in months
    ]


def f_test_by_pandas(values: list[float | None], years: int) -> float:
    frame = pd.DataFrame({"y": values[-12 * years :]})
    frame["year"], frame["month"] = frame.index // 12, frame.index % 12
    grand = frame["y"].mean()
    frame["fit"] = (
        frame.groupby("year")["y"].transform("mean")
        + frame.groupby("month")["y"].transform("mean")
        - grand
    )
    ss_month = years * ((frame.groupby("month")["y"].mean() - grand) ** 2).sum()
    ss_error = ((frame["y"] - frame["fit"]) ** 2).sum()
    df_error = (years - 1) * 11
    return float(stats.f.sf((ss_month / 11) / (ss_error / df_error), 11, df_error))


def test_the_seasonality_test_is_the_two_way_f_test() -> None:
    values = seasonal_counts(40)
    found = seasonality(series(values))
    assert found.years == 3  # at most three whole years, the last 36 months
    assert found.p_value == pytest.approx(f_test_by_pandas(values, 3))
    assert found.seasonal is True


def test_noise_without_a_season_is_not_seasonal() -> None:
    rng = np.random.default_rng(7)
    found = seasonality(series([float(v) for v in rng.poisson(300, 36)]))
    assert found.seasonal is False and found.p_value is not None and found.p_value > 0.01


def test_fewer_than_two_whole_years_are_not_tested() -> None:
    values = seasonal_counts(30)
    values[7] = None  # a gap: only the 22 months after it are in a row
    assert seasonality(series(values)).seasonal is None
    assert seasonality(series(seasonal_counts(23))).seasonal is None


def test_expectations_and_differences_match_pandas_shifts() -> None:
    values = seasonal_counts(40)
    values[20] = None
    frame = pd.Series(values, dtype=float)
    earlier = pd.concat([frame.shift(12 * k) for k in (1, 2, 3)], axis=1)
    expected = earlier.mean(axis=1).where(earlier.count(axis=1) >= 2)
    mine = differences(series(values)).values
    for i in range(40):
        want = frame[i] - expected[i]
        assert (mine[i] is None) == bool(np.isnan(want)), i
        if mine[i] is not None:
            assert mine[i] == pytest.approx(want)
    last = expectation(series(values), 39)
    assert last is not None
    assert last.mean == pytest.approx(expected[39])
    assert last.low[1] == earlier.iloc[39].min() and last.high[1] == earlier.iloc[39].max()


def test_the_usual_move_needs_every_earlier_year_to_go_one_way() -> None:
    values = [100.0] * 40
    for k in (1, 2, 3):  # October to January in the three years before: +10%, +20%, +30%
        values[39 - 12 * k + 3] = 100.0 * (1 + k / 10)
    move = usual_move(series(values))
    assert move is not None and (move.start, move.end) == (END, date(2027, 1, 1))
    assert move.average == pytest.approx(0.2)
    values[39 - 36 + 3] = 90.0  # three years back it fell
    assert usual_move(series(values)) is None
    assert usual_move(series(values[-28:])) is not None  # two years back are enough


def test_a_seasonal_series_is_judged_on_its_differences_marked_as_its_sentence_says() -> None:
    values = seasonal_counts(60)
    values[-1] = float(values[-1] or 0) + 150  # an October well above the usual October
    j = judge(series(values))
    assert j.allows_for_season and j.xmr.series.months[0] == date(2024, 11, 1)
    chart = charts.xmr_chart("burglary", "Burglary", "Offences", j, format_count, "Offences")
    assert chart is not None
    marked = set(re.findall(r'id="burglary-signal-(\d{4}-\d\d)"', chart.svg))
    assert "2026-10" in marked
    text = plain(signal_sentence("October's count", j, format_count) or "")
    assert text.startswith("allowing for the season (each month's difference from the average")
    assert "October's count is a signal (above the upper process limit" in text
    assert "less the average of the same month in earlier years" in chart.title
    values[-1] = values[-13]  # the same as last October: no signal in the sentence nor the chart
    j = judge(series(values))
    chart = charts.xmr_chart("burglary", "Burglary", "Offences", j, format_count, "Offences")
    assert chart is not None and 'id="burglary-signal-2026-10"' not in chart.svg
    assert "October's count is within normal variation" in (
        signal_sentence("October's count", j, format_count) or ""
    )


def test_expectation_words_and_nothing_on_too_little_history() -> None:
    values = [300.0] * 36
    values[-13], values[-25], values[-1] = 280.0, 320.0, 350.0
    j = judge(series(values))
    assert plain(expectation_sentence("burglaries", j, format_count) or "") == (
        "in earlier years October averaged 300 burglaries (from 280 in October 2025 to 320 in "
        "October 2024): this October's 350 is above the range of earlier years"
    )
    short = judge(series(values[-24:]))  # October 2024 alone before it
    assert expectation_sentence("burglaries", short, format_count) is None
    assert usual_move_sentence("burglary", short) is None


def test_the_season_not_yet_allowed_for_is_said_once_with_when() -> None:
    values = seasonal_counts(26)  # seasonal, but two months with a same-month expectation
    j = judge(series(values))
    assert not j.allows_for_season and j.season_not_yet and j.xmr.available
    note = season_note([j, j])
    assert note is not None and note.count("not yet possible") == 1
    assert "(from February 2027)" in note  # data from September 2024: 30 months to February
    assert season_note([judge(series(seasonal_counts(60)))]) is None
