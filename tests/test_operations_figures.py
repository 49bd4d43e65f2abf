"""Proactive operations (3.1.2, 3.1.5, section 4): marts.operations_results against figures
computed here from the generated landing CSVs with pandas, and the sections' sentences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from pcp_assets.small_counts import Rounding
from reports import figure_words as w
from reports.figures import Series, Value
from reports.offender_words import days, pounds, sentence_length
from reports.sections import good_practice as gp
from reports.sections import operations as ops
from tests.conftest import REPORTING_MONTH
from tests.landing import read_extract, window
from tests.paper_html import read_paper

MONTHS = (REPORTING_MONTH, "2026-04", "2025-11")
COUNTS = ("arrests", "charges", "weapons_seized", "sentences_months")
AMOUNTS = ("cash_seized", "drugs_seized_value")


@pytest.fixture(scope="module")
def results(completed_run: Settings) -> pd.DataFrame:
    frame = read_extract(completed_run.landing_dir, "operations")
    frame["month"] = frame["month_start"].str[:7]
    for column in COUNTS:
        frame[column] = frame[column].astype(int)
    for column in AMOUNTS:
        frame[column] = frame[column].map(Decimal)
    return frame


@pytest.fixture(scope="module")
def marts(completed_run: Settings) -> pd.DataFrame:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        frame = con.execute("select * from marts.operations_results").df()
    frame["month"] = pd.to_datetime(frame["reporting_month"]).dt.strftime("%Y-%m")
    return frame.set_index(["month", "operation"])


def totals(frame: pd.DataFrame) -> dict[str, object]:
    return {c: frame[c].sum() for c in (*COUNTS, *AMOUNTS)}


@pytest.mark.parametrize("month", MONTHS)
def test_operations_results_match_the_csvs(results, marts, month: str) -> None:
    in_r12 = results[results["month"].isin(window(month))]
    expected_operations = set(in_r12["operation"]) | {"All"}
    assert set(marts.loc[month].index) == expected_operations
    for name in expected_operations:
        mine = results if name == "All" else results[results["operation"] == name]
        first = mine["month"].min()
        row = marts.loc[(month, name)]
        month_rows, r12_rows = mine[mine["month"] == month], mine[mine["month"].isin(window(month))]
        to_date = mine[(mine["month"] >= first) & (mine["month"] <= month)]
        for suffix, rows in (("", month_rows), ("_r12", r12_rows), ("_to_date", to_date)):
            for column, expected in totals(rows).items():
                assert Decimal(str(row[column + suffix])) == Decimal(str(expected)), (
                    name,
                    column + suffix,
                )
        assert row["first_month"].strftime("%Y-%m") == first
        assert (
            row["months_since_first"]
            == (pd.Period(month, freq="M") - pd.Period(first, freq="M")).n + 1
        )
        assert row["is_reported"] == (not month_rows.empty)


def test_the_paper_states_the_operations_figures(completed_run: Settings, results, marts) -> None:
    path = completed_run.reports_dir / "midshire" / REPORTING_MONTH / "board_paper.html"
    text = " ".join(read_paper(path).split())
    month = results[results["month"] == REPORTING_MONTH]
    assert f"seized {pounds(float(month['cash_seized'].sum()))} in cash" in text
    r12 = results[results["month"].isin(window(REPORTING_MONTH))]
    leader = r12.groupby("operation")["arrests"].sum().sort_index().idxmax()
    arrests = r12[r12["operation"] == leader]["arrests"].sum()
    assert f"came from the {leader}: {arrests:,} arrests" in text
    assert "4.0 Highlighted Good Practice" in text


# --- sentences -----------------------------------------------------------------------------------

MONTH = date(2026, 10, 1)


def operation(name: str, arrests: float | None, **figures: float | None) -> ops.Operation:
    values = {f + s: Value(figures.get(f + s, 0)) for f in ops.FIGURES for s in ops.PERIODS}
    values["arrests"] = Value(arrests, None if arrests is not None else "missing months: 2026-10")
    values.update({k: Value(v) for k, v in figures.items()})
    return ops.Operation(name, date(2025, 12, 1), Value(11), False, True, values)


def figures(
    *operations: ops.Operation, total: ops.Operation | None = None
) -> ops.OperationsFigures:
    empty = Series((), ())
    return ops.OperationsFigures(MONTH, total, operations, empty, empty)


def test_words_for_money_sentences_and_days() -> None:
    assert pounds(47033.4) == "£47,033"
    assert sentence_length(763) == "63 years and 7 months"
    assert sentence_length(12) == "1 year"
    assert sentence_length(1) == "1 month"
    assert sentence_length(0) == "0 months"
    assert days(1) == "1 day"
    assert days(26.5) == "26.5 days"


def test_month_results_name_the_operations() -> None:
    team = operation("Southern Impact Team", 11, charges=8, weapons_seized=1, sentences_months=66)
    op = operation("Op Dampen", 1, charges=1)
    total = operation("All", 12, charges=9, weapons_seized=1, sentences_months=66, arrests_r12=None)
    total.figures["arrests_r12"] = Value(None, "missing months: 2026-01")
    (text,) = ops.month_results(figures(op, team, total=total), w.count)
    assert text == (
        "In October 2026, Op Dampen and the Southern Impact Team reported the results of "
        "proactive operations: 12 arrests, 9 charges, 1 weapon seized and sentences totalling 5 "
        "years and 6 months secured at court."
    )
    published = partial(w.people, rounding=Rounding(5))
    (text,) = ops.month_results(figures(op, team, total=total), published)
    assert text == (
        "In October 2026, Op Dampen and the Southern Impact Team reported the results of "
        "proactive operations: 10 arrests, <10 charges, <10 weapons seized and sentences "
        "totalling 5 years and 6 months secured at court."
    )
    assert ops.month_results(figures(), w.count) == (
        "No proactive operation reported results for October 2026.",
    )


def test_seizure_sentences_stay_grammatical_without_figures() -> None:
    total = operation("All", 5, cash_seized=None, drugs_seized_value=None, cash_seized_r12=None)
    total.figures["cash_seized"] = Value(None, "missing months: 2026-10")
    assert ops.seizures(figures(total=total)) == (
        "Seizures by proactive operations in October 2026 are not available (missing months: "
        "2026-10).",
    )
    assert ops.seizures(figures()) == (
        "No proactive operation reported seizures in the 12 months to October 2026.",
    )


def test_good_practice_highlights_the_most_arrests_since_it_began() -> None:
    def shown(v: Value) -> str:
        return "<5" if v.value is not None and 0 < v.value < 5 else f"{v.value:,.0f}"

    team = operation(
        "Southern Impact Team",
        11,
        arrests_r12=154,
        arrests_to_date=154,
        cash_seized_to_date=47033,
        drugs_seized_value_to_date=53605,
        sentences_months_to_date=763,
    )
    other = operation("Op Dampen", 3, arrests_r12=30)
    lead, story = gp.paragraphs(figures(other, team), shown)
    assert lead == (
        "The most arrests by proactive operations in the 12 months to October 2026 came from the "
        "Southern Impact Team: 154 arrests."
    )
    assert story == (
        "In the eleven months since it first reported results in December 2025, the Southern "
        "Impact Team has made 154 arrests, seized £47,033 in cash and £53,605 worth of drugs "
        "and, at court, secured sentences totalling 63 years and 7 months."
    )
    assert gp.paragraphs(figures(), shown) == ()
