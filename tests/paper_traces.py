"""Checking a rendered paper's figure links against the warehouse (tests/test_paper_traces.py for
the force's paper, tests/test_police_uk_run.py for data.police.uk's).

Each figure link's appendix entry names a mart, the row's keys and a column; the test reads that
cell with its own query and compares it with the figure as printed. A section's sum, count or
change on the previous month names the operation in the column ("sum of …", "count of rows", "…
minus the previous month's"; reports/traces.py, `derived`), and the test does the same arithmetic
on the cells. Other derived figures (XmR limits,
shares of sums) are worked in their own tests (test_signals, test_reports_data_quality, ...);
here their entries must name a column of their mart.
"""

from __future__ import annotations

import html
import json
import math
import re
from datetime import date
from typing import Any

import duckdb

from data_contracts.calendar import add_months
from tests.paper_html import visible_text
from tests.paper_style import NUMBER_WORDS

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MINUS = "\u2212"  # the typographic minus sign
# Numbers in the sections' text that are not figures: the rules and labels the paper states.
NOT_FIGURES = (
    re.compile(r"\b\d+(?:\.\d+)+\b"),  # paragraph and section numbers: 2.1.3, 3.1, 6.0
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b"),  # day of a date: 18 November 2026
    re.compile(rf"\b(?:{MONTHS}) \d{{4}}\b"),  # month and year
    re.compile(r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b"),  # months and days from the data: 2025-03
    re.compile(r"\b(?:19|20)\d\d\b"),  # years
    re.compile(r"\b(?:[Oo]utcome|type|types|[Oo]utcomes) \d+(?:(?:, | and | or )\d+)*"),
    re.compile(r"\b(?:12|24) months?\b|\b12-month\b|\b12 month\b|\b(?:in|Previous) 12\b"),
    re.compile(r"<\d+"),  # a suppressed count: "<5"
    re.compile(r"\ballows 48 hours\b"),  # DVPN to DVPO hearing, the law's limit
    re.compile(r"\b(?:up to \d+ days|\d+ to \d+ days|\d+ days to a year)", re.I),  # age bands
    re.compile(r"illustrative-[\d.]+"),  # the harm weights' version
)
ANY_NUMBER = re.compile(rf"(?<![\w.])[£<+\-{MINUS}]?\d[\d,]*(?:\.\d+)?%?")
LINK = re.compile(r'<a class="figure" href="#trace-(\d+)"[^>]*>(.*?)</a>', re.S)
ENTRY = re.compile(
    r'<tr id="trace-(\d+)" data-keys="([^"]*)">.*?<td>(.*?)</td><td>(.*?)</td>'
    r'<td class="keys">.*?</td><td>(.*?)</td></tr>',
    re.S,
)
NUMBER = re.compile(rf"[£+{MINUS}-]?\d[\d,]*(?:\.\d+)?")
MINUS_PREVIOUS = " minus the previous month's"
COUNT_OF_ROWS = "count of rows"


def key(v: object) -> str:
    """A cell as a trace's key shows it (reports/traces.py): months as YYYY-MM."""
    return f"{v:%Y-%m}" if isinstance(v, date) else str(v)


def month_of(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


class Cells:
    """The marts' rows for the force (reference tables whole), read once, looked up by keys."""

    def __init__(self, con: duckdb.DuckDBPyConnection, force_id: str) -> None:
        self.con, self.force_id = con, force_id
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table not in self.tables:
            cursor = self.con.execute(f"select * from {table}")
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
            self.tables[table] = [
                r for r in rows if r.get("force_id", self.force_id) == self.force_id
            ]
        return self.tables[table]

    def columns(self, table: str) -> set[str]:
        return set(self.rows(table)[0]) if self.rows(table) else set()

    def matching(self, table: str, keys: dict[str, str]) -> list[dict[str, Any]]:
        return [r for r in self.rows(table) if all(key(r[k]) == v for k, v in keys.items())]

    def value(self, table: str, column: str, keys: dict[str, str]) -> float:
        found = self.matching(table, keys)
        assert len(found) == 1, f"{table} {keys}: {len(found)} rows"
        cell = found[0][column]
        assert cell is not None, f"{table} {keys} {column} is null"
        return float(cell)

    def in_ranges(self, table: str, keys: dict[str, str]) -> list[dict[str, Any]]:
        """The rows of every key value a trace's ranges name ("2025-11 to 2026-10", "1 to 20")."""
        options = {name: spread(name, value) for name, value in keys.items()}
        return [r for r in self.rows(table) if all(key(r[k]) in options[k] for k in options)]

    def figure(self, table: str, column: str, keys: dict[str, str]) -> float | None:
        """The value the trace names: a cell; the rows its keys and ranges name counted, or a
        column summed or its true (false) values counted over them; a change on the previous
        month. None for other derived figures (XmR limits, shares, changes on the year), whose
        columns are checked to exist and whose values their own tests work out."""
        if column in self.columns(table):
            return self.value(table, column, keys)
        if column == COUNT_OF_ROWS:  # rows counted over the ranges ("harm_rank 1 to 20")
            return float(len(self.in_ranges(table, keys)))
        plain = re.fullmatch(r"(sum|count) of (not )?([a-z_0-9]+)", column)
        if plain and plain.group(3) in self.columns(table):
            how, negated, name = plain.groups()
            rows = self.in_ranges(table, keys)
            assert rows, f"{table} {keys}: no rows"
            if how == "sum":
                return sum(float(r[name] or 0) for r in rows)
            return sum(1 for r in rows if r[name] is not None and bool(r[name]) != bool(negated))
        if column.endswith(MINUS_PREVIOUS):
            column = column.removesuffix(MINUS_PREVIOUS)
            before = f"{add_months(month_of(keys['reporting_month']), -1):%Y-%m}"
            return self.value(table, column, keys) - self.value(
                table, column, {**keys, "reporting_month": before}
            )
        named = set(re.findall(r"[a-z_0-9]+", column)) & self.columns(table)
        assert named, f"the derived figure {column!r} names no column of {table}"
        return None


def spread(name: str, value: str) -> set[str]:
    """A key's values: itself, or every month or number of a range "A to B"."""
    first, to, last = value.partition(" to ")
    if not to:
        return {value}
    if name == "reporting_month":
        return set(months(first, last))
    return {str(n) for n in range(int(first), int(last) + 1)}


def months(first: str, last: str) -> list[str]:
    found, m = [], month_of(first)
    while m <= month_of(last):
        found.append(f"{m:%Y-%m}")
        m = add_months(m, 1)
    return found


def printed_number(shown: str) -> float:
    """The number a figure prints: "1,234", "-3.2%" (U+2212), "£47,033", "64 days", "63 years and 7
    months" (in months); a change that rounds to zero ("no change", "unchanged") is 0."""
    if shown in ("no change", "unchanged"):
        return 0.0
    years = re.fullmatch(r"([\d,]+) years?(?: and (\d+) months?)?|(\d+) months?", shown)
    if years:
        y, m, only = years.groups()
        return float(only) if only else int(y.replace(",", "")) * 12 + int(m or 0)
    if shown in NUMBER_WORDS:
        return float(NUMBER_WORDS.index(shown))
    token = NUMBER.search(shown)
    assert token, f"no number in the figure {shown!r}"
    return float(token.group().strip(f"£+{MINUS}-").replace(",", ""))


def as_printed(cell: float, shown: str) -> set[float]:
    """The cell as the figure would print it (either way of a half at the last decimal)."""
    x = abs(cell) * (100 if shown.endswith("%") or "points" in shown else 1)
    if "year" in shown or "month" in shown:
        return {float(round(x))}
    return {float(round(x)), math.floor(x * 10) / 10, math.ceil(x * 10) / 10, round(x, 1)}


def entries(page: str) -> dict[str, tuple[str, str, str, dict[str, str]]]:
    """Appendix entry number -> (figure as printed, mart, column, keys)."""
    found = {}
    for n, keys, shown, table, column in ENTRY.findall(page):
        pairs = json.loads(html.unescape(keys))
        found[n] = (html.unescape(shown), table, html.unescape(column), dict(pairs))
    return found


def mismatched_figures(
    page: str, con: duckdb.DuckDBPyConnection, force_id: str
) -> tuple[int, list[tuple[object, ...]]]:
    """How many figure links the page has, and those whose printed figure is not the cell (or
    the sum, count or difference) their entry names."""
    listed, cells = entries(page), Cells(con, force_id)
    links = LINK.findall(page)
    wrong: list[tuple[object, ...]] = []
    for n, shown in links:
        # a cell may be printed two ways ("+18.6%" in a table, "increased 18.6%"); the entry
        # shows its first printing
        _, table, column, keys = listed[n]
        printed = html.unescape(shown)
        figure = cells.figure(table, column, dict(keys))
        if figure is None:
            continue
        # a printed sign must be the cell's ("+4%", "-3.2%"); "decreased 3.2%" prints none
        signed = re.match(rf"[+{MINUS}-]", printed)
        sign_wrong = signed is not None and (signed.group() == "+") != (figure > 0)
        if sign_wrong or printed_number(printed) not in as_printed(figure, printed):
            wrong.append((printed, table, column, keys, figure))
    return len(links), wrong


def unlinked_numbers(page: str) -> list[str]:
    """Numbers left in the sections' text and tables once every figure link is taken out, but
    section numbers, dates, windows and the rules' own constants (`NOT_FIGURES`), in context."""
    body = page[page.index('id="section-1.0"') : page.index('class="definitions"')]
    body = LINK.sub(" ", body)
    body = re.sub(r'<(li|p) class="commentary">.*?</\1>', " ", body, flags=re.S)
    body = re.sub(r"<(figcaption|caption)\b.*?</\1>", " ", body, flags=re.S)
    text = visible_text(body)
    for rule in NOT_FIGURES:
        text = rule.sub(" ", text)
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in ANY_NUMBER.finditer(text)]
