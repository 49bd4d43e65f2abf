"""The dbt project on a small hand-made warehouse: one `dbt build` (seeds, unit tests, models, data
tests), then a month rebuilt on its own; figures checked against pandas computed from the raw rows.
dbt runs in a subprocess: in-process, dbt-duckdb would keep the warehouse file open."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.settings import SEEDS_DIR
from tests.dbt_cli import dbt
from tests.reference.home_office import PROSECUTION_POSSIBLE, offences_frame
from tests.reference.places import area_of_beat

pytestmark = pytest.mark.minutes(4)

FORCE = "midshire"
MONTHS = [(pd.Timestamp("2024-01-01") + pd.DateOffset(months=i)).date() for i in range(14)]
REPORTING_MONTH = MONTHS[-1]
WINDOW_START = MONTHS[-12]
MISSING_INCIDENTS_MONTH = date(2024, 3, 1)  # never delivered: R12 response times unavailable
OFFENCES = ["28E", "8N", "34B", "46", "58A"]
LOADED_AT = datetime(2025, 3, 5, 6, 0)
BUILD_TARGET = "target-build"


def month_end(month: date) -> pd.Timestamp:
    return pd.Timestamp(month) + pd.offsets.MonthEnd(0)


def random_time(rng: random.Random, month: date) -> datetime:
    days = (month_end(month).date() - month).days + 1
    return datetime(month.year, month.month, 1) + timedelta(seconds=rng.randrange(days * 86400))


def make_extracts() -> dict[str, pd.DataFrame]:
    """A few dozen crimes a month, outcomes (some revised), incidents (some linked to a crime)."""
    rng = random.Random(7)
    lsoas = pd.read_csv(SEEDS_DIR / "area_lookup.csv").query("force_id == @FORCE")
    crimes, outcomes, incidents = [], [], []
    for month in MONTHS:
        for n in range(rng.randint(25, 40)):
            recorded_at = random_time(rng, month)
            lsoa = lsoas.sample(1, random_state=rng.randrange(10**6)).iloc[0]
            ref = f"MS/{month:%y%m}/{n:04d}"
            status = rng.choices(["recorded", "cancelled", "transferred"], [90, 6, 4])[0]
            crimes.append(
                {
                    "crime_ref": ref,
                    "recorded_at": recorded_at,
                    "offence_code": rng.choice(OFFENCES),
                    "beat_code": lsoa.beat_code,
                    "lsoa_code": lsoa.lsoa_code,
                    "domestic_abuse": rng.random() < 0.2,
                    "status": status,
                }
            )
            outcome_at = recorded_at + timedelta(days=rng.randint(0, 120))
            for _ in range(rng.choice([0, 1, 1, 1, 2])):  # none, one, or one revision
                outcomes.append(
                    {
                        "crime_ref": ref,
                        "outcome_date": outcome_at.date(),
                        "outcome_type": rng.choice([1, 2, 4, 8, 14, 15, 16, 16, 18, 22]),
                    }
                )
                outcome_at += timedelta(days=rng.randint(1, 90))
            if rng.random() < 0.5:
                incidents.append(
                    {
                        "call_at": recorded_at - timedelta(minutes=30),
                        "linked_crime_ref": ref,
                        "beat_code": lsoa.beat_code,
                    }
                )
        for _ in range(rng.randint(20, 30)):
            lsoa = lsoas.sample(1, random_state=rng.randrange(10**6)).iloc[0]
            incidents.append(
                {
                    "call_at": random_time(rng, month),
                    "linked_crime_ref": None,
                    "beat_code": lsoa.beat_code,
                }
            )
    # A crime delivered again in a later month: that later delivery wins (here: it was cancelled).
    crimes.append(
        {
            **crimes[0],
            "recorded_at": crimes[0]["recorded_at"] + timedelta(days=40),
            "status": "cancelled",
        }
    )
    for number, incident in enumerate(incidents):
        incident["incident_ref"] = f"INC{number:05d}"
        incident["grade"] = rng.choice(["immediate", "prompt", "scheduled"])
        attended = rng.random() > 0.05
        incident["arrived_at"] = (
            incident["call_at"] + timedelta(seconds=rng.randint(120, 20000)) if attended else None
        )
    frames = {
        "crimes": pd.DataFrame(crimes).assign(
            offence_description="x", area="as held", district="as held"
        ),
        "outcomes": pd.DataFrame(outcomes),
        "incidents": pd.DataFrame(incidents),
    }
    frames["outcomes"] = frames["outcomes"][
        pd.to_datetime(frames["outcomes"]["outcome_date"]) <= month_end(REPORTING_MONTH)
    ]
    frames["incidents"] = frames["incidents"][
        pd.to_datetime(frames["incidents"]["call_at"]).dt.to_period("M").dt.to_timestamp()
        != pd.Timestamp(MISSING_INCIDENTS_MONTH)
    ]
    return frames


EVENT_DATE = {"crimes": "recorded_at", "outcomes": "outcome_date", "incidents": "call_at"}


def load(con: duckdb.DuckDBPyConnection, extract: str, frame: pd.DataFrame) -> None:
    """Insert an extract's rows as the ingest assets do: delivery month, file, row number, loads."""
    frame = frame.assign(
        force_id=FORCE,
        month=pd.to_datetime(frame[EVENT_DATE[extract]])
        .dt.to_period("M")
        .dt.to_timestamp()
        .dt.date,
    )
    frame["_source_file"] = frame["month"].map(lambda m: f"{extract}/{m:%Y-%m}.csv")
    frame["_row_number"] = frame.groupby("month").cumcount() + 1
    frame["_loaded_at"] = LOADED_AT
    columns = [row[0] for row in con.execute(f"describe raw.{extract}").fetchall()]
    con.register("frame", frame[columns])
    con.execute(f"insert into raw.{extract} select * from frame")
    con.unregister("frame")
    for month, rows in frame.groupby("month").size().items():
        con.execute(
            "insert into raw.loads (extract, month, force_id, source_file, sha256, rows_delivered, "
            "rows_loaded, rows_rejected, loaded_at) values (?, ?, ?, ?, 'sha', ?, ?, 0, ?)",
            [extract, month, FORCE, f"{extract}/{month:%Y-%m}.csv", rows, rows, LOADED_AT],
        )


@pytest.fixture(scope="module")
def extracts() -> dict[str, pd.DataFrame]:
    return make_extracts()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, extracts) -> Path:
    path = tmp_path_factory.mktemp("dbt") / "pcp.duckdb"
    with duckdb.connect(str(path)) as con:
        create_raw_tables(con)
        for extract, frame in extracts.items():
            load(con, extract, frame)
    return path


@pytest.fixture(scope="module")
def built(warehouse: Path) -> Path:
    # One invocation (dbt's start-up and parse dominate at this size): `build` seeds, runs each
    # model's unit tests before the model, then the model and its data tests.
    dbt(warehouse, "build", target=BUILD_TARGET)
    return warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).df()


def recorded_crimes(extracts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rules read in pandas: a crime's last delivery wins; only `recorded` crimes count."""
    crimes = extracts["crimes"].reset_index(drop=True)
    latest = crimes[~crimes.duplicated("crime_ref", keep="last")]
    recorded = latest[latest["status"] == "recorded"].drop(columns=["area", "district"])
    recorded = recorded.merge(offences_frame(), on="offence_code", validate="many_to_one")
    recorded["area"] = recorded["beat_code"].map(area_of_beat)
    recorded["recorded_month"] = pd.to_datetime(recorded["recorded_at"]).dt.to_period("M")
    return recorded.set_index("crime_ref")


def test_build_ran_seeds_unit_tests_models_and_data_tests(built: Path) -> None:
    results = json.loads((built.parent / BUILD_TARGET / "run_results.json").read_text())["results"]
    kinds: dict[str, set[str]] = {}
    for result in results:
        kind = result["unique_id"].split(".")[0]
        kinds.setdefault(kind, set()).add(result["status"])
    assert kinds == {
        "seed": {"success"},
        "unit_test": {"pass"},
        "model": {"success"},
        "test": {"pass"},
    }


def test_r12_by_area_and_group(built: Path, extracts) -> None:
    crimes = recorded_crimes(extracts)
    in_window = crimes["recorded_month"] >= pd.Period(WINDOW_START, "M")
    expected = crimes[in_window].groupby(["area", "offence_group"]).size()
    mart = query(
        built,
        "select area, offence_group, crimes_r12 from marts.crime_volume "
        "where reporting_month = ? and breakdown = 'area_group'",
        [REPORTING_MONTH],
    ).set_index(["area", "offence_group"])["crimes_r12"]
    assert mart[mart > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert len(mart) == 2 * mart.index.get_level_values("offence_group").nunique()  # zero-filled


def test_outcome_rates_as_of_the_reporting_month(built: Path, extracts) -> None:
    crimes = recorded_crimes(extracts)
    outcomes = extracts["outcomes"].assign(outcome_date=lambda f: pd.to_datetime(f["outcome_date"]))
    outcomes = outcomes[outcomes["crime_ref"].isin(crimes.index)]
    # every outcome is dated on or before the end of the reporting month; the last row wins
    effective = outcomes.groupby("crime_ref").tail(1).set_index("crime_ref")
    dated_in_window = effective["outcome_date"] >= pd.Timestamp(WINDOW_START)
    possible = effective["outcome_type"].isin(PROSECUTION_POSSIBLE)
    recorded_in_window = crimes.index[crimes["recorded_month"] >= pd.Period(WINDOW_START, "M")]
    crimes_r12 = len(recorded_in_window)
    assigned = effective[dated_in_window]

    row = query(
        built,
        "select * from marts.outcome_rates where reporting_month = ? and breakdown = 'force'",
        [REPORTING_MONTH],
    ).iloc[0]
    assert row["crimes_r12"] == crimes_r12
    in_period = (possible & dated_in_window).sum()
    assert row["pp_rate_in_period"] == pytest.approx(in_period / crimes_r12)
    cohort = (possible & effective.index.isin(recorded_in_window)).sum()
    assert row["pp_rate_cohort"] == pytest.approx(cohort / crimes_r12)
    assert row["outcome16_share"] == pytest.approx((assigned["outcome_type"] == 16).mean())
    # R12 figures are available; the year-earlier share would need months before the first load
    assert row["unavailable_reason"] == "no data before 2024-01"


def test_response_times_and_missing_month(built: Path, extracts) -> None:
    incidents = extracts["incidents"].dropna(subset=["arrived_at"])
    incidents = incidents[
        (pd.to_datetime(incidents["call_at"]).dt.to_period("M") == pd.Period(REPORTING_MONTH, "M"))
        & (incidents["grade"] == "prompt")
    ]
    minutes = (incidents["arrived_at"] - incidents["call_at"]).dt.total_seconds() / 60
    row = query(
        built,
        "select * from marts.response_times where reporting_month = ? and area = 'All' "
        "and grade = 'prompt' and offence_subgroup = 'All'",
        [REPORTING_MONTH],
    ).iloc[0]
    assert row["incidents_month"] == len(minutes)
    assert row["median_minutes_month"] == pytest.approx(minutes.median())
    assert row["p90_minutes_month"] == pytest.approx(minutes.quantile(0.9))
    # the R12 window (Mar 2024 .. Feb 2025) includes the undelivered month
    assert pd.isna(row["median_minutes_r12"])
    assert row["unavailable_reason"] == "missing months: 2024-03"


def test_rebuilding_a_month_reproduces_it_after_later_outcomes(built: Path) -> None:
    """Re-running an old month ignores outcomes dated after its end; others are left alone."""
    marts = ["crime_volume", "outcome_rates", "outcome_counts", "response_times"]
    before = {mart: query(built, f"select * from marts.{mart} order by all") for mart in marts}
    # a new month of outcomes arrives: every crime of the reporting month gets outcome 1
    later = date(2025, 3, 1)
    with duckdb.connect(str(built)) as con:
        con.execute(
            "insert into raw.outcomes select force_id, crime_ref, 1, date '2025-03-10', ?, "
            "'outcomes/2025-03.csv', row_number() over (), ? from raw.crimes where month = ?",
            [later, LOADED_AT, REPORTING_MONTH],
        )
        con.execute(
            "insert into raw.loads (extract, month, force_id, source_file, sha256, rows_delivered, "
            "rows_loaded, rows_rejected, loaded_at) "
            "values ('outcomes', ?, ?, 'outcomes/2025-03.csv', 'sha', 1, 1, 0, ?)",
            [later, FORCE, LOADED_AT],
        )
    dbt(
        built,
        "run",
        "--select",
        "marts",
        target="target-rebuild",
        reporting_month=REPORTING_MONTH.isoformat(),
    )
    for mart in marts:
        after = query(built, f"select * from marts.{mart} order by all")
        pd.testing.assert_frame_equal(after, before[mart], check_dtype=False)
