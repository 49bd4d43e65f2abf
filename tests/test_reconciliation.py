"""Rows conserved end to end: every row loaded is in staging, replaced by a later delivery of the
same record, or set aside; a staging model that loses rows fails the blocking check."""

from __future__ import annotations

from datetime import date

import dagster as dg
import duckdb
import pandas as pd

from pcp_assets.partitions import monthly_partitions
from pcp_assets.reconciliation import TABLE, build_row_reconciliation, reconcile, rows_conserved
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse

SEPTEMBER, OCTOBER = date(2026, 9, 1), date(2026, 10, 1)
EXTRACTS = ("crimes", "outcomes", "incidents")


def reconciliation(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, date], tuple[int, ...]]:
    rows = con.execute(
        f"SELECT extract, reporting_month, rows_loaded, rows_staged, rows_replaced, "
        f"rows_set_aside FROM {TABLE}"
    ).fetchall()
    return {(extract, month): tuple(counts) for extract, month, *counts in rows}


def test_every_loaded_row_is_accounted_for(pipeline_copy: Settings) -> None:
    # September's crime CR delivered again in October: the October row replaces it.
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        con.execute(
            "INSERT INTO raw.crimes SELECT * REPLACE (?::DATE AS month, 99999 AS _row_number) "
            "FROM raw.crimes WHERE month = ? ORDER BY _row_number LIMIT 1",
            [OCTOBER, SEPTEMBER],
        )
        reconcile(con, EXTRACTS, pipeline_copy.force_id)
        found = reconciliation(con)

    landing = pipeline_copy.landing_dir
    for extract in EXTRACTS:
        for month in (SEPTEMBER, OCTOBER):
            delivered = len(pd.read_csv(landing / extract / f"{month:%Y-%m}.csv", dtype=str))
            again = int(extract == "crimes" and month == OCTOBER)
            replaced = int(extract == "crimes" and month == SEPTEMBER)
            loaded = delivered + again
            assert found[extract, month] == (loaded, loaded - replaced, replaced, 0)


def test_a_staging_model_that_loses_rows_fails_the_check(pipeline_copy: Settings) -> None:
    # the staging model of incidents, losing the scheduled ones
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        con.execute("ALTER VIEW staging.stg_raw__incidents RENAME TO stg_raw__incidents_whole")
        con.execute(
            "CREATE VIEW staging.stg_raw__incidents AS SELECT * "
            "FROM staging.stg_raw__incidents_whole WHERE grade <> 'scheduled'"
        )
    resources = {"warehouse": Warehouse.from_settings(pipeline_copy), "settings": pipeline_copy}
    result = dg.materialize(
        [build_row_reconciliation(EXTRACTS, monthly_partitions(SEPTEMBER)), rows_conserved],
        partition_key=f"{OCTOBER:%Y-%m-%d}",
        resources=resources,
        raise_on_error=False,
    )
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    failed = evaluation.metadata["failed"].value
    assert "incidents 2026-10" in failed and "crimes" not in failed
