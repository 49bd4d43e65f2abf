"""Section 2.4, rape: the figures from marts.crime_volume against the generated CSVs, and the
sentences, grammatical when figures are missing."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pcp_assets.settings import Settings
from reports.drivers import Drivers
from reports.figures import Series, Value, Volume
from reports.sections import rape
from tests.conftest import REPORTING_MONTH
from tests.landing import read_extract, window
from tests.paper_html import read_paper
from tests.reference.home_office import offences_frame

MONTH = date(2026, 10, 1)
GONE = Value(None, "no data before 2025-11")
EMPTY = Series((), ())


def test_the_paper_counts_the_csvs_rapes(completed_run: Settings) -> None:
    crimes = read_extract(completed_run.landing_dir, "crimes")
    crimes = crimes[crimes["status"] == "recorded"].merge(offences_frame(), on="offence_code")
    crimes = crimes[crimes["offence_subgroup"] == "Rape"]
    month = crimes["recorded_at"].str[:7]
    in_month = (month == REPORTING_MONTH).sum()
    r12 = month.isin(window(REPORTING_MONTH)).sum()
    path = completed_run.reports_dir / "midshire" / REPORTING_MONTH / "board_paper.html"
    text = " ".join(read_paper(path).split())
    assert f"{in_month:,} rape offences were recorded in October 2026" in text
    assert f"({r12:,} offences in the 12 months to October 2026)" in text


def volume(**changes: object) -> Volume:
    base = dict(
        label="Rape",
        area="All",
        month=Value(45),
        r12=Value(540),
        prev_r12=Value(500),
        change=Value(40),
        pct_change=Value(0.08),
        rising_months=3,
        falling_months=0,
        lowest_in_12=False,
        highest_in_12=True,
    )
    return Volume(**(base | changes))  # type: ignore[arg-type]


NO_DRIVERS = Drivers({}, {})  # the drivers' words: tests/test_drivers.py


def figures(v: Volume, by_area: dict[str, Volume] | None = None) -> rape.RapeFigures:
    return rape.RapeFigures(MONTH, v, by_area or {}, EMPTY, EMPTY)


def test_rape_sentences() -> None:
    areas = {"North": volume(pct_change=Value(0.1)), "South": volume(pct_change=Value(0.05))}
    first, second = rape.paragraphs(figures(volume(), areas), NO_DRIVERS)
    assert first == (
        "45 rape offences were recorded in October 2026, the highest count in the last 12 months."
    )
    assert second == (
        "The rolling 12 month total of rape offences has increased 8.0% on the previous 12 months "
        "(540 offences in the 12 months to October 2026), with increases seen in both areas "
        "(North +10.0% and South +5.0%). The 12 month total has increased for three consecutive "
        "months."
    )


def test_rape_sentences_without_figures() -> None:
    gone = volume(
        month=GONE,
        r12=GONE,
        pct_change=GONE,
        rising_months=None,
        falling_months=None,
        lowest_in_12=None,
        highest_in_12=None,
    )
    # Short history: the section's top note says why, once; the sentences leave the figures out.
    assert rape.paragraphs(figures(gone), NO_DRIVERS) == (
        "The number of rape offences recorded in October 2026 is not available.",
    )
    gap = Value(None, "missing months: 2026-03")
    missing = volume(r12=gap, pct_change=gap, rising_months=None, falling_months=None)
    _first, second = rape.paragraphs(figures(missing), NO_DRIVERS)
    assert second == (
        "The change in the rolling 12 month total of rape offences on the previous 12 months is "
        "not available (missing months: 2026-03). The trend in the 12 month total is not "
        "available (missing months: 2026-03)."
    )
    one = rape.month_sentence(figures(volume(month=Value(1), highest_in_12=None)))
    assert one == "1 rape offence was recorded in October 2026."


def test_rape_chart_series_are_monthly() -> None:
    months = tuple(pd.period_range("2025-11", "2026-10", freq="M").to_timestamp().date)
    series = Series(months, tuple(float(i) for i in range(12)))
    chart = rape.chart(rape.RapeFigures(MONTH, volume(), {}, series, series))
    assert chart is not None and chart.key == "rape"
