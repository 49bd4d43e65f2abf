"""Every figure of the 2026-10 board paper is a link to the mart cell it shows, and shows it.

Each figure link's appendix entry names a mart, the row's keys and a column; the test reads that
cell with its own query and compares it with the figure as printed. A section's sum over months or
change on the previous month names the operation in the column ("sum of …", "… minus the previous
month's"), and the test does the same arithmetic on the cells. Other derived figures (XmR limits,
shares of sums) are worked in their own tests (test_signals, test_reports_data_quality, ...);
here their entries must name a column of their mart.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb
import pytest

from data_contracts.calendar import add_months
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.test_end_to_end import NUMBER_WORDS
from tests.test_paper_formats import FORCE, Month, visible_text

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MINUS = "\u2212"  # the typographic minus sign
# Numbers in the sections' text that are not figures: the rules and labels the paper states.
NOT_FIGURES = (
    re.compile(r"\b\d+(?:\.\d+)+\b"),  # paragraph and section numbers: 2.1.3, 3.1, 6.0
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b"),  # day of a date: 18 November 2026
    re.compile(rf"\b(?:{MONTHS}) \d{{4}}\b"),  # month and year
    re.compile(r"\b(?:19|20)\d\d\b"),  # years
    re.compile(r"\b(?:[Oo]utcome|type|types|[Oo]utcomes) \d+(?:(?:, | and | or )\d+)*"),
    re.compile(r"\b(?:12|24|36) months?\b|\b12-month\b|\b12 month\b|\b(?:in|Previous) 12\b"),
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
SUM_OF = "sum of "
MINUS_PREVIOUS = " minus the previous month's"


@pytest.fixture(scope="module")
def page(completed_run: Settings) -> str:
    return Month(completed_run.reports_dir / FORCE / REPORTING_MONTH).html()


@pytest.fixture(scope="module")
def con(completed_run: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(completed_run.duckdb_path), read_only=True)
    yield connection
    connection.close()


def key(v: object) -> str:
    """A cell as a trace's key shows it (reports/traces.py): months as YYYY-MM."""
    return f"{v:%Y-%m}" if isinstance(v, date) else str(v)


def month_of(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


class Cells:
    """The marts' rows for the force (reference tables whole), read once, looked up by keys."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table not in self.tables:
            cursor = self.con.execute(f"select * from {table}")
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
            self.tables[table] = [r for r in rows if r.get("force_id", FORCE) == FORCE]
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

    def figure(self, table: str, column: str, keys: dict[str, str]) -> float | None:
        """The value the trace names: a cell, a sum of a column over months or a change on the
        previous month; None for other derived figures (their columns are checked to exist)."""
        if column in self.columns(table):
            return self.value(table, column, keys)
        if column.startswith(SUM_OF) and " to " in keys.get("reporting_month", ""):
            first, _, last = keys.pop("reporting_month").partition(" to ")
            column = column.removeprefix(SUM_OF)
            found = (
                self.matching(table, {**keys, "reporting_month": m}) for m in months(first, last)
            )
            return sum(float(r[column] or 0) for rows in found for r in rows)
        if column.endswith(MINUS_PREVIOUS):
            column = column.removesuffix(MINUS_PREVIOUS)
            before = f"{add_months(month_of(keys['reporting_month']), -1):%Y-%m}"
            return self.value(table, column, keys) - self.value(
                table, column, {**keys, "reporting_month": before}
            )
        named = set(re.findall(r"[a-z_0-9]+", column)) & self.columns(table)
        assert named, f"the derived figure {column!r} names no column of {table}"
        return None


def months(first: str, last: str) -> list[str]:
    found, m = [], month_of(first)
    while m <= month_of(last):
        found.append(f"{m:%Y-%m}")
        m = add_months(m, 1)
    return found


def printed_number(shown: str) -> float:
    """The number a figure prints: "1,234", "-3.2%" (U+2212), "£47,033", "64 days", "63 years and 7
    months" (in months)."""
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


def test_every_figure_shows_the_mart_cell_it_links_to(page: str, con: duckdb.DuckDBPyConnection):
    listed, cells = entries(page), Cells(con)
    links = LINK.findall(page)
    assert len(links) > 300 and len(listed) > 200
    wrong = []
    for n, shown in links:
        # a cell may be printed two ways ("+18.6%" in a table, "increased 18.6%"); the entry
        # shows its first printing
        _, table, column, keys = listed[n]
        printed = html.unescape(shown)
        figure = cells.figure(table, column, dict(keys))
        if figure is not None and printed_number(printed) not in as_printed(figure, printed):
            wrong.append((printed, table, column, keys, figure))
    assert not wrong, wrong


def test_no_figure_in_the_sections_is_left_without_its_link(page: str) -> None:
    """The sections' text and tables with every figure link taken out hold no number but
    section numbers, dates, windows and the rules' own constants (`numbers_of`)."""
    body = page[page.index('id="section-1.0"') : page.index('class="definitions"')]
    body = LINK.sub(" ", body)
    body = re.sub(r'<(li|p) class="commentary">.*?</\1>', " ", body, flags=re.S)
    body = re.sub(r"<(figcaption|caption)\b.*?</\1>", " ", body, flags=re.S)
    text = visible_text(body)
    for rule in NOT_FIGURES:
        text = rule.sub(" ", text)
    left = [text[max(0, m.start() - 40) : m.end() + 20] for m in ANY_NUMBER.finditer(text)]
    assert not left, left
