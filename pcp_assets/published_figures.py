"""What each paper published: the papers' months (`quality.publications`) and every month's
headline figures as the marts held them then (`quality.published_figures`,
reports/month_figures.py), recorded by publication once the papers are in place. The next paper
compares with them to name what a correction of an earlier month changed
(reports/sections/corrected_months.py)."""

from __future__ import annotations

from datetime import date

import duckdb

from reports.month_figures import MONTH_FIGURES
from reports.paper import has_tables

PUBLICATIONS = "quality.publications"
FIGURES = "quality.published_figures"

_COLUMNS = {
    PUBLICATIONS: "force_id VARCHAR NOT NULL, reporting_month DATE NOT NULL, "
    "run_id VARCHAR NOT NULL, published_at TIMESTAMP NOT NULL",
    FIGURES: "force_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, month DATE NOT NULL, "
    "extract VARCHAR NOT NULL, figure VARCHAR NOT NULL, value DOUBLE",
}


def record_publication(
    con: duckdb.DuckDBPyConnection, force_id: str, months: list[date], run_id: str
) -> None:
    """The run's papers' months and the force's month figures as published, in one transaction."""
    if not months:
        return
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    for table, columns in _COLUMNS.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
    figures = [f.sql for f in MONTH_FIGURES if has_tables(con, (f.table,))]
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            f"INSERT INTO {PUBLICATIONS} VALUES (?, ?, ?, now())",
            [[force_id, month, run_id] for month in months],
        )
        if figures:
            con.execute(
                f"INSERT INTO {FIGURES} SELECT force_id, $run, month, extract, figure, value "
                f"FROM ({' UNION ALL '.join(figures)}) WHERE force_id = $force",
                {"run": run_id, "force": force_id},
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
