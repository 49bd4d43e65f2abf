"""Named, vectorised row-level checks shared by the extract contracts.

A check sees the extract as text (every blank is "") and returns one boolean per row. Each check
judges one thing only and lets other rules' problems through (`recorded_at within 2026-10` passes a
value that does not parse; `parses` rules on optional columns pass blanks), so a rejected row is
reported once per thing actually wrong with it. A rule's name is what the rejects table shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from data_contracts.extract import DATE_FORMAT, TIMESTAMP_FORMAT

_PATTERNS = {
    TIMESTAMP_FORMAT: (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "YYYY-MM-DD HH:MM:SS"),
    DATE_FORMAT: (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
}


# Several rules parse the same column; Pandera hands every check the same backing array, so the
# parse is kept per array (held here so its id cannot be reused) until clear_parsed() is called.
_parsed: dict[tuple[int, str], tuple[object, pd.Series]] = {}
_PARSED_MAX = 16


def parse(values: pd.Series, fmt: str) -> pd.Series:
    """Datetimes of the values in `fmt`; NaT for blanks and anything malformed."""
    key = (id(values.array), fmt)
    hit = _parsed.get(key)
    if hit is not None and hit[0] is values.array and hit[1].index.equals(values.index):
        return hit[1]
    pattern, _ = _PATTERNS[fmt]
    # The regex keeps out what strptime tolerates, such as "2026-10-1 9:05:00".
    strict = values.where(values.str.fullmatch(pattern), "")
    parsed = pd.to_datetime(strict, format=fmt, errors="coerce")
    if len(_parsed) >= _PARSED_MAX:
        _parsed.pop(next(iter(_parsed)), None)
    _parsed[key] = (values.array, parsed)
    return parsed


def clear_parsed() -> None:
    _parsed.clear()


def month_period(month: str) -> pd.Period:
    """A month given as "YYYY-MM"."""
    if not isinstance(month, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(f"month must look like YYYY-MM, got {month!r}")
    return pd.Period(month, freq="M")


def not_blank(column: str) -> pa.Check:
    return pa.Check(lambda s: s != "", name=f"{column} not blank")


# A reference (crime, incident, nominal): letters and digits, with / _ . - between them, at most
# 40 characters. Spaces, control and invisible characters never make a key.
IDENTIFIER_PATTERN = r"[A-Za-z0-9][A-Za-z0-9/_.\-]{0,39}"


def identifier(column: str, optional: bool = False) -> pa.Check:
    """The value looks like a reference; blanks are left to `not blank` (or allowed)."""
    rule = f"{column} is a reference (letters, digits, / _ . -; at most 40)"
    if optional:
        rule += " or is blank"
    return pa.Check(lambda s: s.str.fullmatch(IDENTIFIER_PATTERN) | (s == ""), name=rule)


def is_force(column: str, force_id: str) -> pa.Check:
    """The row belongs to the force the delivery is loaded for; blanks are left to `not blank`."""
    return pa.Check(lambda s: (s == force_id) | (s == ""), name=f"{column} is {force_id}")


def known(column: str, values: Iterable[str], reference: str) -> pa.Check:
    """The value is in a reference list, or blank (an optional place)."""
    allowed = set(values)
    return pa.Check(
        lambda s: s.isin(allowed) | (s == ""), name=f"{column} is in {reference} or is blank"
    )


def one_of(column: str, values: Iterable[str], rule: str | None = None) -> pa.Check:
    allowed = list(values)
    name = rule or f"{column} in {{{', '.join(allowed)}}}"
    return pa.Check(lambda s: s.isin(allowed), name=name)


def matches(column: str, pattern: str, rule: str) -> pa.Check:
    return pa.Check(lambda s: s.str.fullmatch(pattern), name=rule)


def unique_in_file(column: str) -> pa.Check:
    """The first occurrence of a value is kept; later ones break the rule. Blanks are left to
    `not blank`."""
    return pa.Check(
        lambda s: ~s.duplicated(keep="first") | (s == ""), name=f"{column} unique in file"
    )


def parses(column: str, fmt: str, optional: bool = False) -> pa.Check:
    _, shown = _PATTERNS[fmt]
    rule = f"{column} parses as {shown}" + (" or is blank" if optional else "")

    def check(s: pd.Series) -> pd.Series:
        ok = parse(s, fmt).notna()
        return ok | (s == "") if optional else ok

    return pa.Check(check, name=rule)


def whole_number(column: str, maximum: int, optional: bool = False) -> pa.Check:
    """A count written in digits, from 0 to `maximum` (no sign, no separators)."""
    rule = f"{column} is a whole number from 0 to {maximum:,}"
    rule += " or is blank" if optional else ""

    def check(s: pd.Series) -> pd.Series:
        digits = s.str.fullmatch(r"\d{1,12}")
        ok = digits & (pd.to_numeric(s.where(digits, "0")) <= maximum)
        return ok | (s == "") if optional else ok

    return pa.Check(check, name=rule)


def amount(column: str, maximum: int) -> pa.Check:
    """Money in pounds, to the penny at most (`1250`, `1250.5`, `1250.50`), from 0 to `maximum`."""

    def check(s: pd.Series) -> pd.Series:
        written = s.str.fullmatch(r"\d{1,12}(\.\d{1,2})?")
        return written & (pd.to_numeric(s.where(written, "0")) <= maximum)

    return pa.Check(check, name=f"{column} is an amount in pounds from 0 to {maximum:,}")


def in_month(column: str, month: str) -> pa.Check:
    """The value is the month itself, written `YYYY-MM` (as data.police.uk files give it)."""
    period = str(month_period(month))
    return pa.Check(lambda s: s == period, name=f"{column} is {period}")


def within_month(column: str, fmt: str, month: pd.Period) -> pa.Check:
    start, end = month.start_time, (month + 1).start_time

    def check(s: pd.Series) -> pd.Series:
        when = parse(s, fmt)
        return when.isna() | ((when >= start) & (when < end))

    return pa.Check(check, name=f"{column} within {month}")


RowCheck = tuple[str, pa.Check]  # (the column a rejected row is reported against, the check)


def row_check(column: str, rule: str, fn: Callable[[pd.DataFrame], pd.Series]) -> RowCheck:
    """A check that needs several columns of the row; rejects are reported against `column`."""
    return column, pa.Check(fn, name=rule)


def on_date(column: str, day: pd.Timestamp, meaning: str) -> pa.Check:
    """The value is one given date (a snapshot's month end, a monthly return's first day); a value
    that does not parse is left to `parses`."""
    shown = day.strftime("%Y-%m-%d")

    def check(s: pd.Series) -> pd.Series:
        when = parse(s, DATE_FORMAT)
        return when.isna() | (when == day)

    return pa.Check(check, name=f"{column} is {shown} ({meaning})")
