"""Rows conserved end to end: every row loaded into `raw` is in staging, or accounted for.

For each extract of the run's source, force and delivered month: rows loaded, rows in the staging
models the extract declares (`Extract.staged_in`), rows replaced by a later delivery of the same
record (`revision_key`, counted from raw, not from staging) and rows deliberately kept out of
staging (`set_aside`); and, apart from those, rows of the month's earlier delivery its
re-delivery withdrew (raw.withdrawals, pcp_assets/withdrawals.py). The blocking `rows_conserved`
check holds back the paper and publication when loaded != staged + replaced + set aside: a
staging model that drops rows it should not is caught, whichever extract it is. The
paper's data-quality section prints the table. The same transaction rebuilds
quality.lost_crime_references (pcp_assets/lost_references.py).
"""

from datetime import date

import dagster as dg
import duckdb

from data_contracts.extract import Extract
from data_contracts.registry import extract as extract_spec
from pcp_assets import lost_references
from pcp_assets.check_lines import listed
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from pcp_assets.withdrawals import TABLE as WITHDRAWALS

TABLE = "quality.row_reconciliation"
COLUMNS = {
    "force_id": "VARCHAR NOT NULL",
    "reporting_month": "DATE NOT NULL",
    "extract": "VARCHAR NOT NULL",
    "rows_loaded": "BIGINT NOT NULL",
    "rows_staged": "BIGINT NOT NULL",
    "rows_replaced": "BIGINT NOT NULL",
    "rows_set_aside": "BIGINT NOT NULL",
    # not loaded, so not in the sum: rows of the earlier delivery a re-delivery withdrew
    "rows_withdrawn": "BIGINT",
}


def _reconciliation_sql(spec: Extract) -> str:
    """One row per delivered month of the force: the counts, from raw and from staging apart."""
    set_aside = " OR ".join(f"({condition})" for condition in spec.set_aside.values()) or "false"
    key = spec.revision_key
    if key:
        later = (
            f"count(*) OVER (PARTITION BY force_id, {', '.join(key)} "
            "ORDER BY month, _row_number ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) > 0"
        )
        replaced = f"{later} AND {' AND '.join(f'{c} IS NOT NULL' for c in key)}"
    else:
        replaced = "false"
    staged = " UNION ALL ".join(
        f"SELECT delivery_month AS month FROM {model} WHERE force_id = $force"
        for model in spec.staged_in
    )
    return f"""
        WITH raw_rows AS (
            SELECT month, ({set_aside}) AS is_set_aside, ({replaced}) AS is_replaced
            FROM raw.{spec.name} WHERE force_id = $force
        ),
        from_raw AS (
            SELECT month, count(*) AS loaded,
                count(*) FILTER (WHERE is_set_aside) AS set_aside,
                count(*) FILTER (WHERE is_replaced AND NOT is_set_aside) AS replaced
            FROM raw_rows WHERE month IN (SELECT unnest($months)) GROUP BY month
        ),
        from_staging AS (
            SELECT month, count(*) AS staged FROM ({staged})
            WHERE month IN (SELECT unnest($months)) GROUP BY month
        ),
        withdrawn AS (
            SELECT month, count(*) AS withdrawn FROM {WITHDRAWALS}
            WHERE extract = '{spec.name}' AND force_id = $force GROUP BY month
        )
        SELECT $force, month, '{spec.name}', loaded, coalesce(staged, 0), replaced, set_aside,
            coalesce(withdrawn, 0)
        FROM from_raw LEFT JOIN from_staging USING (month) LEFT JOIN withdrawn USING (month)
    """


def reconcile(
    con: duckdb.DuckDBPyConnection, extract_names: tuple[str, ...], force_id: str
) -> list[date]:
    """Rebuild the force's rows of the reconciliation table for every month it has delivered (a
    delivery of a later month may replace rows of any earlier one); returns those months."""
    months = [
        month
        for (month,) in con.execute(
            "SELECT DISTINCT month FROM raw.loads WHERE force_id = ? AND extract IN "
            "(SELECT unnest(?)) ORDER BY month",
            [force_id, list(extract_names)],
        ).fetchall()
    ]
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")
    con.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS rows_withdrawn BIGINT")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {TABLE} WHERE force_id = ?", [force_id])
        for name in extract_names:
            sql = _reconciliation_sql(extract_spec(name))
            con.execute(f"INSERT INTO {TABLE} {sql}", {"force": force_id, "months": months})
        lost_references.rebuild(con, extract_names, force_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return months


def build_row_reconciliation(
    extracts: tuple[str, ...], partitions: dg.PartitionsDefinition
) -> dg.AssetsDefinition:
    """`quality/row_reconciliation`, downstream of the staging models of the location's extracts."""
    models = {model for name in extracts for model in extract_spec(name).staged_in}

    @dg.asset(
        key=TABLE.split("."),
        group_name="quality",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[dg.AssetKey(model.split(".")) for model in sorted(models)],
        pool=DUCKDB_POOL,
        kinds={"duckdb"},
        description="Every row loaded, accounted for: in staging, replaced by a later delivery, "
        "or set aside, per extract, force and delivered month (pcp_assets/reconciliation.py).",
    )
    def row_reconciliation(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        extracts = source_named(settings.source).extracts
        reconciled = 0
        with warehouse.connect() as con:
            for each in forces_going_on(con, settings, context.run.run_id):
                months = reconcile(con, extracts, each.force_id)
                context.log.info(f"{each.force_id}: {len(months)} delivered month(s) reconciled")
                reconciled += len(months)
        return dg.MaterializeResult(
            metadata={"months_reconciled": dg.MetadataValue.int(reconciled)}
        )

    return row_reconciliation


@dg.asset_check(
    asset=dg.AssetKey(TABLE.split(".")),
    name="rows_conserved",
    blocking=True,
    description="Rows loaded = rows staged + rows replaced by a later delivery + rows set aside, "
    "for every extract and delivered month of the run's forces.",
)
def rows_conserved(
    context: dg.AssetCheckExecutionContext,
    warehouse: Warehouse,
    settings: dg.ResourceParam[Settings],
) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        forces = [each.force_id for each in forces_going_on(con, settings, context.run.run_id)]
        broken = con.execute(
            f"""
            SELECT force_id, extract, strftime(reporting_month, '%Y-%m'), rows_loaded,
                rows_staged + rows_replaced + rows_set_aside
            FROM {TABLE}
            WHERE force_id IN (SELECT unnest(?))
                AND rows_loaded <> rows_staged + rows_replaced + rows_set_aside
            ORDER BY 1, 2, 3
            """,
            [forces],
        ).fetchall()
    lines = [
        f"{force} {extract} {month}: {loaded} loaded, {accounted} accounted for"
        for force, extract, month, loaded, accounted in broken
    ]
    return dg.AssetCheckResult(
        passed=not broken,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"failed": listed(lines)},
    )
