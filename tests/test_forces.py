"""Several forces in one warehouse, run as one: `pcp run` over a landing folder laid out by force
loads, builds, checks and publishes every force in one Dagster run and one dbt build; each force
gets its own paper and its own rows; a dbt build given some forces writes only theirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_contracts.registry import extracts_of
from orchestration.runner import dagster_instance
from pcp_assets.dbt_manifest import read_manifest
from pcp_assets.settings import Settings
from tests.conftest import TWO_FORCES, isolate
from tests.dbt_cli import dbt

pytestmark = pytest.mark.minutes(16)

MONTH = "2026-10"
FORCES = TWO_FORCES
FORCE_EXTRACT_TABLES = {f"pcp.raw.{name}" for name in extracts_of("force_extracts")}


@pytest.fixture
def two_forces(two_forces_run: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The session's run of both forces (tests/conftest.py), read only."""
    isolate(monkeypatch, two_forces_run)
    return {"settings": Settings.from_env(), "root": two_forces_run}


def paper_of(settings: Settings, force: str) -> Path:
    return settings.reports_dir / force / MONTH / "board_paper.html"


def test_one_run_builds_and_publishes_every_force(two_forces) -> None:
    """One Dagster run; both forces' papers in place, each of its own force only; the run
    recorded as publishing both forces' month."""
    settings = two_forces["settings"]
    with dagster_instance(settings) as instance:
        (run,) = instance.get_runs()
    midshire, wealdshire = (paper_of(settings, f).read_text() for f in FORCES)
    assert "Midshire" in midshire and "Wealdshire" not in midshire
    assert "Wealdshire" in wealdshire and "Midshire" not in wealdshire
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        published = con.execute(
            "SELECT force_id, strftime(reporting_month, '%Y-%m'), run_id "
            "FROM quality.publications ORDER BY 1"
        ).fetchall()
    assert published == [(force, MONTH, run.run_id) for force in FORCES]


def test_each_forces_rows_are_its_own_delivery(two_forces) -> None:
    settings, root = two_forces["settings"], two_forces["root"]
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        loaded = dict(
            con.execute(
                "SELECT force_id, count(*) FROM raw.crimes WHERE month = ? GROUP BY force_id",
                [pd.Timestamp(f"{MONTH}-01").date()],
            ).fetchall()
        )
    delivered = {
        force: len(pd.read_csv(root / "landing" / force / "crimes" / f"{MONTH}.csv"))
        for force in FORCES
    }
    assert loaded == delivered


def test_the_published_marts_hold_every_force(two_forces) -> None:
    settings = two_forces["settings"]
    current = settings.published_dir / "current" / "pcp.duckdb"
    with duckdb.connect(str(current), read_only=True) as con:
        forces = {
            force
            for (force,) in con.execute(
                "SELECT DISTINCT force_id FROM marts.crime_volume WHERE reporting_month = ?",
                [pd.Timestamp(f"{MONTH}-01").date()],
            ).fetchall()
        }
    assert forces == set(FORCES)


def test_the_region_adds_up_both_forces(two_forces) -> None:
    """marts.region_headlines: the month's crimes of both forces by offence group; the R12 is
    null (two months of data) and the reason names each force."""
    settings = two_forces["settings"]
    month = pd.Timestamp(f"{MONTH}-01").date()
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        per_force = con.execute(
            "SELECT offence_group, sum(crimes), count(DISTINCT force_id) FROM marts.crime_volume "
            "WHERE reporting_month = ? AND area = 'All' AND offence_subgroup = 'All' "
            "GROUP BY offence_group",
            [month],
        ).fetchall()
        region = {
            group: (crimes, forces, r12, reason)
            for group, crimes, forces, r12, reason in con.execute(
                "SELECT offence_group, crimes, forces, crimes_r12, unavailable_reason "
                "FROM marts.region_headlines WHERE reporting_month = ?",
                [month],
            ).fetchall()
        }
    assert len(per_force) > 5 and set(region) == {group for group, _, _ in per_force}
    for group, crimes, forces in per_force:
        assert forces == 2
        assert region[group][:3] == (crimes, 2, None)
        assert all(f"{force}: no data before" in region[group][3] for force in FORCES)


WEALDSHIRES_MONTH = (
    "SELECT * FROM marts.crime_volume WHERE force_id = 'wealdshire' AND reporting_month = ? "
    "ORDER BY ALL"
)


def test_a_forces_build_leaves_the_other_forces_months_as_built(two_forces, tmp_path) -> None:
    """dbt given a force (as Dagster gives it, PCP_DBT_FORCES) deletes and writes that force's
    rows of its months only, and the region's roll-up adds up every force as the marts hold them.
    On a copy of the warehouse, midshire's crime_volume row is marked and wealdshire's month
    deleted; a build of wealdshire's month must restore wealdshire's and keep the mark."""
    warehouse = tmp_path / "pcp.duckdb"
    shutil.copy(two_forces["settings"].duckdb_path, warehouse)
    month = pd.Timestamp(f"{MONTH}-01").date()
    all_crime = (
        "reporting_month = ? AND area = 'All' AND offence_group = 'All crime' "
        "AND offence_subgroup = 'All'"
    )
    with duckdb.connect(str(warehouse)) as con:
        wealdshire = con.execute(WEALDSHIRES_MONTH, [month]).df()
        con.execute(
            "UPDATE marts.crime_volume SET crimes = 1000000 "
            f"WHERE force_id = 'midshire' AND {all_crime}",
            [month],
        )
        con.execute(
            "DELETE FROM marts.crime_volume WHERE force_id = 'wealdshire' AND reporting_month = ?",
            [month],
        )
    dbt(
        warehouse,
        "run",
        "--select",
        "crime_volume",
        "region_headlines",
        target="target",
        environment={
            "PCP_DBT_MONTH_FROM": month.isoformat(),
            "PCP_DBT_MONTH_TO": month.isoformat(),
            "PCP_DBT_FORCES": "wealdshire",
        },
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rebuilt = con.execute(WEALDSHIRES_MONTH, [month]).df()
        crimes = dict(
            con.execute(
                f"SELECT force_id, crimes FROM marts.crime_volume WHERE {all_crime}", [month]
            ).fetchall()
        )
        region = con.execute(
            "SELECT crimes FROM marts.region_headlines WHERE reporting_month = ? "
            "AND offence_group = 'All crime'",
            [month],
        ).fetchone()[0]
    pd.testing.assert_frame_equal(rebuilt, wealdshire)
    assert crimes["midshire"] == 1000000
    assert region == 1000000 + crimes["wealdshire"]


def _force_build(month: str, force: str | None) -> dict[str, str]:
    return {
        "PCP_DBT_MONTH_FROM": month,
        "PCP_DBT_MONTH_TO": month,
        **({"PCP_DBT_FORCES": force} if force else {}),
    }


def test_a_forces_build_writes_what_a_build_of_every_force_writes(two_forces, tmp_path) -> None:
    """A force's marts read only that force's rows of their inputs (`of_run_force`): on two
    copies of the warehouse, wealdshire's month built alone and built with every force must give
    wealdshire the same rows in every mart."""
    month = f"{MONTH}-01"
    built = {}
    for name, force in (("alone", "wealdshire"), ("every", None)):
        warehouse = tmp_path / name / "pcp.duckdb"
        warehouse.parent.mkdir()
        shutil.copy(two_forces["settings"].duckdb_path, warehouse)
        dbt(warehouse, "run", target="target", environment=_force_build(month, force))
        built[name] = warehouse
    with duckdb.connect(str(built["alone"]), read_only=True) as con:
        con.execute(f"ATTACH '{built['every']}' AS every (READ_ONLY)")
        marts = con.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_catalog = 'pcp' "
            "AND table_schema = 'marts' AND column_name = 'force_id' ORDER BY 1"
        ).fetchall()
        assert len(marts) > 15
        for (mart,) in marts:
            rows = f"SELECT * FROM {{}}.marts.{mart} WHERE force_id = 'wealdshire'"
            alone, every = con.execute(
                f"SELECT (SELECT count(*) FROM ({rows.format('pcp')} EXCEPT ALL "
                f"{rows.format('every')})), (SELECT count(*) FROM ({rows.format('every')} "
                f"EXCEPT ALL {rows.format('pcp')}))"
            ).fetchone()
            assert (alone, every) == (0, 0), mart


def raw_scans(plan: dict) -> list[tuple[str, str]]:
    """Each scan of a force extract's raw table in a DuckDB plan (`EXPLAIN (FORMAT json)`), with
    the filters DuckDB applies while scanning it."""
    found = []
    info = plan.get("extra_info", {})
    table = str(info.get("Table", ""))
    if plan["name"].strip() == "SEQ_SCAN" and table in FORCE_EXTRACT_TABLES:
        found.append((table, str(info.get("Filters", ""))))
    for child in plan.get("children", []):
        found += raw_scans(child)
    return found


def test_a_forces_marts_read_only_its_rows_of_the_raw_tables(two_forces, tmp_path) -> None:
    """A force's build reads that force's rows where it scans the raw tables, not every force's
    rows filtered later (`_in_forces`: DuckDB carries a range of forces across joins, but not an IN
    list; a national build's groups of two forces read all 43 forces' crimes so). In the plan of
    every mart of wealdshire's build, each scan of a force extract's table filters on wealdshire."""
    warehouse = tmp_path / "pcp.duckdb"
    shutil.copy(two_forces["settings"].duckdb_path, warehouse)
    target = tmp_path / "target"
    dbt(
        warehouse,
        "compile",
        "--select",
        "marts",
        target="target",
        environment=_force_build(f"{MONTH}-01", "wealdshire"),
    )
    scanned = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for path in sorted((target / "compiled" / "pcp" / "models" / "marts").glob("*.sql")):
            (plan,) = json.loads(
                con.execute(f"EXPLAIN (FORMAT json) {path.read_text()}").fetchall()[0][1]
            )
            scanned[path.stem] = raw_scans(plan)
    assert sum(len(scans) for scans in scanned.values()) > 20
    unfiltered = {
        mart: [table for table, filters in scans if "wealdshire" not in filters]
        for mart, scans in scanned.items()
    }
    assert {mart: tables for mart, tables in unfiltered.items() if tables} == {}


def test_a_forces_data_tests_read_that_forces_rows(two_forces, tmp_path) -> None:
    """An outcome type the reference does not know, in midshire's rows, fails midshire's build
    and a build of every force, not wealdshire's (macros/tests_by_force.sql)."""
    warehouse = tmp_path / "pcp.duckdb"
    shutil.copy(two_forces["settings"].duckdb_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE raw.outcomes SET outcome_type = 99 WHERE force_id = 'midshire' "
            "AND crime_ref = (SELECT min(crime_ref) FROM raw.outcomes WHERE force_id = 'midshire')"
        )
    month = f"{MONTH}-01"
    for force, passes in (("wealdshire", True), ("midshire", False), (None, False)):
        dbt(
            warehouse,
            "test",
            "--select",
            "stg_raw__outcomes",
            target=f"target-{force}",
            environment=_force_build(month, force),
            succeeds=passes,
        )


def test_every_tested_relation_with_a_force_id_documents_it(two_forces) -> None:
    """A force's data tests filter a relation by its force when its manifest entry documents a
    force_id column (macros/tests_by_force.sql, which asks the manifest, not the warehouse): a
    relation with the column in the warehouse but not in its yml would be tested on every
    force's rows, another force's broken row failing this force's build."""
    manifest = read_manifest()
    nodes = {**manifest["nodes"], **manifest["sources"]}
    tested = {
        node_id
        for test in nodes.values()
        if test["resource_type"] == "test"
        for node_id in test["depends_on"]["nodes"]
    }
    with duckdb.connect(str(two_forces["settings"].duckdb_path), read_only=True) as con:
        with_force = set(
            con.execute(
                "SELECT schema_name, table_name FROM duckdb_columns() "
                "WHERE column_name = 'force_id'"
            ).fetchall()
        )
    checked = [nodes[node_id] for node_id in tested]
    assert len(checked) > 40
    undocumented = [
        node["name"]
        for node in checked
        if (node["schema"], node.get("alias") or node["identifier"]) in with_force
        and "force_id" not in node["columns"]
    ]
    assert undocumented == []
