"""marts.custody_throughput against an independent count of the generated custody CSVs (bookings
and the distinct people booked in), the October paper's section 2.6 against the same count, and
the words of section 2.6 (reports/sections/custody.py), including when figures are missing."""

from __future__ import annotations

from functools import partial

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from pcp_assets.small_counts import Rounding
from reports import figure_words as w
from reports.sections.custody import (
    capture_sentence,
    detainees_sentence,
    voluntary_attendance_sentence,
)
from tests.conftest import REPORTING_MONTH
from tests.landing import window
from tests.paper_html import FORCE, read_paper

MONTHS = ("2026-10", "2026-03", "2025-09")  # the last two with a full 12 months behind them too
BIOMETRICS = ("fingerprints", "dna", "photo")


@pytest.fixture(scope="module")
def records(completed_run: Settings) -> pd.DataFrame:
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False)
        for path in sorted((completed_run.landing_dir / "custody").glob("*.csv"))
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame["month"] = frame["booked_in_at"].str[:7]
    return frame


@pytest.fixture(scope="module")
def mart(completed_run: Settings) -> pd.DataFrame:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        return con.execute("select * from marts.custody_throughput").df()


def expected(records: pd.DataFrame, months: list[str], suite: str) -> dict[str, float | None]:
    rows = records[records["month"].isin(months)]
    if suite != "All":
        rows = rows[rows["suite"] == suite]
    arrests = rows[rows["attendance_type"] == "arrest"]
    voluntary = rows[rows["attendance_type"] == "voluntary_attendance"]
    taken_any = (voluntary[[f"{b}_taken" for b in BIOMETRICS]] == "Y").any(axis=1)
    out: dict[str, float | None] = {
        "detainees": len(arrests),
        "detained_people": arrests["nominal_id"].nunique(),
        "va_attendances": len(voluntary),
        "va_captures": int(taken_any.sum()),
    }
    for b in BIOMETRICS:
        eligible = arrests[arrests[f"{b}_eligible"] == "Y"]
        out[f"{b}_eligible"] = len(eligible)
        out[f"{b}_rate"] = (eligible[f"{b}_taken"] == "Y").mean() if len(eligible) else None
    return out


@pytest.mark.parametrize("month", MONTHS)
def test_custody_throughput_matches_the_csvs(records, mart, month: str) -> None:
    rows = mart[mart["reporting_month"] == pd.Timestamp(f"{month}-01")]
    suites = sorted(records["suite"].unique())
    assert sorted(rows["suite"]) == sorted([*suites, "All"])
    for suite in [*suites, "All"]:
        row = rows[rows["suite"] == suite].iloc[0]
        for period, months in (("month", [month]), ("r12", window(month))):
            want = expected(records, months, suite)
            for measure, value in want.items():
                got = row[f"{measure}_{period}"]
                if value is None:
                    assert pd.isna(got), (suite, measure, period)
                else:
                    assert got == pytest.approx(value), (suite, measure, period)


def test_the_paper_states_the_csvs_people_and_bookings(completed_run: Settings, records) -> None:
    paper = " ".join(
        read_paper(completed_run.reports_dir / FORCE / REPORTING_MONTH / "board_paper.html").split()
    )
    month, year = (
        expected(records, months, "All") for months in ([REPORTING_MONTH], window(REPORTING_MONTH))
    )
    assert year["detained_people"] < year["detainees"]  # people booked in more than once
    assert (
        f"In October 2026, {month['detained_people']:,} people were booked into custody after "
        f"arrest, {month['detainees']:,} bookings in all ({year['detained_people']:,} people and "
        f"{year['detainees']:,} bookings in the 12 months to October 2026)."
    ) in paper


def test_the_generated_figures_are_realistic(records, mart) -> None:
    last_year = records[records["month"].isin(window("2026-10"))]
    detainees = (last_year["attendance_type"] == "arrest").sum()
    assert 11_000 <= detainees <= 16_000
    first_va = records.loc[records["attendance_type"] == "voluntary_attendance", "month"].min()
    assert "2024-10" < first_va < "2026-10"  # the process starts part way through the history
    assert len(records["suite"].unique()) == 3


def test_no_name_or_date_of_birth_reaches_the_mart(records, mart) -> None:
    text = mart.astype(str).to_string()
    for value in records["surname"].unique()[:20]:
        assert value not in text
    assert not any(column in mart.columns for column in ("forename", "surname", "date_of_birth"))


# --- sentences ------------------------------------------------------------------------------------

MONTH = "October 2026"
FULL = {
    "detainees_month": 1_129,
    "detainees_r12": 13_494,
    "detained_people_month": 1_012,
    "detained_people_r12": 7_280,
    "va_attendances_month": 1,
    "va_attendances_r12": 414,
    "va_captures_month": 1,
    "va_captures_r12": 410,
    "fingerprints_rate_month": 0.955,
    "fingerprints_eligible_r12": 13_077,
    "fingerprints_rate_r12": 0.949,
    "dna_rate_month": 0.85,
    "dna_eligible_r12": 12_543,
    "dna_rate_r12": 0.86,
    "photo_rate_month": 0.969,
    "photo_eligible_r12": 13_199,
    "photo_rate_r12": 0.969,
    "unavailable_reason": None,
}


def test_sentences_with_every_figure() -> None:
    assert detainees_sentence(FULL, MONTH) == (
        "In October 2026, 1,012 people were booked into custody after arrest, 1,129 bookings in "
        "all (7,280 people and 13,494 bookings in the 12 months to October 2026)."
    )
    assert voluntary_attendance_sentence(FULL, MONTH) == (
        "1 suspect attended a voluntary appointment for biometric capture in October 2026, with "
        "biometrics taken; 414 in the 12 months to October 2026, 410 of them with biometrics taken."
    )
    assert capture_sentence(FULL, MONTH) == (
        "Of the detainees booked in during the 12 months to October 2026, 94.9% of 13,077 "
        "eligible had their fingerprints taken, 86.0% of 12,543 eligible gave DNA and 96.9% of "
        "13,199 eligible were photographed; in October 2026 alone the rates were 95.5%, 85.0% and "
        "96.9%."
    )


def test_a_missing_capture_count_is_not_available_never_none() -> None:
    row = FULL | {
        "va_captures_month": None,
        "va_captures_r12": None,
        "unavailable_reason": "missing months: 2026-03",
    }
    assert voluntary_attendance_sentence(row, MONTH) == (
        "1 suspect attended a voluntary appointment for biometric capture in October 2026, "
        "though the number with biometrics taken is not available (missing months: 2026-03); 414 "
        "in the 12 months to October 2026, though the number with biometrics taken is not "
        "available (missing months: 2026-03)."
    )


def test_sentences_without_the_12_months() -> None:
    row = (
        FULL
        | {key: None for key in FULL if key.endswith("_r12")}
        | {"unavailable_reason": "no data before 2025-09", "detainees_month": 1}
        | {"detained_people_month": 1}
    )
    # The section's top note says once that 12 month figures need more history.
    assert detainees_sentence(row, MONTH) == (
        "In October 2026, 1 person was booked into custody after arrest, 1 booking in all."
    )
    assert voluntary_attendance_sentence(row, MONTH).endswith("2026, with biometrics taken.")
    several = row | {"va_attendances_month": 25, "va_captures_month": 25}
    assert voluntary_attendance_sentence(several, MONTH).endswith(
        "in October 2026, all with biometrics taken."
    )
    some = row | {"va_attendances_month": 25, "va_captures_month": 20}
    assert voluntary_attendance_sentence(some, MONTH).endswith(
        "in October 2026, 20 of them with biometrics taken."
    )
    assert capture_sentence(row, MONTH).endswith("96.9% were photographed.")
    gap = row | {"unavailable_reason": "missing months: 2026-03"}
    assert detainees_sentence(gap, MONTH).endswith(
        "; the 12 month figures are not available (missing months: 2026-03)."
    )


def test_sentences_for_a_missing_month_and_no_row() -> None:
    missing = dict.fromkeys(FULL) | {"unavailable_reason": "missing months: 2026-10"}
    assert detainees_sentence(missing, MONTH) == (
        "Custody figures for October 2026 are not available (missing months: 2026-10)."
    )
    assert voluntary_attendance_sentence(missing, MONTH) is None
    assert capture_sentence(missing, MONTH) is None
    assert detainees_sentence(None, MONTH) == "No custody figures are held for October 2026."


def test_before_the_voluntary_attendance_process_and_with_no_one_eligible() -> None:
    row = FULL | {"va_attendances_month": 0, "va_attendances_r12": 0, "dna_rate_month": None}
    assert voluntary_attendance_sentence(row, MONTH) == (
        "No voluntary attendances for biometric capture took place in the 12 months to "
        "October 2026."
    )
    assert "the rates were 95.5%, not available and 96.9%" in capture_sentence(row, MONTH)


def test_a_quiet_month() -> None:
    row = FULL | {"detainees_month": 0, "detained_people_month": 0}
    assert detainees_sentence(row, MONTH).startswith(
        "In October 2026, 0 people were booked into custody after arrest, 0 bookings in all"
    )


def test_the_published_edition_words_rounded_counts_and_their_rates() -> None:
    """Counts rounded to the nearest 5 and under 10 hidden (docs/personal-data.md); a capture
    rate is taken over eligible of the rounded counts, worked by hand: fingerprints, 12 months,
    0.949 x 13,077 = 12,410 taken (12,410) of 13,075: 94.9%; DNA 10,787 (10,785) of 12,545:
    86.0%; photographs 12,790 of 13,200: 96.9%; October's photographs 969 (970) of 1,000: 97.0%."""
    people = partial(w.people, rounding=Rounding(5))
    row = FULL | {f"{b}_eligible_month": 1_000 for b in BIOMETRICS}
    assert detainees_sentence(row, MONTH, people) == (
        "In October 2026, 1,010 people were booked into custody after arrest, 1,130 bookings in "
        "all (7,280 people and 13,495 bookings in the 12 months to October 2026)."
    )
    assert voluntary_attendance_sentence(row, MONTH, people) == (
        "<10 suspects attended a voluntary appointment for biometric capture in October 2026, "
        "with biometrics taken; 415 in the 12 months to October 2026, 410 of them with "
        "biometrics taken."
    )
    assert capture_sentence(row, MONTH, Rounding(5)) == (
        "Of the detainees booked in during the 12 months to October 2026, 94.9% of 13,075 "
        "eligible had their fingerprints taken, 86.0% of 12,545 eligible gave DNA and 96.9% of "
        "13,200 eligible were photographed; in October 2026 alone the rates were 95.5%, 85.0% and "
        "97.0%."
    )
