"""A real month, end to end: generated CSVs -> Dagster -> DuckDB -> dbt -> checks -> paper.

Every expected figure is computed here straight from the landing CSVs with pandas, a different
method from the dbt models, and compared with the marts and with the rendered paper.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from data_contracts.registry import extracts_of
from orchestration.runner import dagster_instance
from pcp_assets.partitions import partition_key
from pcp_assets.settings import DBT_PROJECT_DIR, Settings
from tests.conftest import REPORTING_MONTH
from tests.landing import read_extract
from tests.paper_html import read_paper
from tests.paper_style import NUMBER_WORDS, percent
from tests.reference.home_office import PROSECUTION_POSSIBLE, offences_frame
from tests.warehouse_state import MARTS, mart_fingerprint

MONTH = date.fromisoformat(f"{REPORTING_MONTH}-01")
WINDOW_START = (pd.Timestamp(MONTH) - pd.DateOffset(months=11)).date()
PREVIOUS_WINDOW_START = (pd.Timestamp(MONTH) - pd.DateOffset(months=23)).date()
MONTH_END = pd.Timestamp(MONTH) + pd.offsets.MonthEnd(0)


@pytest.fixture(scope="module")
def crimes(generated_landing: Path) -> pd.DataFrame:
    frame = read_extract(generated_landing, "crimes")
    frame = frame[frame["status"] == "recorded"].merge(
        offences_frame(), on="offence_code", validate="many_to_one"
    )
    frame["recorded_month"] = (
        pd.to_datetime(frame["recorded_at"]).dt.to_period("M").dt.to_timestamp()
    )
    return frame


@pytest.fixture(scope="module")
def effective_outcomes(generated_landing: Path) -> pd.DataFrame:
    """Each crime's latest outcome dated on or before the reporting month's end."""
    outcomes = read_extract(generated_landing, "outcomes")
    outcomes["outcome_date"] = pd.to_datetime(outcomes["outcome_date"])
    outcomes["outcome_type"] = outcomes["outcome_type"].astype(int)
    known = outcomes[outcomes["outcome_date"] <= MONTH_END]
    latest = known.sort_values(["outcome_date", "file_month"]).groupby("crime_ref").tail(1)
    return latest.set_index("crime_ref")


def in_window(months: pd.Series, start: date) -> pd.Series:
    return (months >= pd.Timestamp(start)) & (months <= pd.Timestamp(MONTH))


def mart_value(settings: Settings, sql: str, params: list) -> float:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


def paper_text(settings: Settings) -> str:
    path = settings.reports_dir / settings.force_id / REPORTING_MONTH / "board_paper.html"
    return read_paper(path)


def test_robbery_r12_and_change_match_the_csvs(
    completed_run: Settings, crimes: pd.DataFrame
) -> None:
    robbery = crimes[crimes["offence_group"] == "Robbery"]
    r12 = int(in_window(robbery["recorded_month"], WINDOW_START).sum())
    previous = int(
        (
            (robbery["recorded_month"] >= pd.Timestamp(PREVIOUS_WINDOW_START))
            & (robbery["recorded_month"] < pd.Timestamp(WINDOW_START))
        ).sum()
    )
    query = (
        "SELECT {} FROM marts.crime_volume WHERE reporting_month = ? AND area = 'All' "
        "AND offence_group = 'Robbery' AND offence_subgroup = 'All'"
    )
    assert mart_value(completed_run, query.format("crimes_r12"), [MONTH]) == r12
    assert mart_value(completed_run, query.format("crimes_prev_r12"), [MONTH]) == previous
    change = (r12 - previous) / previous
    assert mart_value(completed_run, query.format("r12_pct_change"), [MONTH]) == pytest.approx(
        change
    )
    assert percent(r12 - previous, previous, signed=True) in paper_text(completed_run)


def test_residential_burglary_prosecution_possible_rate(
    completed_run: Settings, crimes: pd.DataFrame, effective_outcomes: pd.DataFrame
) -> None:
    burglary = crimes[crimes["offence_subgroup"] == "Burglary residential"]
    recorded = burglary[in_window(burglary["recorded_month"], WINDOW_START)]
    outcome = effective_outcomes.reindex(burglary["crime_ref"]).dropna(subset=["outcome_type"])
    possible = outcome[outcome["outcome_type"].isin(PROSECUTION_POSSIBLE)]
    # In-period: prosecution-possible outcomes dated in the window, whenever the crime was recorded.
    in_period_count = int((possible["outcome_date"] >= pd.Timestamp(WINDOW_START)).sum())
    # Cohort: crimes recorded in the window that have a prosecution-possible outcome by now.
    cohort_count = int(possible.index.isin(recorded["crime_ref"]).sum())
    query = (
        "SELECT {} FROM marts.outcome_rates WHERE reporting_month = ? AND area = 'All' "
        "AND offence_subgroup = 'Burglary residential' AND domestic_abuse = 'All'"
    )
    in_period = mart_value(completed_run, query.format("pp_rate_in_period"), [MONTH])
    assert in_period == pytest.approx(in_period_count / len(recorded))
    cohort = mart_value(completed_run, query.format("pp_rate_cohort"), [MONTH])
    assert cohort == pytest.approx(cohort_count / len(recorded))
    assert percent(in_period_count, len(recorded)) in paper_text(completed_run)


def test_outcome_16_share_for_domestic_abuse(
    completed_run: Settings, crimes: pd.DataFrame, effective_outcomes: pd.DataFrame
) -> None:
    abuse = crimes[crimes["domestic_abuse"] == "Y"].set_index("crime_ref")
    outcomes = effective_outcomes[effective_outcomes.index.isin(abuse.index)]
    window = outcomes[outcomes["outcome_date"] >= pd.Timestamp(WINDOW_START)]
    outcome16 = int((window["outcome_type"] == 16).sum())
    share = outcome16 / len(window)
    query = (
        "SELECT outcome16_share FROM marts.outcome_rates "
        "WHERE reporting_month = ? AND area = 'All' "
        "AND offence_group = 'All crime' AND offence_subgroup = 'All' "
        "AND domestic_abuse = 'Domestic abuse'"
    )
    assert mart_value(completed_run, query, [MONTH]) == pytest.approx(share)
    assert percent(outcome16, len(window)) in paper_text(completed_run)


def test_every_delivered_row_is_loaded_or_rejected(completed_run: Settings) -> None:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        for extract in ("crimes", "outcomes", "incidents"):
            delivered = sum(
                len(pd.read_csv(path, dtype=str))
                for path in (completed_run.landing_dir / extract).glob("*.csv")
            )
            loaded = con.execute(f"SELECT count(*) FROM raw.{extract}").fetchone()[0]
            rejected = con.execute(
                "SELECT count(DISTINCT (month, row_number)) FROM raw.rejects WHERE extract = ?",
                [extract],
            ).fetchone()[0]
            assert delivered == loaded + rejected, extract


def test_the_paper_accounts_for_every_row_loaded(completed_run: Settings) -> None:
    # The generated extracts are all good and never re-delivered: every row of the month's files
    # is loaded and staged, none replaced.
    delivered = sum(
        len(pd.read_csv(completed_run.landing_dir / extract / f"{REPORTING_MONTH}.csv", dtype=str))
        for extract in extracts_of("force_extracts")
    )
    assert (
        f"Of the {delivered:,} rows loaded from the October 2026 deliveries, {delivered:,} are in "
        "the tables the figures are computed from: every row is accounted for."
    ) in paper_text(completed_run)


def test_marts_are_published_for_analysts(completed_run: Settings) -> None:
    published = completed_run.published_dir / "current" / "pcp.duckdb"
    assert mart_fingerprint(published) == mart_fingerprint(completed_run.duckdb_path)
    for mart in MARTS:
        parquet = completed_run.published_dir / "current" / "marts" / f"{mart}.parquet"
        assert len(pd.read_parquet(parquet)) == mart_fingerprint(published)[mart][0]


def test_all_crime_signal_matches_the_csvs(completed_run: Settings, crimes: pd.DataFrame) -> None:
    """The process limits and the verdict on the month, worked with pandas from the CSVs: limits
    from the first 12 of the 24 months, then the four rules on the reporting month."""
    months = pd.date_range(end=pd.Timestamp(MONTH), periods=24, freq="MS")
    x = crimes.groupby("recorded_month").size().reindex(months).to_numpy(dtype=float)
    base = x[:12]
    mean = base.mean()
    mr = abs(base[1:] - base[:-1]).mean()
    upper, lower, band = mean + 2.66 * mr, mean - 2.66 * mr, 2 * 2.66 * mr / 3
    last = len(x) - 1
    found = []
    if x[last] > upper:
        found.append("above the upper process limit")
    if x[last] < lower:
        found.append("below the lower process limit")
    side = (x > mean).astype(int) - (x < mean).astype(int)
    run = 1
    while run <= last and side[last - run] == side[last] != 0:
        run += 1
    if run >= 7:
        where = "above" if side[last] > 0 else "below"
        found.append(f"{NUMBER_WORDS[run]} months in a row {where} the average")
    steps = [1 if b > a else -1 if b < a else 0 for a, b in pairwise(x)]
    rises = 1
    while rises < len(steps) and steps[-1 - rises] == steps[-1] != 0:
        rises += 1
    if steps[-1] != 0 and rises >= 6:
        word = "higher" if steps[-1] > 0 else "lower"
        found.append(f"{NUMBER_WORDS[rises + 1]} months in a row, each {word} than the one before")
    for sign, limit in ((1, "upper"), (-1, "lower")):
        beyond = sign * (x - mean) > band
        if beyond[last] and (beyond[last - 1] or beyond[last - 2]):
            found.append(f"two of three months in a row near the {limit} process limit")
    if not found:
        verdict = "within normal variation"
    else:
        joined = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
        verdict = f"a signal ({joined})"
    first, twelfth = months[0].strftime("%B %Y"), months[11].strftime("%B %Y")
    assert (
        f"Against its process limits ({round(lower):,} to {round(upper):,}, baseline {first} to "
        f"{twelfth}), {MONTH:%B}'s count is {verdict}."
    ) in paper_text(completed_run)


def test_a_successful_dbt_build_leaves_no_target_folder(completed_run: Settings) -> None:
    """Each dbt invocation writes a target folder of its own (named after the run); the
    pipeline's successful runs must not leave theirs behind, run after run."""
    with dagster_instance(completed_run) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS]))
    assert runs
    left = [
        folder.name
        for run in runs
        for folder in (DBT_PROJECT_DIR / "target").glob(f"pcp_dbt_assets-{run.run_id[:7]}-*")
    ]
    assert not left


def test_a_run_of_many_months_plans_each_asset_once_and_materializes_every_month(
    completed_run: Settings, generated_landing: Path
) -> None:
    """The README's run builds the whole history in one run: Dagster writes one planned event per
    asset (naming the months), not one per asset and month, and records every month of every
    asset as materialized, in the run's log and in the index the UI's partition view reads (each
    step's months written as one batch: orchestration/event_log.py)."""
    months = {
        partition_key(date.fromisoformat(f"{path.stem}-01"))
        for path in (generated_landing / "crimes").glob("*.csv")
    }
    assert len(months) > 12
    with dagster_instance(completed_run) as instance:
        # the first run of this warehouse (newest first): later tests may run months again
        run = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS]))[-1]
        planned = instance.all_logs(
            run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED
        )
        planned_assets = [record.dagster_event.asset_key for record in planned]
        for key in (["raw", "crimes"], ["marts", "crime_volume"], ["staging", "stg_raw__crimes"]):
            materialized = instance.get_materialized_partitions(dg.AssetKey(key))
            assert materialized == months, key
            # the run's own log holds each month's materialization once (written as one batch)
            logged = instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
            )
            of_key = [
                r.dagster_event.partition
                for r in logged
                if r.dagster_event.asset_key == dg.AssetKey(key)
            ]
            assert sorted(of_key) == sorted(months), key
    assert len(planned_assets) == len(set(planned_assets))
