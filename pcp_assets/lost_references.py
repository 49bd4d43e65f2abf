"""Rows that lost their crime: rows of other extracts whose crime reference names a crime a
re-delivery withdrew (raw.withdrawals) and no delivery holds now.

`quality.lost_crime_references` counts them per extract, force and delivered month; the
reconciliation asset rebuilds it (pcp_assets/reconciliation.py). They are warned of, not failed:
the corrected crimes are the force's own word, but outcome rates and offender figures that join
through the withdrawn crimes shift, and the paper's data-quality section and `pcp run` say by how
much (the `withdrawn_rows` check, severity WARN, so the Dagster UI shows it too).
"""

from datetime import date

import dagster as dg
import duckdb

from data_contracts.registry import extracts
from pcp_assets.check_lines import listed
from pcp_assets.partitions import months_in
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse
from pcp_assets.withdrawals import TABLE as WITHDRAWALS

TABLE = "quality.lost_crime_references"
CRIMES = "crimes"
COLUMNS = {
    "force_id": "VARCHAR NOT NULL",
    "reporting_month": "DATE NOT NULL",
    "extract": "VARCHAR NOT NULL",
    "reference_column": "VARCHAR NOT NULL",
    "rows_lost_crime": "BIGINT NOT NULL",
}


def crime_references(extract_names: tuple[str, ...]) -> dict[str, str]:
    """Extract -> its column naming a crime (`crime_ref`, `linked_crime_ref`), among `extract_names`
    beside the crimes extract."""
    if CRIMES not in extract_names:
        return {}
    found = {}
    for name in extract_names:
        columns = [c for c in extracts()[name].columns if c.endswith("crime_ref")]
        if name != CRIMES and columns:
            (found[name],) = columns
    return found


def rebuild(con: duckdb.DuckDBPyConnection, extract_names: tuple[str, ...], force_id: str) -> None:
    """Inside the caller's transaction: the force's rows of the table, from raw."""
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")
    con.execute(f"DELETE FROM {TABLE} WHERE force_id = ?", [force_id])
    for extract, column in crime_references(extract_names).items():
        con.execute(
            f"""
            INSERT INTO {TABLE}
            WITH gone AS (
                SELECT DISTINCT key_value FROM {WITHDRAWALS} AS w
                WHERE extract = '{CRIMES}' AND force_id = $force
                  AND NOT EXISTS (
                      SELECT 1 FROM raw.{CRIMES} AS c
                      WHERE c.force_id = $force AND c.crime_ref = w.key_value
                  )
            )
            SELECT $force, month, '{extract}', '{column}', count(*)
            FROM raw.{extract}
            WHERE force_id = $force AND {column} IN (SELECT key_value FROM gone)
            GROUP BY month
            """,
            {"force": force_id},
        )


def withdrawal_lines(
    con: duckdb.DuckDBPyConnection, force_id: str, months: list[date]
) -> list[str]:
    """One line per delivery of `months` that withdrew rows, and one on the rows of every month
    that lost their crime."""
    withdrawn = con.execute(
        f"""
        SELECT extract, strftime(month, '%Y-%m'), count(*)
        FROM {WITHDRAWALS}
        WHERE force_id = ? AND month IN (SELECT unnest(?))
        GROUP BY extract, month ORDER BY month, extract
        """,
        [force_id, months],
    ).fetchall()
    lines = [
        f"{extract} {month}: the re-delivery withdrew {rows:,} rows of the earlier delivery "
        "(their keys are in raw.withdrawals)"
        for extract, month, rows in withdrawn
    ]
    lost = con.execute(
        f"""
        SELECT extract, reference_column, sum(rows_lost_crime) FROM {TABLE}
        WHERE force_id = ? GROUP BY extract, reference_column ORDER BY extract
        """,
        [force_id],
    ).fetchall()
    if lost:
        listed = ", ".join(f"{rows:,} {extract} ({column})" for extract, column, rows in lost)
        lines.append(
            f"rows that refer to a crime a re-delivery withdrew, now of no crime: {listed}; "
            "figures joining them to their crime (outcome rates) leave them out"
        )
    return lines


@dg.asset_check(
    asset=dg.AssetKey(["quality", "row_reconciliation"]),
    name="withdrawn_rows",
    blocking=False,
    description="Warns when a delivery of the run's months withdrew rows of its month's earlier "
    "delivery, or when rows of other extracts refer to a crime so withdrawn (pcp_assets/"
    "lost_references.py): the paper's data-quality section names them.",
)
def withdrawn_rows(
    context: dg.AssetCheckExecutionContext,
    warehouse: Warehouse,
    settings: dg.ResourceParam[Settings],
) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        going_on = forces_going_on(con, settings, context.run.run_id)
        lines = [
            f"{each.force_id}: {line}" if len(going_on) > 1 else line
            for each in going_on
            for line in withdrawal_lines(con, each.force_id, months_in(context))
        ]
    return dg.AssetCheckResult(
        passed=not lines,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"warning": listed(lines)},
    )
