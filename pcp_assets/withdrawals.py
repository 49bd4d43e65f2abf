"""Rows a re-delivery withdrew: keys of a month's earlier delivery that its new delivery lacks.

Loading a month replaces it (pcp_assets/loading.py); before the earlier rows go, their keys that the
new delivery does not hold are kept in `raw.withdrawals` with the file they were last in and the
file that withdrew them, so a corrected file that drops rows says so (the reconciliation counts
them, docs/data-quality.md). The record is of what the month once held: a key withdrawn stays
withdrawn through later re-deliveries until one delivers it again. Only keys: an extract whose key
names a person (the IOM cohort's nominal ID) or that has no single key column keeps no record.
"""

from __future__ import annotations

from datetime import date

import duckdb

from data_contracts.registry import extract as extract_spec

TABLE = "raw.withdrawals"


def withdrawal_key(extract: str) -> str | None:
    """The column whose values are recorded when withdrawn; None for an extract that keeps none."""
    spec = extract_spec(extract)
    if len(spec.key_columns) != 1:
        return None
    (key,) = spec.key_columns
    return None if key in (*spec.pseudonymised, *spec.personal) else key


def record_withdrawals(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    month: date,
    force_id: str,
    source_file: str,
    new_rows: str,
) -> None:
    """Inside the loader's transaction, before the month's rows are replaced by the view
    `new_rows`: keys delivered again are no longer withdrawn, and the earlier delivery's keys the
    new one lacks are recorded."""
    key = withdrawal_key(extract)
    if key is None:
        return
    params = {"extract": extract, "month": month, "force": force_id}
    month_of = "extract = $extract AND month = $month AND force_id = $force"
    con.execute(
        f"DELETE FROM {TABLE} WHERE {month_of} "
        f"AND key_value IN (SELECT CAST({key} AS VARCHAR) FROM {new_rows})",
        params,
    )
    con.execute(
        f"""
        INSERT INTO {TABLE} (extract, month, force_id, key_value, source_file, withdrawn_by,
            withdrawn_at)
        SELECT $extract, $month, $force, key_value, any_value(source_file), $file, now()
        FROM (
            SELECT CAST({key} AS VARCHAR) AS key_value, _source_file AS source_file
            FROM raw.{extract} WHERE month = $month AND force_id = $force
        ) AS earlier
        WHERE key_value NOT IN (SELECT CAST({key} AS VARCHAR) FROM {new_rows})
          AND key_value NOT IN (SELECT key_value FROM {TABLE} WHERE {month_of})
        GROUP BY key_value
        """,
        {**params, "file": source_file},
    )
