"""Corrections: a month of an extract delivered again with other contents than the file loaded.

The loader records each in `raw.corrections` (inside its transaction, before the month's bookkeeping
is replaced): the month, the file's digest and rows loaded before and after, when the new file
landed and when it was loaded. `pcp status` lists the latest; the paper's data-quality section
names those since the last paper with the figures they changed
(reports/sections/corrected_months.py). A file loaded again unchanged is no correction.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

TABLE = "raw.corrections"


def record_corrections(con: duckdb.DuckDBPyConnection, extract: str, files: str) -> None:
    """Inside the loader's transaction, before raw.loads is replaced by the relation `files`
    (month, force_id, source_file, sha256, rows_loaded, landed_at): a correction for each month
    loaded before from a file of other contents."""
    con.execute(
        f"""
        INSERT INTO {TABLE} (extract, month, force_id, source_file, sha256_before, sha256,
            rows_loaded_before, rows_loaded, landed_at, loaded_at)
        SELECT loads.extract, month, force_id, files.source_file, loads.sha256, files.sha256,
            loads.rows_loaded, files.rows_loaded, files.landed_at, now()
        FROM raw.loads AS loads JOIN {files} AS files USING (month, force_id)
        WHERE loads.extract = $extract AND loads.sha256 <> files.sha256
        """,
        {"extract": extract},
    )


def latest_corrections(
    con: duckdb.DuckDBPyConnection, force_id: str, limit: int
) -> list[tuple[str, date, int, int, datetime]]:
    """The force's latest corrections, newest first: extract, month, rows loaded before and
    after, when loaded."""
    return con.execute(
        f"SELECT extract, month, rows_loaded_before, rows_loaded, loaded_at FROM {TABLE} "
        "WHERE force_id = ? ORDER BY loaded_at DESC, extract LIMIT ?",
        [force_id, limit],
    ).fetchall()
