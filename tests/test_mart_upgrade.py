"""A warehouse built by an earlier version of the project, whose marts lack a column the contracts
now declare or name it otherwise: the next run rebuilds those marts for every month
(pcp_assets/mart_schemas.py) instead of failing on dbt's schema check, and loses no month."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH

pytestmark = pytest.mark.minutes(5)

TABLES = ("marts.first_time_entrants", "marts.custody_throughput")


def state(settings: Settings) -> dict[str, tuple[list[str], list[tuple]]]:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return {
            table: (
                [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()],
                con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall(),
            )
            for table in TABLES
        }


def test_marts_of_an_earlier_version_are_rebuilt_for_every_month(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    built = state(pipeline_copy)
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        con.execute("ALTER TABLE marts.first_time_entrants RENAME COLUMN is_overcount TO is_floor")
        con.execute("ALTER TABLE marts.custody_throughput DROP COLUMN detained_people_r12")
    assert state(pipeline_copy) != built

    assert main(["run", "--month", REPORTING_MONTH]) == 0, capsys.readouterr().out

    after = state(pipeline_copy)
    for table in TABLES:
        assert after[table][0] == built[table][0], table  # the columns declared now
        assert after[table][1] == built[table][1], table  # every month, as built before


def test_a_model_dbt_cannot_build_is_named_with_dbt_s_reason(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mart whose column someone retyped by hand keeps its columns' names, so it is not rebuilt
    as drifted; dbt's incremental build then errors on it, and the run says which model and why,
    not only that the dbt process failed."""
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        con.execute(
            "ALTER TABLE marts.custody_throughput ALTER COLUMN detainees_month TYPE VARCHAR"
        )

    assert main(["run", "--month", REPORTING_MONTH]) != 0
    said = capsys.readouterr().out
    failure = next(line for line in said.splitlines() if line.startswith("pcp: step failed:"))
    assert failure.startswith("pcp: step failed: pcp_dbt_assets: dbt: custody_throughput: "), said
    assert "Compilation Error in model custody_throughput" in failure, failure


def test_a_rebuild_loads_the_reference_tables_its_models_read(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warehouse whose reference tables (dbt seeds) are missing, as one left by a first build
    that failed before loading them, with a mart of an earlier version that reads them through
    staging (crime_volume: stg_raw__crimes joins the offence classification): the rebuild loads
    the seeds it reads (dbt run would not) and the mart is as built."""
    query = "SELECT * FROM marts.crime_volume ORDER BY ALL"
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        built = con.execute(query).fetchall()
        con.execute("ALTER TABLE marts.crime_volume DROP COLUMN crimes_r12")
        seeds = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reference'"
        ).fetchall()
        for (seed,) in seeds:
            con.execute(f"DROP TABLE reference.{seed}")
    assert ("offence_classification",) in seeds

    assert main(["run", "--month", REPORTING_MONTH]) == 0, capsys.readouterr().out

    with duckdb.connect(str(pipeline_copy.duckdb_path), read_only=True) as con:
        assert con.execute(query).fetchall() == built
