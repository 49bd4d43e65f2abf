"""Objectives 3.1.2 (targeted days of action: the month's operations results) and 3.1.5 (asset
recovery: cash and drugs seized), from marts.operations_results. Section 4, highlighted good
practice, reads the same figures (reports/sections/good_practice.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import ALL, Series, Value
from reports.mart_rows import Row, fetch, months_to, series, value
from reports.offender_words import pounds, sentence_length
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section

HISTORY_MONTHS = 24
FIGURES = (
    "arrests",
    "charges",
    "cash_seized",
    "drugs_seized_value",
    "weapons_seized",
    "sentences_months",
)
PERIODS = ("", "_r12", "_to_date")

_SQL = """
select * from marts.operations_results
where force_id = ? and reporting_month between ? and ?
  and (operation = 'All' or reporting_month = ?)
"""


@dataclass(frozen=True)
class Operation:
    name: str
    first_month: date
    months_since_first: Value
    is_first_month_first_loaded: bool
    is_reported: bool
    figures: dict[str, Value]  # "<figure><period>" -> value, e.g. "arrests_r12"

    def __getitem__(self, key: str) -> Value:
        return self.figures[key]


@dataclass(frozen=True)
class OperationsFigures:
    month: date
    total: Operation | None  # All operations; None when none reported in the 12 months
    operations: tuple[Operation, ...]  # those with a row this month, by name
    cash: Series  # All, by month
    drugs: Series


def operation(row: Row) -> Operation:
    return Operation(
        name=row["operation"],
        first_month=row["first_month"],
        months_since_first=value(row, "months_since_first"),
        is_first_month_first_loaded=row["is_first_month_first_loaded"],
        is_reported=row["is_reported"],
        figures={f + s: value(row, f + s) for f in FIGURES for s in PERIODS},
    )


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> OperationsFigures:
    months = months_to(m, HISTORY_MONTHS)
    rows = fetch(con, _SQL, [force_id, months[0], m, m])
    totals = {r["reporting_month"]: r for r in rows if r["operation"] == ALL}
    now = sorted(
        (r for r in rows if r["reporting_month"] == m and r["operation"] != ALL),
        key=lambda r: r["operation"],
    )
    return OperationsFigures(
        month=m,
        total=operation(totals[m]) if m in totals else None,
        operations=tuple(operation(r) for r in now),
        cash=series(totals, months, "cash_seized"),
        drugs=series(totals, months, "drugs_seized_value"),
    )


def called(name: str) -> str:
    """How a sentence names an operation: "Op Dampen", "the Southern Impact Team"."""
    return name if name.startswith("Op ") else f"the {name}"


def results_words(o: Operation, people: w.People, period: str = "") -> str:
    """ "46 arrests, 26 charges, 3 weapons seized and sentences totalling 16 years and 8 months"."""
    arrests, charges = o["arrests" + period], o["charges" + period]
    weapons, sentences = o["weapons_seized" + period], o["sentences_months" + period]
    parts = [
        w.counted(people, arrests, "arrest", "arrests"),
        w.counted(people, charges, "charge", "charges"),
        w.counted(people, weapons, "weapon", "weapons") + " seized",
        f"sentences totalling {w.show(sentences, sentence_length)} secured at court",
    ]
    return p.join_words(parts)


def month_results(f: OperationsFigures, people: w.People) -> tuple[str, ...]:
    label = p.month_label(f.month)
    reported = [o for o in f.operations if o.is_reported]
    if f.total is None or not reported:
        return (p.sentence(f"no proactive operation reported results for {label}"),)
    if f.total["arrests"].value is None:
        return (p.sentence(f"operations results for {label} are {people(f.total['arrests'])}"),)
    # The mart's rows are operations and teams alike ("Op Oculus", "the Southern Impact
    # Team"): the sentence names them without calling a team an operation.
    named = p.join_words([called(o.name) for o in reported])
    first = p.sentence(
        f"in {label}, {named} reported the results of proactive operations: "
        f"{results_words(f.total, people)}"
    )
    r12 = f.total["arrests_r12"]
    if r12.value is None:
        return (first,)
    return (
        first,
        p.sentence(
            f"over the 12 months to {label} the operations' results were "
            f"{results_words(f.total, people, '_r12')}"
        ),
    )


def seizures(f: OperationsFigures) -> tuple[str, ...]:
    label = p.month_label(f.month)
    if f.total is None:
        return (
            p.sentence(f"no proactive operation reported seizures in the 12 months to {label}"),
        )
    t = f.total
    if t["cash_seized"].value is None:
        return (
            p.sentence(
                f"seizures by proactive operations in {label} are {w.count(t['cash_seized'])}"
            ),
        )
    month = p.sentence(
        f"proactive operations seized {w.show(t['cash_seized'], pounds)} in cash and drugs worth "
        f"{w.show(t['drugs_seized_value'], pounds)} in {label}"
    )
    if t["cash_seized_r12"].value is None:
        return (month,)
    r12 = (
        f"over the 12 months to {label} they seized {w.show(t['cash_seized_r12'], pounds)} in "
        f"cash and drugs worth {w.show(t['drugs_seized_value_r12'], pounds)}"
    )
    leaders = [o for o in f.operations if (o["cash_seized_r12"].value or 0) > 0]
    if leaders:
        top = max(leaders, key=lambda o: (o["cash_seized_r12"].value or 0, o.name))
        r12 += f"; the {top.name} seized the most cash ({w.show(top['cash_seized_r12'], pounds)})"
    return (month, p.sentence(r12))


def results_table(f: OperationsFigures, people: w.People) -> dict[str, object]:
    def row(o: Operation, count: w.People) -> list[str]:
        return [
            o.name,
            count(o["arrests"]),
            count(o["charges"]),
            count(o["weapons_seized"]),
            w.show(o["sentences_months"], sentence_length),
        ]

    rows = [row(o, people) for o in f.operations if o.is_reported]
    if f.total is not None:
        rows.append(row(f.total, people))
        rows[-1][0] = "All operations"
    return {
        "caption": f"Proactive operations' results in {p.month_label(f.month)}",
        "headers": ["Operation", "Arrests", "Charges", "Weapons seized", "Sentences secured"],
        "rows": rows,
        "total_last": f.total is not None,
    }


def seizures_chart(f: OperationsFigures) -> charts.Chart | None:
    return charts.line_chart(
        "operations_seizures",
        "Proactive operations: cash and drugs seized by month",
        {"Cash seized": f.cash, "Drugs seized (value)": f.drugs},
        pounds,
        "Value seized (£)",
    )


@dataclass(frozen=True)
class OperationsResults:
    number: str = "3.1.2"
    title: str = objective("3.1.2").title
    reads: tuple[str, ...] = ("marts.operations_results",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        reported = any(o.is_reported for o in f.operations)
        tables = (results_table(f, context.people),) if reported else ()
        return objective_section(
            context, self.number, month_results(f, context.people), tables=tables
        )


@dataclass(frozen=True)
class AssetRecovery:
    number: str = "3.1.5"
    title: str = objective("3.1.5").title
    reads: tuple[str, ...] = ("marts.operations_results",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        made = context.charts(self.number, lambda: (seizures_chart(f),))
        return objective_section(context, self.number, seizures(f), charts=made)


PAPERS = (
    Placed("force_extracts", (3, 1, 2), OperationsResults()),
    Placed("force_extracts", (3, 1, 5), AssetRecovery()),
)
