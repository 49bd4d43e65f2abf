"""marts.domestic_abuse_protection against an independent computation from the generated
dvpn_dvpo CSVs, and the words of objective 3.1.3 (reports/sections/domestic_abuse_protection.py),
which must stay grammatical for any count and when figures are missing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from reports.sections.domestic_abuse_protection import (
    hearing_sentence,
    month_sentence,
    r12_sentence,
)

MONTHS = ("2026-10", "2026-06", "2025-12", "2025-09")


@pytest.fixture(scope="module")
def cases(completed_run: Settings) -> pd.DataFrame:
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False)
        for path in sorted((completed_run.landing_dir / "dvpn_dvpo").glob("*.csv"))
    ]
    frame = pd.concat(frames, ignore_index=True)
    for column in ("dvpn_applied_at", "dvpn_decided_at", "court_hearing_at"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    frame["month"] = frame["dvpn_applied_at"].dt.to_period("M")
    return frame


@pytest.fixture(scope="module")
def mart(completed_run: Settings) -> pd.DataFrame:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        return con.execute("select * from marts.domestic_abuse_protection").df()


def funnel(cases: pd.DataFrame, months: list[pd.Period], as_of: pd.Timestamp) -> dict:
    """Stages of the cases applied for in `months`, each counted if it happened before `as_of`."""
    rows = cases[cases["month"].isin(months)]
    authorised = (rows["dvpn_decision"] == "authorised") & (rows["dvpn_decided_at"] < as_of)
    dvpo = (rows["dvpo_applied"] == "Y") & (rows["dvpn_decided_at"] < as_of)
    heard = (rows["dvpo_applied"] == "Y") & (rows["court_hearing_at"] < as_of)
    granted = heard & (rows["dvpo_outcome"] == "granted")
    hours = (rows["court_hearing_at"] - rows["dvpn_decided_at"])[heard].dt.total_seconds() / 3600
    return {
        "dvpn_applications": len(rows),
        "dvpn_authorised": int(authorised.sum()),
        "dvpo_applications": int(dvpo.sum()),
        "dvpos_granted": int(granted.sum()),
        "hearings": int(heard.sum()),
        "median_hours": hours.median() if len(hours) else None,
    }


@pytest.mark.parametrize("month", MONTHS)
def test_domestic_abuse_protection_matches_the_csvs(cases, mart, month: str) -> None:
    period = pd.Period(month, freq="M")
    as_of = (period + 1).start_time
    row = mart[mart["reporting_month"] == period.start_time].iloc[0]
    this_month = funnel(cases, [period], as_of)
    r12 = funnel(cases, [period - k for k in range(12)], as_of)
    for stage in ("dvpn_applications", "dvpn_authorised", "dvpo_applications", "dvpos_granted"):
        assert row[f"{stage}_month"] == this_month[stage], (month, stage)
        assert row[f"{stage}_r12"] == r12[stage], (month, stage)
    assert row["authorisation_rate_r12"] == pytest.approx(
        r12["dvpn_authorised"] / r12["dvpn_applications"]
    )
    assert row["dvpo_application_rate_r12"] == pytest.approx(
        r12["dvpo_applications"] / r12["dvpn_authorised"]
    )
    assert row["grant_rate_r12"] == pytest.approx(r12["dvpos_granted"] / r12["dvpo_applications"])
    assert row["hearings_r12"] == r12["hearings"]
    assert row["median_hours_to_hearing_r12"] == pytest.approx(r12["median_hours"])


def test_volumes_and_legal_limits(cases) -> None:
    per_month = cases.groupby("month").size().reindex(cases["month"].unique(), fill_value=0)
    assert 3 <= per_month.mean() <= 8
    granted = cases[cases["dvpo_outcome"] == "granted"]
    assert granted["order_length_days"].astype(int).between(14, 28).all()
    assert (cases.loc[cases["dvpo_applied"] == "N", "court_hearing_at"].isna()).all()
    heard = cases[cases["dvpo_applied"] == "Y"]
    assert (heard["court_hearing_at"] > heard["dvpn_decided_at"]).all()


# --- sentences ------------------------------------------------------------------------------------

MONTH = "April 2019"


def row(**figures) -> dict:
    base = {
        "dvpn_applications_month": 3,
        "dvpn_authorised_month": 2,
        "dvpos_granted_month": 2,
        "dvpn_applications_r12": 57,
        "dvpn_authorised_r12": 49,
        "dvpo_applications_r12": 44,
        "dvpos_granted_r12": 31,
        "authorisation_rate_r12": 49 / 57,
        "dvpo_application_rate_r12": 44 / 49,
        "grant_rate_r12": 31 / 44,
        "hearings_r12": 44,
        "median_hours_to_hearing_r12": 17.42,
        "unavailable_reason": None,
    }
    return base | figures


def test_the_reference_papers_sentence() -> None:
    assert month_sentence(row(), MONTH) == (
        "In April 2019, two of three DVPNs applied for were authorised and two DVPOs were granted "
        "at court."
    )


@pytest.mark.parametrize(
    ("applied", "authorised", "granted", "words"),
    [
        (0, 0, 0, "In April 2019, no DVPNs were applied for."),
        (
            1,
            1,
            1,
            "In April 2019, the one DVPN applied for was authorised and one DVPO was granted",
        ),
        (1, 0, 0, "In April 2019, the one DVPN applied for was not authorised and no DVPOs were"),
        (2, 2, 0, "In April 2019, both DVPNs applied for were authorised and no DVPOs were"),
        (5, 5, 4, "In April 2019, all five DVPNs applied for were authorised and four DVPOs were"),
        (4, 1, 1, "In April 2019, one of four DVPNs applied for was authorised and one DVPO was"),
        (3, 0, 0, "In April 2019, none of the three DVPNs applied for was authorised and no DVPOs"),
        (14, 13, 12, "In April 2019, 13 of 14 DVPNs applied for were authorised and twelve DVPOs"),
    ],
)
def test_month_sentence_stays_grammatical(applied, authorised, granted, words) -> None:
    figures = row(
        dvpn_applications_month=applied,
        dvpn_authorised_month=authorised,
        dvpos_granted_month=granted,
    )
    assert month_sentence(figures, MONTH).startswith(words)


def test_12_months_and_hearing() -> None:
    assert r12_sentence(row(), MONTH) == (
        "In the 12 months to April 2019, 57 DVPNs were applied for and 49 authorised (86.0%); "
        "DVPOs were applied for after 44 of the authorised notices (89.8%) and 31 were granted "
        "(70.5% of applications)."
    )
    assert hearing_sentence(row(), MONTH) == (
        "The median time from a DVPN's authorisation to the DVPO hearing was 17.4 hours over the "
        "12 months to April 2019 (44 hearings; the law allows 48 hours, not counting Sundays and "
        "bank holidays)."
    )


def test_missing_and_empty_figures() -> None:
    missing = dict.fromkeys(row()) | {"unavailable_reason": "missing months: 2019-04"}
    assert month_sentence(missing, MONTH) == (
        "DVPN and DVPO figures for April 2019 are not available (missing months: 2019-04)."
    )
    assert r12_sentence(missing, MONTH) is None
    assert hearing_sentence(missing, MONTH) is None
    assert month_sentence(None, MONTH) == "No DVPN or DVPO figures are held for April 2019."

    early = row() | {key: None for key in row() if key.endswith("_r12")}
    early["unavailable_reason"] = "no data before 2018-09"
    # Short history: the section's top says so once; the 12 month sentence is left out.
    assert r12_sentence(early, MONTH) is None
    assert hearing_sentence(early, MONTH) is None
    gap = early | {"unavailable_reason": "missing months: 2019-02"}
    assert r12_sentence(gap, MONTH) == (
        "The figures for the 12 months to April 2019 are not available (missing months: 2019-02)."
    )

    quiet = row(
        dvpn_applications_r12=1,
        dvpn_authorised_r12=0,
        dvpo_applications_r12=0,
        dvpos_granted_r12=0,
        authorisation_rate_r12=0.0,
        dvpo_application_rate_r12=None,
        grant_rate_r12=None,
        hearings_r12=0,
        median_hours_to_hearing_r12=None,
    )
    assert r12_sentence(quiet, MONTH) == (
        "In the 12 months to April 2019, 1 DVPN was applied for and 0 authorised (0.0%)."
    )
    assert hearing_sentence(quiet, MONTH) == (
        "No DVPO hearings were held in the 12 months to April 2019."
    )
    none = row(dvpn_applications_r12=0)
    assert r12_sentence(none, MONTH) == "No DVPNs were applied for in the 12 months to April 2019."
