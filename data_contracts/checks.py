"""Named row-level rules shared by the extract contracts, each an SQL condition:
one condition of data_contracts/sql.py.

A rule sees the extract as text (every blank is '') and judges one thing only, letting other rules'
problems through (`recorded_at within 2026-10` passes a value that does not parse; `parses` rules
on optional columns pass blanks), so a rejected row is reported once per thing actually wrong with
it. A rule's name is what the rejects table shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from data_contracts.extract import DATE_FORMAT
from data_contracts.sql import (
    FILE,
    MONTH,
    MONTH_LAST_DAY,
    MONTH_START,
    NEXT_MONTH_START,
    POSITION,
    full_match,
    in_list,
    lit,
    parsed,
    q,
    shown,
    sql_check,
)


def month_period(month: str) -> pd.Period:
    """A month given as "YYYY-MM"."""
    if not isinstance(month, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(f"month must look like YYYY-MM, got {month!r}")
    return pd.Period(month, freq="M")


def not_blank(column: str) -> pa.Check:
    return sql_check(f"{q(column)} <> ''", f"{column} not blank")


# A reference (crime, incident, nominal): letters and digits, with / _ . - between them, at most
# 40 characters. Spaces, control and invisible characters never make a key.
IDENTIFIER_PATTERN = r"[A-Za-z0-9][A-Za-z0-9/_.\-]{0,39}"


def identifier(column: str, optional: bool = False) -> pa.Check:
    """The value looks like a reference; blanks are left to `not blank` (or allowed)."""
    rule = f"{column} is a reference (letters, digits, / _ . -; at most 40)"
    if optional:
        rule += " or is blank"
    return sql_check(f"{full_match(column, IDENTIFIER_PATTERN)} OR {q(column)} = ''", rule)


def is_force(column: str, force_id: str) -> pa.Check:
    """The row belongs to the force the delivery is loaded for; blanks are left to `not blank`."""
    return sql_check(f"{q(column)} IN ({lit(force_id)}, '')", f"{column} is {force_id}")


def known(column: str, values: Iterable[str], reference: str) -> pa.Check:
    """The value is in a reference list, or blank (an optional place)."""
    return sql_check(
        f"{in_list(column, sorted(values))} OR {q(column)} = ''",
        f"{column} is in {reference} or is blank",
    )


def one_of(column: str, values: Iterable[str], rule: str | None = None) -> pa.Check:
    allowed = list(values)
    name = rule or f"{column} in {{{', '.join(allowed)}}}"
    return sql_check(in_list(column, allowed), name)


def matches(column: str, pattern: str, rule: str) -> pa.Check:
    return sql_check(full_match(column, pattern), rule)


def unique_in_file(column: str) -> pa.Check:
    """The first occurrence of a value is kept; later ones break the rule. Blanks are left to
    `not blank`."""
    first = f"row_number() OVER (PARTITION BY {FILE}, {q(column)} ORDER BY {POSITION}) = 1"
    return sql_check(f"{first} OR {q(column)} = ''", f"{column} unique in file")


def parses(column: str, fmt: str, optional: bool = False) -> pa.Check:
    rule = f"{column} parses as {shown(fmt)}" + (" or is blank" if optional else "")
    sql = f"{parsed(column, fmt)} IS NOT NULL"
    return sql_check(f"{sql} OR {q(column)} = ''" if optional else sql, rule)


def _digits_up_to(column: str, pattern: str, maximum: int) -> str:
    return f"({full_match(column, pattern)} AND TRY_CAST({q(column)} AS DOUBLE) <= {maximum})"


def whole_number(column: str, maximum: int, optional: bool = False) -> pa.Check:
    """A count written in digits, from 0 to `maximum` (no sign, no separators)."""
    rule = f"{column} is a whole number from 0 to {maximum:,}"
    rule += " or is blank" if optional else ""
    sql = _digits_up_to(column, r"\d{1,12}", maximum)
    return sql_check(f"{sql} OR {q(column)} = ''" if optional else sql, rule)


def amount(column: str, maximum: int) -> pa.Check:
    """Money in pounds, to the penny at most (`1250`, `1250.5`, `1250.50`), from 0 to `maximum`."""
    return sql_check(
        _digits_up_to(column, r"\d{1,12}(\.\d{1,2})?", maximum),
        f"{column} is an amount in pounds from 0 to {maximum:,}",
    )


def in_month(column: str, month: str) -> pa.Check:
    """The value is the month itself, written `YYYY-MM` (as data.police.uk files give it)."""
    period = month_period(month)
    return sql_check(f"{q(column)} = {MONTH}", f"{column} is {period}", period)


def within_month(column: str, fmt: str, month: pd.Period) -> pa.Check:
    when = parsed(column, fmt)
    return sql_check(
        f"{when} IS NULL OR ({when} >= {MONTH_START} AND {when} < {NEXT_MONTH_START})",
        f"{column} within {month}",
        month,
    )


RowCheck = tuple[str, pa.Check]  # (the column a rejected row is reported against, the check)


def row_check(column: str, rule: str, sql: str) -> RowCheck:
    """A rule over several columns of the row (the SQL condition `sql`); rejects are reported
    against `column`."""
    return column, sql_check(sql, rule)


def on_first_day(column: str, month: pd.Period) -> pa.Check:
    """The value is the month's first day (a monthly return's); a value that does not parse is
    left to `parses`."""
    return _on_day(column, month, month.start_time, MONTH_START, "the month's first day")


def on_last_day(column: str, month: pd.Period) -> pa.Check:
    """The value is the month's last day (a snapshot's); a value that does not parse is left to
    `parses`."""
    return _on_day(
        column, month, month.end_time.normalize(), MONTH_LAST_DAY, "the month's last day"
    )


def _on_day(
    column: str, month: pd.Period, day: pd.Timestamp, day_column: str, meaning: str
) -> pa.Check:
    when = parsed(column, DATE_FORMAT)
    return sql_check(
        f"{when} IS NULL OR {when} = {day_column}",
        f"{column} is {day.strftime('%Y-%m-%d')} ({meaning})",
        month,
    )
