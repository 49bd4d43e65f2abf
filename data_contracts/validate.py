"""Validate one delivered file: split its rows into typed good rows and named rejects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import clear_parsed, month_period
from data_contracts.extract import DATE_FORMAT, ROW_NUMBER, TIMESTAMP_FORMAT, Extract
from data_contracts.registry import extract

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


def validate(extract_name: str, month: str, frame: pd.DataFrame, force_id: str) -> ValidationResult:
    """Check a file read as text (plus a 1-based `_row_number`) against its contract for `month`
    and the force the delivery is loaded for.

    Every value is trimmed of surrounding whitespace first (the one normalisation: what is
    checked is what is stored). Every row ends up either in `good` or with at least one row in
    `rejects`, never both. Raises HeaderError when the columns are wrong.
    """
    spec = extract(extract_name)
    if ROW_NUMBER not in frame.columns:
        raise ValueError(f"frame has no {ROW_NUMBER} column")
    problems = check_header(extract_name, [c for c in frame.columns if c != ROW_NUMBER])
    if problems:
        raise HeaderError(extract_name, problems)

    text = _as_text(frame[list(spec.columns)])
    row_numbers = frame[ROW_NUMBER].to_numpy(dtype=np.int64)
    failures = _failures(schema(extract_name, str(month_period(month)), force_id), text)

    rejects = pd.DataFrame(
        {
            "row_number": row_numbers[failures["position"].to_numpy(dtype=np.int64)],
            "rule": failures["rule"].to_numpy(),
            "column_name": failures["column_name"].to_numpy(),
        }
    )
    keep = np.ones(len(text), dtype=bool)
    keep[failures["position"].to_numpy(dtype=np.int64)] = False
    good = _typed(spec, text[keep])
    good[ROW_NUMBER] = row_numbers[keep]
    return ValidationResult(
        good=good.reset_index(drop=True), rejects=rejects, rows_delivered=len(text)
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every value as a string trimmed of surrounding whitespace (NA as ""), on a 0..n-1 index."""
    text = frame.astype(object).fillna("").astype(str).reset_index(drop=True)
    return text.apply(lambda s: s.str.strip())


def _failures(schema: pa.DataFrameSchema, text: pd.DataFrame) -> pd.DataFrame:
    """One row (position, rule, column_name) per failed rule per row, ordered by position then by
    the rule's place in the contract."""
    try:
        schema.validate(text, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return pd.DataFrame({"position": [], "rule": [], "column_name": []})
    finally:
        clear_parsed()

    if cases["index"].isna().any():
        # Only row-level rules belong in a contract; anything else is a bug in the contract.
        raise RuntimeError(f"contract {schema.name} raised a failure without a row:\n{cases}")
    rule_columns: dict[str, str] = schema.metadata["rule_columns"]
    # A check over the whole row is reported once per column: keep one, under its own column.
    is_row_check = cases["schema_context"] == "DataFrameSchema"
    cases = cases.assign(
        column=cases["column"].where(~is_row_check, cases["check"].map(rule_columns))
    ).drop_duplicates(["index", "check"])
    order = {rule: i for i, rule in enumerate(_rule_names(schema))}
    return (
        pd.DataFrame(
            {
                "position": cases["index"].astype(np.int64),
                "rule": cases["check"].astype(str),
                "column_name": cases["column"].astype(str),
                "_order": cases["check"].map(order),
            }
        )
        .sort_values(["position", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _rule_names(schema: pa.DataFrameSchema) -> list[str]:
    names = [check.name for column in schema.columns.values() for check in column.checks]
    return names + [check.name for check in schema.checks]


def _typed(spec: Extract, text: pd.DataFrame) -> pd.DataFrame:
    """The good rows as the raw table holds them; blanks become null."""
    typed = {}
    for column, kind in spec.kinds.items():
        values = text[column]
        if kind == "timestamp":
            typed[column] = pd.to_datetime(values.replace("", None), format=TIMESTAMP_FORMAT)
        elif kind == "date":
            typed[column] = pd.to_datetime(values.replace("", None), format=DATE_FORMAT)
        elif kind == "integer":
            typed[column] = pd.to_numeric(values.replace("", None)).astype("Int64")
        elif kind == "amount":
            typed[column] = pd.to_numeric(values.replace("", None)).astype("Float64").round(2)
        elif kind == "flag":
            typed[column] = values == "Y"
        else:
            typed[column] = values.replace("", None)
    return pd.DataFrame(typed, index=text.index)
