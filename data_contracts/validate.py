"""Validate one delivered file: split its rows into typed good rows and named rejects.

The contract (the Pandera schema of data_contracts/<extract>.py) is compiled into one DuckDB query
over the whole delivery: each rule is one SQL condition (data_contracts/sql.py), and each row gets
the list of the rules it breaks. The loader runs it over the table DuckDB read the file into
(data_contracts/reader.py); `validate` runs it over a pandas frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import duckdb
import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import month_period
from data_contracts.extract import DATE_FORMAT, ROW_NUMBER, TIMESTAMP_FORMAT
from data_contracts.registry import extract
from data_contracts.sql import POSITION, lit, q, sql_of, trimmed

REJECT_COLUMNS = ("row_number", "rule", "column_name")


class HeaderError(ValueError):
    """The file's header does not match the extract's columns: the whole file is refused."""

    def __init__(self, extract_name: str, problems: list[str]):
        super().__init__(f"{extract_name}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ValidationResult:
    good: pd.DataFrame  # typed extract columns + _row_number
    rejects: pd.DataFrame  # row_number, rule, column_name: one row per broken rule per row
    rows_delivered: int

    @property
    def rows_rejected(self) -> int:
        return int(self.rejects["row_number"].nunique())

    @property
    def rows_loaded(self) -> int:
        return len(self.good)


@cache
def schema(extract_name: str, month: str, force_id: str) -> pa.DataFrameSchema:
    """The extract's Pandera schema over its text for a month and force: every column of the
    extract (no dtype: text is checked by rules, typed after; never null: blanks are ""), with the
    contract's checks."""
    spec = extract(extract_name)
    rules = spec.rules(month, force_id)
    unknown = set(rules.columns) - set(spec.columns)
    if unknown:
        raise ValueError(f"contract {extract_name} has rules for unknown columns {sorted(unknown)}")
    return pa.DataFrameSchema(
        {
            column: pa.Column(checks=rules.columns.get(column, []), nullable=False)
            for column in spec.columns
        },
        checks=[check for _, check in rules.rows],
        name=extract_name,
        metadata={"rule_columns": {check.name: column for column, check in rules.rows}},
    )


@dataclass(frozen=True)
class CompiledContract:
    rules: tuple[str, ...]  # in the contract's order: column rules column by column, then rows'
    columns: tuple[str, ...]  # the column each rule's rejects are reported against
    broken: str  # SQL: the 1-based places in `rules` of the rules a row breaks


@cache
def compiled(extract_name: str, month: str, force_id: str) -> CompiledContract:
    """The contract for a month ("YYYY-MM") and force as one SQL expression over a row."""
    contract = schema(extract_name, str(month_period(month)), force_id)
    rule_columns: dict[str, str] = contract.metadata["rule_columns"]
    checks = [(c, column) for column, col in contract.columns.items() for c in col.checks]
    checks += [(check, rule_columns[check.name]) for check in contract.checks]
    names = [check.name for check, _ in checks]
    if len(set(names)) != len(names):
        raise ValueError(f"contract {extract_name} names two rules alike: {names}")
    places = ", ".join(
        f"CASE WHEN NOT coalesce(({sql_of(check)}), true) THEN {place} END"
        for place, (check, _) in enumerate(checks, start=1)
    )
    return CompiledContract(
        rules=tuple(names),
        columns=tuple(column for _, column in checks),
        broken=f"list_filter([{places}]::INTEGER[], lambda place: place IS NOT NULL)",
    )


def check_header(extract_name: str, columns: Iterable[str]) -> list[str]:
    """Problems with a file's header, in words; empty when it has exactly the extract's columns.
    Order is not checked: files are read by column name. Names are quoted (`'crime_ref'`), so
    that a stray space or an invisible character shows."""
    expected = extract(extract_name).columns
    found = list(columns)
    problems = [f"missing column {c!r}" for c in expected if c not in found]
    problems += [f"unexpected column {c!r}" for c in found if c not in expected]
    problems += [f"duplicate column {c!r}" for c in dict.fromkeys(found) if found.count(c) > 1]
    return problems


def judge(
    con: duckdb.DuckDBPyConnection, rows: str, extract_name: str, month: str, force_id: str
) -> ValidationResult:
    """Check the relation `rows` (the extract's columns as delivered, `_position`, the row's place
    in the file from 0, and `_row_number`) against the contract for `month` and the force the
    delivery is loaded for. Every value is trimmed of surrounding whitespace first (the one
    normalisation: what is checked is what is stored). Every row ends up either in `good` or with
    at least one row in `rejects`, never both. Leaves the judged rows in the temporary table
    `judged` (the trimmed text, `_broken`: the places of the rules broken)."""
    spec = extract(extract_name)
    contract = compiled(extract_name, month, force_id)
    text = ", ".join(f"{trimmed(column)} AS {q(column)}" for column in spec.columns)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE judged AS SELECT *, {contract.broken} AS _broken "
        f"FROM (SELECT {POSITION}, {ROW_NUMBER}, {text} FROM {rows})"
    )
    rules = ", ".join(lit(rule) for rule in contract.rules)
    columns = ", ".join(lit(column) for column in contract.columns)
    rejects = con.execute(
        f"""
        SELECT {ROW_NUMBER} AS row_number, [{rules}][place] AS rule,
            [{columns}][place] AS column_name
        FROM (SELECT {POSITION}, {ROW_NUMBER}, unnest(_broken) AS place FROM judged)
        ORDER BY {POSITION}, place
        """
    ).df()
    typed = ", ".join(
        f"{_typed(kind, column)} AS {q(column)}" for column, kind in spec.kinds.items()
    )
    good = con.execute(
        f"SELECT {typed}, {ROW_NUMBER} FROM judged WHERE len(_broken) = 0 ORDER BY {POSITION}"
    ).df()
    delivered = len(good) + rejects["row_number"].nunique()
    return ValidationResult(good=good, rejects=rejects, rows_delivered=int(delivered))


def validate(extract_name: str, month: str, frame: pd.DataFrame, force_id: str) -> ValidationResult:
    """Check a file read as text into a frame (plus a 1-based `_row_number`) against its contract
    for `month` and the force (`judge`). Raises HeaderError when the columns are wrong."""
    spec = extract(extract_name)
    if ROW_NUMBER not in frame.columns:
        raise ValueError(f"frame has no {ROW_NUMBER} column")
    problems = check_header(extract_name, [c for c in frame.columns if c != ROW_NUMBER])
    if problems:
        raise HeaderError(extract_name, problems)
    rows = frame[list(spec.columns)].astype(object).fillna("").astype(str)
    rows = rows.reset_index(drop=True).assign(
        **{POSITION: range(len(frame)), ROW_NUMBER: frame[ROW_NUMBER].to_numpy(dtype="int64")}
    )
    with duckdb.connect() as con:
        con.register("delivery", rows)
        return judge(con, "delivery", extract_name, month, force_id)


def _typed(kind: str, column: str) -> str:
    """A good row's value as the raw table holds it; blanks become null."""
    value = f"nullif({q(column)}, '')"
    if kind == "timestamp":
        return f"strptime({value}, {lit(TIMESTAMP_FORMAT)})"
    if kind == "date":
        return f"CAST(strptime({value}, {lit(DATE_FORMAT)}) AS DATE)"
    if kind == "integer":
        return f"CAST({value} AS BIGINT)"
    if kind == "amount":
        return f"CAST({value} AS DECIMAL(14, 2))"
    if kind == "flag":
        return f"{q(column)} = 'Y'"
    return value
