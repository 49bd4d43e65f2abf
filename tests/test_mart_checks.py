"""The marts' Great Expectations suites: derived from the dbt project, and each one, run as Dagster
runs it, fails on a corrupted copy of a real run's warehouse and writes its Data Docs page."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from data_contracts.registry import extracts_of
from pcp_assets.mart_checks import build_mart_checks
from pcp_assets.mart_suites import (
    Bounds,
    MartSuite,
    load_suites,
    recomputed_column,
    suites_from_manifest,
)
from pcp_assets.partitions import monthly_partitions
from pcp_assets.settings import Settings
from pcp_assets.transform import dbt_project, prepare_dbt_manifest
from pcp_assets.warehouse import Warehouse
from tests.conftest import REPORTING_MONTH

pytestmark = pytest.mark.minutes(1.5)

MONTH = f"{REPORTING_MONTH}-01"
PARTITIONS = monthly_partitions(date(2024, 1, 1))  # before the generated history

# The suites as they were written out in Python before being derived from the marts' yml, plus
# the `accepted_range` tests the yml already held (crimes, trend runs, response counts and times).
SUITES_BEFORE = {
    "crime_volume": MartSuite(
        mart="crime_volume",
        keys=("force_id", "reporting_month", "area", "offence_group", "offence_subgroup"),
        ranges=(
            Bounds("crimes", 0),
            Bounds("r12_rising_months", 0),
            Bounds("r12_falling_months", 0),
        ),
        at_least=(("crimes_r12", "crimes"),),
        sums_of_12_months=(("crimes_r12", "crimes"),),
    ),
    "outcome_rates": MartSuite(
        mart="outcome_rates",
        keys=(
            "force_id",
            "reporting_month",
            "area",
            "offence_group",
            "offence_subgroup",
            "domestic_abuse",
        ),
        ranges=(
            Bounds("pp_rate_in_period", 0),
            Bounds("pp_rate_cohort", 0, 1),
            Bounds("outcome16_share", 0, 1),
            Bounds("outcome16_share_year_earlier", 0, 1),
        ),
        at_least=(
            ("assigned_outcomes_r12", "outcome16_r12"),
            ("tic_r12", "tic_month"),
            ("oocd_r12", "oocd_month"),
        ),
    ),
    "outcome_counts": MartSuite(
        mart="outcome_counts",
        keys=("force_id", "reporting_month", "area", "offence_group", "outcome_type"),
        at_least=(("outcomes_r12", "outcomes_month"),),
    ),
    "response_times": MartSuite(
        mart="response_times",
        keys=("force_id", "reporting_month", "area", "grade", "offence_subgroup"),
        ranges=(Bounds("incidents_month", 0), Bounds("median_minutes_month", 0)),
        at_least=(
            ("p90_minutes_month", "median_minutes_month"),
            ("incidents_r12", "incidents_month"),
            ("p90_minutes_r12", "median_minutes_r12"),
        ),
        optional_extract="incidents",
    ),
}
# The manifest the suites are read from (a fresh clone has none until the project is parsed).
prepare_dbt_manifest(Settings.from_env())
SUITES = {suite.mart: suite for suite in load_suites()}


def manifest() -> dict:
    return json.loads(dbt_project.manifest_path.read_text())


def test_every_mart_in_the_manifest_has_a_blocking_check() -> None:
    marts = {
        node["name"]
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    checks = {
        (check_spec.asset_key.path[1], check_spec.name, check_spec.blocking)
        for check in build_mart_checks()
        for check_spec in check.check_specs
    }
    assert checks == {(mart, "great_expectations", True) for mart in marts}


@pytest.mark.parametrize("mart", sorted(SUITES_BEFORE))
def test_the_derived_suite_keeps_the_expectations_written_before(mart: str) -> None:
    assert SUITES[mart] == SUITES_BEFORE[mart]


def test_a_mart_without_a_key_test_is_refused() -> None:
    unkeyed = copy.deepcopy(manifest())
    unkeyed["nodes"] = {
        unique_id: node
        for unique_id, node in unkeyed["nodes"].items()
        if not (
            node.get("attached_node") == "model.pcp.outcome_counts"
            and node.get("test_metadata", {}).get("name") == "unique_combination_of_columns"
        )
    }
    with pytest.raises(ValueError, match=r"marts\.outcome_counts needs one unique_combination"):
        suites_from_manifest(unkeyed)


class Corruption:
    """Corrupts rows of a mart up to the reporting month (the reporting month's first, then earlier
    months': a mart of one row a month has more rules than rows), never the same column of a row
    twice, and names the expectations that must fail as the check reports them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mart: str) -> None:
        self.con, self.mart = con, mart
        self.touched: dict[int, set[str]] = {}  # rowid -> columns corrupted on it
        self.expected_failures: set[str] = set()

    def _row(
        self, column: str, *not_null: str, with_a_year_before: bool = False, oldest: bool = False
    ) -> int:
        present = "".join(f" AND {c} IS NOT NULL" for c in (column, *not_null))
        # a 12-month sum is recomputed only where the eleven months before are in the mart
        recent = f" AND reporting_month > DATE '{MONTH}' - INTERVAL 12 MONTH" * with_a_year_before
        rows = self.con.execute(
            f"SELECT rowid FROM marts.{self.mart} WHERE reporting_month <= ?{present}{recent}"
            f" ORDER BY reporting_month {'ASC' if oldest else 'DESC'}, rowid",
            [MONTH],
        ).fetchall()
        columns = {column, *not_null}
        free = next((r for (r,) in rows if not self.touched.get(r, set()) & columns), None)
        assert free is not None, f"no row of {self.mart} left to corrupt {column}"
        self.touched.setdefault(free, set()).update(columns)
        return free

    def _set(self, column: str, value_sql: str, *not_null: str, **where: bool) -> None:
        row = self._row(column, *not_null, **where)
        self.con.execute(
            f"UPDATE marts.{self.mart} SET {column} = {value_sql} WHERE rowid = ?", [row]
        )

    def duplicate_key(self, keys: tuple[str, ...]) -> None:
        # the oldest month: a key twice in a month spoils the 12-month sums recomputed after it
        row = self._row("reporting_month", oldest=True)
        self.con.execute(
            f"INSERT INTO marts.{self.mart} SELECT * FROM marts.{self.mart} WHERE rowid = ?", [row]
        )
        self.expected_failures.add(f"expect_compound_columns_to_be_unique {', '.join(keys)}")

    def out_of_range(self, bounds: Bounds) -> None:
        below = bounds.min_value is not None
        outside = bounds.min_value - 1 if below else bounds.max_value + 1
        self._set(bounds.column, str(outside))
        self.expected_failures.add(f"expect_column_values_to_be_between {bounds.column}")

    def inverted(self, a: str, b: str) -> None:
        self._set(a, f"{b} - 1", b)
        self.expected_failures.add(f"expect_column_pair_values_a_to_be_greater_than_b {a}, {b}")

    def rolling_sum_off_by_one(self, rolling: str) -> None:
        self._set(rolling, f"{rolling} + 1", with_a_year_before=True)
        self.expected_failures.add(
            f"expect_column_pair_values_to_be_equal {rolling}, {recomputed_column(rolling)}"
        )


def corrupt_every_rule(con: duckdb.DuckDBPyConnection, suite: MartSuite) -> set[str]:
    corruption = Corruption(con, suite.mart)
    for rolling, _ in suite.sums_of_12_months:  # first: they need the most recent rows
        corruption.rolling_sum_off_by_one(rolling)
    corruption.duplicate_key(suite.keys)
    for bounds in suite.ranges:
        corruption.out_of_range(bounds)
    for a, b in suite.at_least:
        corruption.inverted(a, b)
    return corruption.expected_failures


def warehouse_copy(completed_run: Settings, folder: Path, change: Callable) -> Path:
    """The run's warehouse copied to `folder` (where the check's Data Docs go too), then changed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pcp.duckdb"
    shutil.copy(completed_run.duckdb_path, path)
    with duckdb.connect(str(path)) as con:
        change(con)
    return path


def run_check(
    mart: str, warehouse: Path, first: str = MONTH, force_id: str = "midshire"
) -> tuple[dg.AssetCheckEvaluation, str]:
    """Run the mart's check alone, for the months `first` to the reporting month, in a Dagster
    run of `force_id`."""
    (check,) = [c for c in build_mart_checks() if c.check_key.asset_key.path == ["marts", mart]]
    settings = replace(
        Settings.from_env(),
        duckdb_path=warehouse,
        data_docs_dir=data_docs_dir(warehouse),
        force_id=force_id,
    )
    result = dg.materialize(
        [dg.AssetSpec(check.check_key.asset_key, partitions_def=PARTITIONS), check],
        selection=dg.AssetSelection.checks(check),
        # the month as `pcp run` passes it (a partition range of one month)
        tags={
            "dagster/asset_partition_range_start": first,
            "dagster/asset_partition_range_end": MONTH,
        },
        resources={"warehouse": Warehouse.from_settings(settings), "settings": settings},
        raise_on_error=False,
    )
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation, result.run_id


def failed(evaluation: dg.AssetCheckEvaluation) -> set[str]:
    """The failed expectations (`<type> <columns>`) of the check's lines, which read
    `- <force> <months>: <type> <columns>: <n> rows, e.g. <keys>`."""
    text = evaluation.metadata["failed"].value
    return set() if text == "none" else {line.split(": ")[1] for line in text.splitlines()}


def data_docs_dir(warehouse: Path) -> Path:
    return warehouse.parent / "data_docs"


def data_docs_index(warehouse: Path, run_id: str, mart: str) -> Path:
    return data_docs_dir(warehouse) / run_id / mart / "index.html"


# Marts the synthetic run fills: not those of another source's extracts, nor one that a good month
# leaves empty (no rejected rows).
FILLED = sorted(
    mart
    for mart, suite in SUITES.items()
    if not suite.may_be_empty and suite.optional_extract in (None, *extracts_of("force_extracts"))
)


@pytest.mark.parametrize("mart", FILLED)
def test_the_suite_passes_on_the_run_as_built(
    mart: str, completed_run: Settings, tmp_path: Path
) -> None:
    warehouse = warehouse_copy(completed_run, tmp_path, lambda con: None)
    evaluation, run_id = run_check(mart, warehouse)
    assert evaluation.passed, failed(evaluation)
    assert failed(evaluation) == set()
    assert evaluation.metadata["rows_checked"].value > 0
    assert data_docs_index(warehouse, run_id, mart).is_file()


@pytest.mark.parametrize("mart", FILLED)
def test_the_suite_fails_on_a_corrupted_mart_naming_each_broken_expectation(
    mart: str, completed_run: Settings, tmp_path: Path
) -> None:
    expected: set[str] = set()
    warehouse = warehouse_copy(
        completed_run,
        tmp_path,
        lambda con: expected.update(corrupt_every_rule(con, SUITES[mart])),
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (first,) = con.execute(f"SELECT min(reporting_month) FROM marts.{mart}").fetchone()
    evaluation, run_id = run_check(mart, warehouse, f"{first:%Y-%m-%d}")
    assert not evaluation.passed
    assert expected <= failed(evaluation)
    index = data_docs_index(warehouse, run_id, mart)
    assert f"{mart}_suite" in index.read_text()
    assert list((index.parent / "validations" / f"{mart}_suite").rglob("*.html"))
    # over http (pcp ui serves the folder), at the default address
    url = f"http://127.0.0.1:3001/{run_id}/{mart}/index.html"
    assert evaluation.metadata["data_docs"].value == url


@pytest.mark.parametrize("mart", [m for m in FILLED if SUITES[m].optional_extract])
def test_an_empty_mart_passes_only_when_its_optional_extract_was_not_delivered(
    mart: str, completed_run: Settings, tmp_path: Path
) -> None:
    extract = SUITES[mart].optional_extract

    def never_delivered(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"DELETE FROM marts.{mart}")
        con.execute("DELETE FROM raw.loads WHERE extract = ?", [extract])

    evaluation, _ = run_check(mart, warehouse_copy(completed_run, tmp_path / "a", never_delivered))
    assert evaluation.passed
    assert evaluation.metadata["rows_checked"].value == 0
    assert extract in evaluation.metadata["not_run"].value

    def emptied(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"DELETE FROM marts.{mart}")

    evaluation, _ = run_check(mart, warehouse_copy(completed_run, tmp_path / "b", emptied))
    assert not evaluation.passed
    assert failed(evaluation) == {"expect_table_row_count_to_be_between"}


@pytest.mark.parametrize("mart", sorted(m for m, s in SUITES.items() if s.may_be_empty))
def test_a_mart_that_may_be_empty_passes_empty_and_fails_corrupted(
    mart: str, completed_run: Settings, tmp_path: Path
) -> None:
    def emptied(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"DELETE FROM marts.{mart}")

    evaluation, _ = run_check(mart, warehouse_copy(completed_run, tmp_path / "a", emptied))
    assert evaluation.passed
    assert evaluation.metadata["rows_checked"].value == 0

    def two_of_one_key(con: duckdb.DuckDBPyConnection) -> None:
        emptied(con)
        columns = [c for c, *_ in con.execute(f"DESCRIBE marts.{mart}").fetchall()]
        values = {"force_id": "'midshire'", "reporting_month": f"DATE '{MONTH}'"}
        row = ", ".join(values.get(c, "'x'" if c in SUITES[mart].keys else "1") for c in columns)
        con.execute(f"INSERT INTO marts.{mart} VALUES ({row}), ({row})")

    evaluation, _ = run_check(mart, warehouse_copy(completed_run, tmp_path / "b", two_of_one_key))
    assert not evaluation.passed
    assert f"expect_compound_columns_to_be_unique {', '.join(SUITES[mart].keys)}" in failed(
        evaluation
    )


def test_the_regions_latest_month_passes_while_other_forces_have_not_run_it(
    completed_run: Settings, tmp_path: Path
) -> None:
    """Forces run a month one after the other: until the last has, the region's latest month adds
    up fewer forces than the months before it. Here a second force of the same size is in every
    month but the reporting month; the month's R12 (its forces' R12) is right and must pass."""

    def second_force_behind(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "UPDATE marts.region_headlines SET forces = forces + 1, crimes = crimes * 2, "
            "crimes_r12 = crimes_r12 * 2 WHERE reporting_month < ?",
            [MONTH],
        )

    warehouse = warehouse_copy(completed_run, tmp_path, second_force_behind)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        forces = dict(
            con.execute(
                "SELECT reporting_month = ?, max(forces) FROM marts.region_headlines GROUP BY 1",
                [MONTH],
            ).fetchall()
        )
    assert forces == {True: 1, False: 2}
    evaluation, _ = run_check("region_headlines", warehouse)
    assert evaluation.passed, failed(evaluation)


def test_a_run_checks_its_own_forces_rows_and_not_the_others(
    completed_run: Settings, tmp_path: Path
) -> None:
    """Each force's run checks its own rows of its months: a broken row of another force in the
    same warehouse fails that force's check, not this one's."""

    def another_force_with_a_duplicate(con: duckdb.DuckDBPyConnection) -> None:
        for _ in range(2):
            con.execute(
                "INSERT INTO marts.crime_volume SELECT * REPLACE ('otherton' AS force_id) "
                "FROM marts.crime_volume WHERE force_id = 'midshire' AND reporting_month = ? "
                "AND area = 'All' AND offence_group = 'All crime' AND offence_subgroup = 'All'",
                [MONTH],
            )

    warehouse = warehouse_copy(completed_run, tmp_path, another_force_with_a_duplicate)
    ours, _ = run_check("crime_volume", warehouse)
    assert ours.passed, failed(ours)
    theirs, _ = run_check("crime_volume", warehouse, force_id="otherton")
    assert not theirs.passed
    assert theirs.metadata["rows_checked"].value == 2
    keys = ", ".join(SUITES["crime_volume"].keys)
    assert f"expect_compound_columns_to_be_unique {keys}" in failed(theirs)


def test_a_failed_expectation_names_its_rows_by_their_key(
    completed_run: Settings, tmp_path: Path
) -> None:
    """Two rows of October's crime volume below zero: the check's line names the force, the
    month, the expectation, how many rows and the rows' keys with the value found."""
    picked: list[tuple[str, str, str]] = []

    def break_two_rows(con: duckdb.DuckDBPyConnection) -> None:
        picked.extend(
            con.execute(
                "SELECT area, offence_group, offence_subgroup FROM marts.crime_volume "
                "WHERE reporting_month = ? AND area <> 'All' ORDER BY ALL LIMIT 2",
                [MONTH],
            ).fetchall()
        )
        for area, group, subgroup in picked:
            con.execute(
                "UPDATE marts.crime_volume SET crimes = -7 WHERE reporting_month = ? "
                "AND area = ? AND offence_group = ? AND offence_subgroup = ?",
                [MONTH, area, group, subgroup],
            )

    evaluation, _ = run_check(
        "crime_volume", warehouse_copy(completed_run, tmp_path, break_two_rows)
    )
    (line,) = [
        line
        for line in evaluation.metadata["failed"].value.splitlines()
        if "expect_column_values_to_be_between crimes:" in line
    ]
    assert line.startswith(f"- midshire {REPORTING_MONTH}: ")
    assert ": 2 rows, e.g. " in line
    for area, group, subgroup in picked:
        assert f"{REPORTING_MONTH} / {area} / {group} / {subgroup} (crimes -7" in line
