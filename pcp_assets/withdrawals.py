"""Rows a re-delivery withdrew: keys of a month's earlier delivery that its new delivery lacks.

Loading a month replaces it (pcp_assets/loading.py); before the earlier rows go, their keys that the
new delivery does not hold are kept in `raw.withdrawals` with the file they were last in and the
file that withdrew them, so a corrected file that drops rows says so (the reconciliation counts
them, docs/data-quality.md). The record is of what the month once held: a key withdrawn stays
withdrawn through later re-deliveries until one delivers it again. Only keys: an extract whose key
names a person (the IOM cohort's nominal ID) or that has no single key column keeps no record.
"""

from __future__ import annotations

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
    con: duckdb.DuckDBPyConnection, extract: str, files: str, new_rows: str
) -> None:
    """Inside the loader's transaction, before the months of the relation `files` (month,
    force_id, source_file: the files about to replace them) are replaced by the rows of the query
    `new_rows` (month, force_id and the extract's columns): keys delivered again are no longer
    withdrawn, and each month's earlier keys its new delivery lacks are recorded."""
    key = withdrawal_key(extract)
    if key is None:
        return
    new_keys = f"SELECT month, force_id, CAST({key} AS VARCHAR) AS key_value FROM ({new_rows})"
    con.execute(
        f"DELETE FROM {TABLE} WHERE extract = $extract "
        f"AND (month, force_id, key_value) IN ({new_keys})",
        {"extract": extract},
    )
    con.execute(
        f"""
        INSERT INTO {TABLE} (extract, month, force_id, key_value, source_file, withdrawn_by,
            withdrawn_at)
        SELECT $extract, month, force_id, key_value, any_value(earlier.source_file),
            any_value(files.source_file), now()
        FROM (
            SELECT month, force_id, CAST({key} AS VARCHAR) AS key_value,
                _source_file AS source_file
            FROM raw.{extract} WHERE (month, force_id) IN (SELECT month, force_id FROM {files})
        ) AS earlier
        JOIN {files} AS files USING (month, force_id)
        WHERE (month, force_id, key_value) NOT IN ({new_keys})
          AND (month, force_id, key_value) NOT IN (
              SELECT month, force_id, key_value FROM {TABLE} WHERE extract = $extract)
        GROUP BY month, force_id, key_value
        """,
        {"extract": extract},
    )
