"""Case files (3.2.2), IMU queues (2.5) and wanted suspects (3.2.4): the marts against figures
computed here from the generated landing CSVs with pandas, and the sections' sentences.

The expected figures never come from the code under test: the CSVs are read as text and counted
directly.
"""

from __future__ import annotations

import statistics
from datetime import date

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from reports.figures import Series, Value
from reports.sections import case_files as cf
from reports.sections import imu_queues as iq
from reports.sections import wanted_suspects as ws
from tests.conftest import REPORTING_MONTH
from tests.landing import read_extract, window
from tests.paper_html import read_paper

MONTHS = (REPORTING_MONTH, "2026-04", "2025-11")  # each with a complete 12 month window
CATEGORIES = ("disclosure", "evidence", "format", "timeliness")


def mart(settings: Settings, name: str) -> pd.DataFrame:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        frame = con.execute(f"select * from marts.{name} where force_id = 'midshire'").df()
    frame["month"] = pd.to_datetime(frame["reporting_month"]).dt.strftime("%Y-%m")
    return frame


def paper_text(settings: Settings) -> str:
    path = settings.reports_dir / "midshire" / REPORTING_MONTH / "board_paper.html"
    return read_paper(path)


# --- case files --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(completed_run: Settings) -> pd.DataFrame:
    frame = read_extract(completed_run.landing_dir, "case_files")
    frame["month"] = frame["submitted_date"].str[:7]
    frame["decision_month"] = frame["cps_decision_date"].str[:7]
    decided = frame["cps_decision_date"] != ""
    frame["turnaround"] = None
    frame.loc[decided, "turnaround"] = (
        pd.to_datetime(frame.loc[decided, "cps_decision_date"])
        - pd.to_datetime(frame.loc[decided, "submitted_date"])
    ).dt.days
    return frame


def court_rates(files: pd.DataFrame) -> dict[str, float]:
    assessed = files[(files["file_type"] == "court_file") & (files["assessed"] == "Y")]
    return assessed.groupby("month")["error_categories"].apply(lambda s: (s != "").mean()).to_dict()


def advice_decisions(files: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    advice = files[files["file_type"] == "cps_advice"]
    return advice[advice["decision_month"].isin(months)]


@pytest.mark.parametrize("month", MONTHS)
def test_case_file_quality_matches_the_csvs(completed_run: Settings, files, month: str) -> None:
    row = mart(completed_run, "case_file_quality").set_index("month").loc[month]
    court = files[(files["file_type"] == "court_file") & (files["month"] == month)]
    assessed = court[court["assessed"] == "Y"]
    faulty = assessed[assessed["error_categories"] != ""]
    assert row["court_files_submitted"] == len(court)
    assert row["court_files_assessed"] == len(assessed)
    assert row["court_files_with_errors"] == len(faulty)
    assert row["court_error_rate"] == pytest.approx(len(faulty) / len(assessed))
    for category in CATEGORIES:
        listed = faulty["error_categories"].str.split(";").apply(lambda c, x=category: x in c)
        assert row[f"{category}_errors"] == listed.sum(), category

    r12 = files[(files["file_type"] == "court_file") & files["month"].isin(window(month))]
    r12_assessed = r12[r12["assessed"] == "Y"]
    assert row["court_files_assessed_r12"] == len(r12_assessed)
    assert row["court_error_rate_r12"] == pytest.approx(
        (r12_assessed["error_categories"] != "").mean()
    )

    decided = advice_decisions(files, [month])
    assert (
        row["advice_files_submitted"]
        == ((files["file_type"] == "cps_advice") & (files["month"] == month)).sum()
    )
    assert row["advice_decisions"] == len(decided)
    assert row["advice_rejected"] == (decided["rejected"] == "Y").sum()
    assert row["advice_rejection_rate"] == pytest.approx((decided["rejected"] == "Y").mean())
    assert row["median_turnaround_days"] == pytest.approx(statistics.median(decided["turnaround"]))
    decided_r12 = advice_decisions(files, window(month))
    assert row["advice_decisions_r12"] == len(decided_r12)
    assert row["median_turnaround_days_r12"] == pytest.approx(
        statistics.median(decided_r12["turnaround"])
    )
    year_earlier = advice_decisions(files, [str(pd.Period(month, freq="M") - 12)])
    assert row["median_turnaround_days_year_earlier"] == pytest.approx(
        statistics.median(year_earlier["turnaround"])
    )


def test_the_improving_run_counts_months_of_falling_error_rate(
    completed_run: Settings, files
) -> None:
    rates = court_rates(files)
    months = sorted(rates)
    by_month = mart(completed_run, "case_file_quality").set_index("month")
    for i, month in enumerate(months[1:], start=1):
        run = 0
        while i - run >= 1 and rates[months[i - run]] < rates[months[i - run - 1]]:
            run += 1
        row = by_month.loc[month]
        assert row["error_rate_improving_months"] == run, month
        if run:
            assert row["error_rate_run_start"] == pytest.approx(rates[months[i - run]]), month
        else:
            assert pd.isna(row["error_rate_run_start"]), month


# --- IMU queues ----------------------------------------------------------------------------------


@pytest.mark.parametrize("month", MONTHS)
def test_imu_queues_match_the_csvs(completed_run: Settings, month: str) -> None:
    queues = read_extract(completed_run.landing_dir, "imu_queue")
    queues["month"] = queues["snapshot_date"].str[:7]
    queues[["open_items", "oldest_item_days"]] = queues[["open_items", "oldest_item_days"]].astype(
        int
    )
    previous = str(pd.Period(month, freq="M") - 1)
    rows = mart(completed_run, "imu_queues").set_index(["month", "queue"])
    now = queues[queues["month"] == month].set_index("queue")
    before = queues[queues["month"] == previous].set_index("queue")
    for queue, q in now.iterrows():
        row = rows.loc[(month, queue)]
        assert row["open_items"] == q["open_items"]
        assert row["oldest_item_days"] == q["oldest_item_days"]
        assert row["open_items_change"] == q["open_items"] - before.loc[queue, "open_items"]
    total = rows.loc[(month, "All")]
    assert total["open_items"] == now["open_items"].sum()
    assert total["oldest_item_days"] == now["oldest_item_days"].max()
    assert total["open_items_previous_month"] == before["open_items"].sum()


# --- wanted suspects -----------------------------------------------------------------------------


def bands(days: pd.Series) -> pd.Series:
    return pd.cut(days, [-1, 28, 90, 365, 10**6], labels=["0-28", "29-90", "91-365", "366+"])


@pytest.mark.parametrize("month", MONTHS)
def test_wanted_suspects_match_the_csvs(completed_run: Settings, month: str) -> None:
    suspects = read_extract(completed_run.landing_dir, "outstanding_suspects")
    suspects = suspects[suspects["snapshot_date"].str[:7] == month].copy()
    suspects["days"] = (
        pd.to_datetime(suspects["snapshot_date"]) - pd.to_datetime(suspects["wanted_since"])
    ).dt.days
    suspects["band"] = bands(suspects["days"]).astype(str)
    rows = mart(completed_run, "wanted_suspects").set_index(["month", "risk_level", "age_band"])
    assert rows.loc[(month, "All", "All"), "suspects"] == len(suspects)
    for risk in ("high", "medium", "low"):
        of_risk = suspects[suspects["risk_level"] == risk]
        row = rows.loc[(month, risk, "All")]
        assert row["suspects"] == len(of_risk), risk
        assert row["oldest_days"] == of_risk["days"].max(), risk
        for band in ("0-28", "29-90", "91-365", "366+"):
            expected = (of_risk["band"] == band).sum()
            assert rows.loc[(month, risk, band), "suspects"] == expected, (risk, band)


def test_no_person_reaches_the_wanted_suspects_mart(completed_run: Settings) -> None:
    frame = mart(completed_run, "wanted_suspects")
    assert not {"nominal_id", "wanted_ref", "wanted_since"} & set(frame.columns)


def test_the_paper_states_the_csvs_figures(completed_run: Settings, files) -> None:
    text = paper_text(completed_run)
    suspects = read_extract(completed_run.landing_dir, "outstanding_suspects")
    outstanding = (suspects["snapshot_date"].str[:7] == REPORTING_MONTH).sum()
    assert f"{outstanding:,} wanted suspects were outstanding" in text
    decided = advice_decisions(files, [REPORTING_MONTH])
    rejected = (decided["rejected"] == "Y").sum()
    assert f"the CPS rejected {rejected} of the {len(decided)} advice files" in text.replace(
        "The CPS", "the CPS"
    )
    assert "3.2.2 Improve the quality of police investigations" in " ".join(text.split())
    assert "IMU queues held" in text
    for nominal in suspects["nominal_id"].head(50):
        assert nominal not in text


# --- sentences -----------------------------------------------------------------------------------

MONTH = date(2026, 10, 1)
GONE = Value(None, "missing months: 2026-10")
EMPTY = Series((), ())


def case_figures(**changes: object) -> cf.CaseFileFigures:
    base = dict(
        month=MONTH,
        assessed=Value(300),
        with_errors=Value(63),
        error_rate=Value(0.21),
        error_rate_previous=Value(0.24),
        error_rate_r12=Value(0.33),
        improving_months=Value(7),
        run_start=Value(0.52),
        by_category={c: Value(10) for c in CATEGORIES},
        advice_decisions=Value(48),
        advice_rejected=Value(12),
        rejection_rate=Value(0.25),
        rejection_rate_r12=Value(0.241),
        turnaround=Value(27),
        turnaround_year_earlier=Value(60),
        error_rates=EMPTY,
        error_rates_r12=EMPTY,
    )
    return cf.CaseFileFigures(**(base | changes))  # type: ignore[arg-type]


def test_court_file_sentence_names_the_run_of_improvement() -> None:
    assert cf.court_files(case_figures()) == (
        "There have been seven months of continual improvement in the quality of court files "
        "(the error rate fell from 52.0% to 21.0% in October 2026; 63 of 300 files assessed had "
        "errors). Over the 12 months to October 2026 it was 33.0%."
    )
    one = cf.court_files(case_figures(improving_months=Value(0), error_rate_previous=Value(0.2)))
    assert one.startswith("The error rate of assessed court files rose in October 2026, to 21.0%")


def test_no_run_of_improvement_claimed_where_the_data_start() -> None:
    """Four months of data, the rate falling in each: three falls, but the month before the
    first is not in the data, so the run is not known to be three months long."""
    months = (date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), MONTH)
    short = Series(months, (None, 0.4, 0.3, 0.25, 0.21))
    f = case_figures(
        improving_months=Value(3), run_start=Value(0.4), error_rate_previous=Value(0.25),
        error_rates=short,
    )  # fmt: skip
    assert not cf.run_is_whole(f)
    assert cf.court_files(f).startswith(
        "The error rate of assessed court files fell in October 2026, to 21.0% from 25.0% the "
        "month before"
    )
    # a fifth month of data, not lower than the one after it: the run of three is whole
    whole = case_figures(
        improving_months=Value(3),
        run_start=Value(0.4),
        error_rates=Series(months, (0.38, *short.values[1:])),
    )
    assert cf.run_is_whole(whole)
    assert cf.court_files(whole).startswith("There have been three months of continual improvement")


def test_case_file_sentences_stay_grammatical_without_figures() -> None:
    f = case_figures(
        assessed=GONE,
        with_errors=GONE,
        error_rate=GONE,
        error_rate_previous=GONE,
        error_rate_r12=GONE,
        improving_months=GONE,
        run_start=GONE,
        advice_decisions=GONE,
        advice_rejected=GONE,
        rejection_rate=GONE,
        rejection_rate_r12=GONE,
        turnaround=GONE,
        turnaround_year_earlier=GONE,
    )
    court, advice = cf.paragraphs(f, None)
    assert court == (
        "The error rate of court files assessed in October 2026 is not available "
        "(missing months: 2026-10)."
    )
    assert "not available (missing months: 2026-10)" in advice
    assert "None" not in court + advice
    no_decisions = case_figures(advice_decisions=Value(0), turnaround=GONE)
    assert (
        cf.advice_files(no_decisions)
        == "The CPS made no decision on an advice file in October 2026."
    )


def test_turnaround_sentence_compares_with_a_year_earlier() -> None:
    assert cf.turnaround(case_figures()) == (
        "The median turnaround of CPS advice files has fallen from 60 days (October 2025) to "
        "27 days (October 2026)."
    )
    assert cf.turnaround(case_figures(turnaround_year_earlier=GONE)) == (
        "The median turnaround of CPS advice files decided in October 2026 was 27 days."
    )


def queue(name: str, items: float | None, pct: float | None) -> iq.Queue:
    return iq.Queue(name, Value(items), Value(None), Value(pct), Value(30))


def test_imu_sentences() -> None:
    f = iq.QueueFigures(
        MONTH,
        queue("All", 1500, -0.031),
        (queue("crime_review", 450, 0.12), queue("intelligence", 160, -0.2)),
        EMPTY,
    )
    assert iq.paragraphs(f) == (
        "At the end of October 2026 the IMU queues held 1,500 open items, down 3.1% on the end "
        "of September 2026; the oldest open item had waited 30 days. Of the queues, crime review "
        "grew most (+12.0%) and intelligence fell most (\u221220.0%).",
    )
    missing = iq.QueueFigures(MONTH, iq.queue(None, "All"), (), EMPTY)
    assert iq.paragraphs(missing) == (
        "The IMU queues at the end of October 2026 are not available (no data in the marts).",
    )


def wanted(counts: dict[tuple[str, str], float | None], oldest: float | None) -> ws.WantedFigures:
    return ws.WantedFigures(
        MONTH,
        {
            k: Value(v, None if v is not None else "missing months: 2026-10")
            for k, v in counts.items()
        },
        {("All", "All"): Value(330)},
        {("high", "All"): Value(oldest)},
    )


def test_wanted_suspect_sentences_never_name_and_suppress_small_counts() -> None:
    def breakdown(v: Value) -> str:
        return "<5" if v.value is not None and 0 < v.value < 5 else f"{v.value:,.0f}"

    bands = {("All", b): 10.0 for b, _ in ws.BANDS}
    f = wanted({("All", "All"): 342, ("high", "All"): 3, **bands}, 570)
    first, second = ws.paragraphs(f, breakdown)
    assert first == (
        "At the end of October 2026, 342 wanted suspects were outstanding (up from 330 at the end "
        "of September 2026), <5 of them assessed as high risk. The longest-outstanding high-risk "
        "suspect had been wanted for 570 days."
    )
    assert second.startswith("Of those outstanding, 10 had been wanted for up to 28 days, 10 for")
    none_high = wanted({("All", "All"): 342, ("high", "All"): 0}, None)
    assert "No high-risk suspect was outstanding." in ws.paragraphs(none_high, breakdown)[0]
    gone = wanted({("All", "All"): None}, None)
    assert ws.paragraphs(gone, breakdown) == (
        "Wanted suspects outstanding at the end of October 2026 are not available "
        "(missing months: 2026-10).",
    )
