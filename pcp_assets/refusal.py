"""A delivery whose rows are all, or more than `PCP_MAX_REJECTED_SHARE` of them, rejected is refused
whole: storing its few good rows would replace the month with a sliver of it. The loader
(pcp_assets/loading.py) raises the reason said here, in one line naming the file, the rule most
rows broke, how many, and one row breaking it (its value only where the column names no person).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd


def rule_examples(
    value: Callable[[int, str], str], rejects: pd.DataFrame, hidden: tuple[str, ...]
) -> dict[str, str]:
    """For each rule of `rejects`, the value of its column in the first row breaking it
    (`value(row_number, column)`, as the contract saw it); none for a `hidden` column (one naming
    a person) or a rule of no column."""
    firsts = rejects.sort_values("row_number", kind="stable").drop_duplicates("rule")
    return {
        str(rule): value(int(row_number), column)
        for rule, row_number, column in firsts[["rule", "row_number", "column_name"]].itertuples(
            index=False
        )
        if isinstance(column, str) and column not in hidden
    }


def percent(share: float) -> str:
    """A share as people read it: 1%, 5.23%, 100%."""
    return f"{share * 100:.3g}%"


def refusal_reason(
    path: Path,
    month: date,
    rows_delivered: int,
    rejects: pd.DataFrame,
    examples: dict[str, str],
    max_share: float,
    month_loaded_before: bool,
) -> str | None:
    """Why the delivery is refused whole, in one line; None when it may be stored (a file with no
    rows, or no more than `max_share` of them rejected and at least one good)."""
    rejected = int(rejects["row_number"].nunique())
    if not rows_delivered or not rejected:
        return None
    share = rejected / rows_delivered
    if share <= max_share and rejected < rows_delivered:
        return None
    by_rule = rejects.groupby("rule")["row_number"].nunique()
    rule, broke = min(by_rule.items(), key=lambda item: (-item[1], item[0]))
    first = int(rejects.loc[rejects["rule"] == rule, "row_number"].min())
    value = f" {examples[rule]!r}" if rule in examples else ""
    shown = f" (e.g. row {first}{value})"
    in_all = f"; {rejected:,} rows ({percent(share)}) rejected in all" if rejected != broke else ""
    why = (
        f"more than {percent(max_share)} (PCP_MAX_REJECTED_SHARE) rejected"
        if share > max_share
        else "every row rejected"
    )
    kept = "keeps its earlier rows" if month_loaded_before else "stays missing"
    return (
        f"{path}: {broke:,} of {rows_delivered:,} rows ({percent(broke / rows_delivered)}) break "
        f"rule '{rule}'{shown}{in_all}; {why}, so the file is refused and {month:%Y-%m} {kept}"
    )
