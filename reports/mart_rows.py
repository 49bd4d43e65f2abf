"""Reading one mart's rows for a section: rows as dicts, cells as `Value`s, months as `Series`.

For the sections that read a mart of their own (the offender updates) rather than the shared
`BoardFigures`: each fetches the reporting month and the months before it in one query.

A cell's trace names its row by the table's grain: the columns of the model's (or seed's)
`unique_combination_of_columns` test in the dbt manifest (as the marts' suites read it,
pcp_assets/mart_suites.py); a table the dbt project does not build is listed with its grain in
`OUTSIDE_DBT`. A traced query selects its table's grain columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import duckdb

from data_contracts.calendar import add_months
from pcp_assets.dbt_manifest import declared_grains
from reports.figures import Series, Value
from reports.traces import Trace, row_keys

NO_ROW = "no data in the marts"
_TABLE = re.compile(r"\bfrom\s+((?:marts|quality|reference)\.\w+)", re.IGNORECASE)


class Row(dict[str, Any]):
    """A mart row, which knows its table so that its figures can say where they come from."""

    table: str = ""


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[Row]:
    """The rows of a query of one table (the first it reads, named in the rows' traces)."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    found = _TABLE.search(sql)
    rows = []
    for values in cursor.fetchall():
        row = Row(zip(names, values, strict=True))
        row.table = found.group(1) if found else ""
        rows.append(row)
    return rows


# The tables read by the paper that the dbt project does not build, with their grain (one row per
# force, month and extract: pcp_assets/reconciliation.py, pcp_assets/lost_references.py,
# pcp_assets/volume_checks.py; one per publication, month and extract).
OUTSIDE_DBT = {
    "quality.row_reconciliation": ("force_id", "reporting_month", "extract"),
    "quality.lost_crime_references": ("force_id", "reporting_month", "extract"),
    "quality.volume_checks": ("force_id", "reporting_month", "extract", "measure"),
    # what each paper published (pcp_assets/published_figures.py)
    "quality.published_figures": ("force_id", "run_id", "month", "extract"),
}


def grain(table: str) -> tuple[str, ...]:
    """The columns naming one row of `table` ("marts.crime_volume")."""
    found = OUTSIDE_DBT.get(table) or declared_grains().get(table)
    if found is None:
        raise KeyError(f"{table} declares no grain (a unique_combination_of_columns test)")
    return found


def trace(row: dict[str, Any], column: str) -> Trace | None:
    table = getattr(row, "table", "")
    return Trace(table, column, row_keys(row, grain(table))) if table else None


def months_to(m: date, n: int) -> tuple[date, ...]:
    """The n months ending with m, oldest first."""
    return tuple(add_months(m, i - n + 1) for i in range(n))


def value(row: Row | None, column: str) -> Value:
    """A cell as a Value: a missing row or a null cell is unavailable, with the row's reason."""
    if row is None:
        return Value(None, NO_ROW)
    raw = row[column]
    if raw is None:
        return Value(None, row.get("unavailable_reason"))
    return Value(float(raw), trace=trace(row, column))


def series(by_month: Mapping[date, Row], months: tuple[date, ...], column: str) -> Series:
    rows = [by_month.get(month) for month in months]
    values = tuple(
        None if row is None or row[column] is None else float(row[column]) for row in rows
    )
    return Series(months, values, series_source(rows, column))


def series_source(rows: Iterable[Row | None], column: str) -> Trace | None:
    """The trace of a series' column: any of its rows' keys but the month."""
    found = next((trace(row, column) for row in rows if row is not None), None)
    if found is None:
        return None
    keys = tuple((name, value) for name, value in found.keys if name != "reporting_month")
    return Trace(found.table, column, keys)
