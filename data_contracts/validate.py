"""Validate delivered files: split their rows into typed good rows and named rejects.

The contract (the Pandera schema of data_contracts/<extract>.py) is compiled into one DuckDB query
over the whole delivery: each rule is one SQL condition (data_contracts/sql.py), and each row gets
the list of the rules it breaks; one query judges many months' files of a force. The loader runs it
over the tables DuckDB read the files into (data_contracts/reader.py); `validate` runs it over a
pandas frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import month_period
from data_contracts.extract import DATE_FORMAT, ROW_NUMBER, TIMESTAMP_FORMAT
from data_contracts.registry import extract
from data_contracts.sql import FILE, MONTH_COLUMNS, POSITION, lit, month_columns, q, sql_of, trimmed

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
    con: duckdb.DuckDBPyConnection,
    parts: Sequence[tuple[str, str]],
    extract_name: str,
    force_id: str,
) -> list[ValidationResult]:
    """Check each part, a relation (the extract's columns as delivered, `_position`, the row's
    place in its file from 0, and `_row_number`) with the month ("YYYY-MM") it was delivered for,
    against the contract for its month and the force the delivery is loaded for. Every value is
    trimmed of surrounding whitespace first (the one normalisation: what is checked is what is
    stored). Every row ends up either in `good` or with at least one row in `rejects`, never both.

    The parts whose contracts compile to the same query (those of one force: the month is a
    column of the rows) are judged by one query, so that its cost of planning is paid once
    rather than a file at a time. Leaves the judged rows in the temporary table `judged`: `_file`
    (the part's place in `parts`), the month's columns, the trimmed text, and `_broken` (the
    places of the rules broken, in the part's `compiled(...).rules`)."""
    if not parts:
        return []
    spec = extract(extract_name)
    contracts = [compiled(extract_name, month, force_id) for _, month in parts]
    groups: dict[str, list[int]] = {}
    for place, contract in enumerate(contracts):
        groups.setdefault(contract.broken, []).append(place)
    columns = ", ".join(q(column) for column in spec.columns)
    text = ", ".join(f"{trimmed(column)} AS {q(column)}" for column in spec.columns)
    con.execute("DROP TABLE IF EXISTS judged")
    for group, (broken, members) in enumerate(groups.items()):
        rows = " UNION ALL ".join(
            f"SELECT {place} AS {FILE}, {month_columns(month_period(parts[place][1]))}, "
            f"{POSITION}, {ROW_NUMBER}, {columns} FROM {parts[place][0]}"
            for place in members
        )
        judged = (
            f"SELECT *, {broken} AS _broken FROM (SELECT {FILE}, {', '.join(MONTH_COLUMNS)}, "
            f"{POSITION}, {ROW_NUMBER}, {text} FROM ({rows}))"
        )
        con.execute(
            f"INSERT INTO judged {judged}" if group else f"CREATE TEMP TABLE judged AS {judged}"
        )
    rejects = con.execute(
        f"""
        SELECT {FILE}, {ROW_NUMBER} AS row_number, $rules[{FILE} + 1][place] AS rule,
            $columns[{FILE} + 1][place] AS column_name
        FROM (SELECT {FILE}, {POSITION}, {ROW_NUMBER}, unnest(_broken) AS place FROM judged)
        ORDER BY {FILE}, {POSITION}, place
        """,
        {
            "rules": [list(contract.rules) for contract in contracts],
            "columns": [list(contract.columns) for contract in contracts],
        },
    ).df()
    typed = ", ".join(
        f"{_typed(kind, column)} AS {q(column)}" for column, kind in spec.kinds.items()
    )
    good = con.execute(
        f"SELECT {FILE}, {typed}, {ROW_NUMBER} FROM judged WHERE len(_broken) = 0 "
        f"ORDER BY {FILE}, {POSITION}"
    ).df()
    results = []
    for good_rows, rejected in zip(
        _by_file(good, len(parts)), _by_file(rejects, len(parts)), strict=True
    ):
        delivered = len(good_rows) + rejected["row_number"].nunique()
        results.append(
            ValidationResult(good=good_rows, rejects=rejected, rows_delivered=int(delivered))
        )
    return results


def _by_file(frame: pd.DataFrame, files: int) -> list[pd.DataFrame]:
    """A frame sorted by `_file` cut into each file's rows, without the column."""
    bounds = np.searchsorted(frame[FILE].to_numpy(), np.arange(files + 1))
    rows = frame.drop(columns=FILE)
    return [rows.iloc[first:end].reset_index(drop=True) for first, end in pairwise(bounds)]


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
        [result] = judge(con, [("delivery", month)], extract_name, force_id)
        return result


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
