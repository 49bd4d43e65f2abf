"""The SQL a contract's rules are written in, and the one way a rule is made.

A rule is a Pandera check whose meaning is one DuckDB condition over a row of the delivery as text
(every value trimmed, a blank is ''), kept in the check's `statistics["sql"]`: true where the row
keeps the rule; NULL where the rule has nothing to judge (another rule's problem), counted as kept.
`data_contracts/validate.py` compiles a schema's conditions into one query over the whole delivery;
the check's own function runs the same condition over a pandas frame, so the Pandera schema
validates as the query does. Conditions may use `_position` (the row's place in its file) and
`_file` (which file of those judged together it is), and a rule about the delivery's month refers
to it by the month's columns (`MONTH_COLUMNS`), never by constants: the contracts of different
months then compile to the same query, which judges many months' files at once
(data_contracts/validate.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd
import pandera.pandas as pa

from data_contracts.extract import DATE_FORMAT, TIMESTAMP_FORMAT

POSITION = "_position"
FILE = "_file"

# The month a delivery is checked for, as columns beside its rows (`month_columns`).
MONTH = "_month"  # 'YYYY-MM'
MONTH_START = "_month_start"  # TIMESTAMP: the month's first day, midnight
NEXT_MONTH_START = "_next_month_start"  # TIMESTAMP: the next month's first day, midnight
MONTH_LAST_DAY = "_month_last_day"  # TIMESTAMP: the month's last day, midnight
MONTH_COLUMNS = (MONTH, MONTH_START, NEXT_MONTH_START, MONTH_LAST_DAY)

_PATTERNS = {
    TIMESTAMP_FORMAT: (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "YYYY-MM-DD HH:MM:SS"),
    DATE_FORMAT: (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
}

# What surrounds a value and is trimmed from it (the one normalisation): Python's whitespace
# (`str.isspace`; tests/test_contract_sql.py), so that a non-breaking space goes and a zero-width
# space (not whitespace) stays to break a rule.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def q(column: str) -> str:
    """A column's name quoted as an SQL identifier."""
    return '"' + column.replace('"', '""') + '"'


def lit(value: str) -> str:
    """A string as an SQL literal."""
    return "'" + value.replace("'", "''") + "'"


def trimmed(column: str) -> str:
    """The column's value as text, trimmed of surrounding whitespace; a missing value is ''.
    (Trimming a set of characters is slow: only a value that begins or ends with one is.)"""
    value, spaces = f"CAST({q(column)} AS VARCHAR)", lit(WHITESPACE)
    return (
        f"CASE WHEN contains({spaces}, {value}[1]) OR contains({spaces}, {value}[-1]) "
        f"THEN trim({value}, {spaces}) ELSE coalesce({value}, '') END"
    )


def shown(fmt: str) -> str:
    """How a format is written in a rule's name: YYYY-MM-DD HH:MM:SS, YYYY-MM-DD."""
    return _PATTERNS[fmt][1]


def parsed(column: str, fmt: str) -> str:
    """The column's value as a timestamp when it is written exactly as `fmt` and is a real time
    (no 31 September, no 25 o'clock); NULL otherwise and for blanks."""
    pattern, _ = _PATTERNS[fmt]
    return (
        f"(CASE WHEN regexp_full_match({q(column)}, {lit(pattern)}) "
        f"THEN try_strptime({q(column)}, {lit(fmt)}) END)"
    )


def full_match(column: str, pattern: str) -> str:
    """The whole value matches the regular expression (RE2: `\\d` is an ASCII digit)."""
    return f"regexp_full_match({q(column)}, {lit(pattern)})"


def in_list(column: str, values: Iterable[object]) -> str:
    """The value is one of `values` (strings)."""
    items = ", ".join(lit(str(v)) for v in values)
    return f"list_contains([{items}]::VARCHAR[], {q(column)})"


def timestamp(value: pd.Timestamp) -> str:
    return f"TIMESTAMP {lit(value.strftime('%Y-%m-%d %H:%M:%S'))}"


def month_columns(month: pd.Period) -> str:
    """The month's columns (`MONTH_COLUMNS`) as an SQL select list of constants."""
    values = (
        lit(str(month)),
        timestamp(month.start_time),
        timestamp((month + 1).start_time),
        timestamp(month.end_time.normalize()),
    )
    return ", ".join(
        f"{value} AS {name}" for value, name in zip(values, MONTH_COLUMNS, strict=True)
    )


def sql_check(sql: str, name: str, month: pd.Period | None = None) -> pa.Check:
    """The rule `name`, meaning the condition `sql`; `month`, the delivery's, for a condition
    over the month's columns."""
    return pa.Check(_run(sql, month), name=name, statistics={"sql": sql})


def sql_of(check: pa.Check) -> str:
    statistics = check.statistics or {}
    if "sql" not in statistics:
        raise ValueError(f"rule {check.name!r} is not an SQL rule (data_contracts/sql.py)")
    return statistics["sql"]


def _run(sql: str, month: pd.Period | None):
    """The condition as a Pandera check function: run by DuckDB over the column or frame given
    (one file, beside the month's columns for a rule of the month)."""
    of_month = f", {month_columns(month)}" if month is not None else ""

    def check(data: pd.Series | pd.DataFrame) -> pd.Series:
        frame = data.to_frame() if isinstance(data, pd.Series) else data
        rows = frame.reset_index(drop=True).assign(**{POSITION: range(len(frame)), FILE: 0})
        with duckdb.connect() as con:
            con.register("delivery", rows)
            kept = con.execute(
                f"SELECT coalesce(({sql}), true) "
                f"FROM (SELECT *{of_month} FROM delivery) "
                f"ORDER BY {POSITION}"
            ).fetchnumpy()
        return pd.Series(next(iter(kept.values())), index=frame.index, dtype=bool)

    return check
