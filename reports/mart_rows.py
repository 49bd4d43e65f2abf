"""Reading one mart's rows for a section: rows as dicts, cells as `Value`s, months as `Series`.

For the sections that read a mart of their own (the offender updates) rather than the shared
`BoardFigures`: each fetches the reporting month and the months before it in one query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import duckdb

from reports.figures import Series, Value, add_months

Row = dict[str, Any]
NO_ROW = "no data in the marts"


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[Row]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


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
    return Value(float(raw))


def series(by_month: Mapping[date, Row], months: tuple[date, ...], column: str) -> Series:
    values = []
    for month in months:
        row = by_month.get(month)
        values.append(None if row is None or row[column] is None else float(row[column]))
    return Series(months, tuple(values))
