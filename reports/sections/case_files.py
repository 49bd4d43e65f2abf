"""Objective 3.2.2, the quality of police files for prosecution (marts.case_file_quality): the
court-file error rate and its run of improvement, the CPS's rejection of advice files and its
turnaround, with the errors of the month's assessed files by category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from data_contracts.calendar import add_months
from reports import charts
from reports import figure_words as w
from reports import history as h
from reports import phrases as p
from reports.figures import Series, Value
from reports.mart_rows import fetch, months_to, series, value
from reports.offender_words import days
from reports.paper import NumberedSection, PaperContext, Placed
from reports.paper import paragraphs as section_paragraphs
from reports.plan import objective, objective_section

NUMBER = "3.2.2"
HISTORY_MONTHS = 24
CATEGORIES = ("disclosure", "evidence", "format", "timeliness")

_SQL = """
select * from marts.case_file_quality
where force_id = ? and reporting_month between ? and ?
"""


@dataclass(frozen=True)
class CaseFileFigures:
    month: date
    assessed: Value
    with_errors: Value
    error_rate: Value
    error_rate_previous: Value
    error_rate_r12: Value
    improving_months: Value
    run_start: Value
    by_category: dict[str, Value]
    advice_decisions: Value
    advice_rejected: Value
    rejection_rate: Value
    rejection_rate_r12: Value
    turnaround: Value
    turnaround_year_earlier: Value
    error_rates: Series
    error_rates_r12: Series


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> CaseFileFigures:
    months = months_to(m, HISTORY_MONTHS)
    rows = {r["reporting_month"]: r for r in fetch(con, _SQL, [force_id, months[0], m])}
    row, previous = rows.get(m), rows.get(add_months(m, -1))
    return CaseFileFigures(
        month=m,
        assessed=value(row, "court_files_assessed"),
        with_errors=value(row, "court_files_with_errors"),
        error_rate=value(row, "court_error_rate"),
        error_rate_previous=value(previous, "court_error_rate"),
        error_rate_r12=value(row, "court_error_rate_r12"),
        improving_months=value(row, "error_rate_improving_months"),
        run_start=value(row, "error_rate_run_start"),
        by_category={c: value(row, f"{c}_errors") for c in CATEGORIES},
        advice_decisions=value(row, "advice_decisions"),
        advice_rejected=value(row, "advice_rejected"),
        rejection_rate=value(row, "advice_rejection_rate"),
        rejection_rate_r12=value(row, "advice_rejection_rate_r12"),
        turnaround=value(row, "median_turnaround_days"),
        turnaround_year_earlier=value(row, "median_turnaround_days_year_earlier"),
        error_rates=series(rows, months, "court_error_rate"),
        error_rates_r12=series(rows, months, "court_error_rate_r12"),
    )


def run_is_whole(f: CaseFileFigures) -> bool:
    """Whether the run of falls in the error rate is known from its start: the month before it
    began has a rate, so the run is not cut short by where the data start or by a gap (with four
    months of data, three falls are not "three months of continual improvement"). A run longer
    than the months read is taken as whole."""
    before = add_months(f.month, -(int(f.improving_months.value or 0) + 1))
    rates = dict(zip(f.error_rates.months, f.error_rates.values, strict=True))
    return rates.get(before, 0.0) is not None


def court_files(f: CaseFileFigures, people: w.People = w.count) -> str:
    label = p.month_label(f.month)
    rate = f.error_rate
    if rate.value is None:
        return p.sentence(f"the error rate of court files assessed in {label} is {w.rate(rate)}")
    share = f"{people(f.with_errors)} of {people(f.assessed)} files assessed had errors"
    run = f.improving_months.value or 0
    if run >= 2 and f.run_start.value is not None and run_is_whole(f):
        text = (
            f"there have been {w.in_words(f.improving_months)} months of continual "
            "improvement in the quality of court files (the error rate fell from "
            f"{w.rate(f.run_start)} to {w.rate(rate)} in {label}; {share})"
        )
    elif f.error_rate_previous.value is not None:
        direction = p.rate_direction(rate.value, f.error_rate_previous.value)
        moved = {"up": "rose", "down": "fell", "stable": "was unchanged"}[direction]
        text = (
            f"the error rate of assessed court files {moved} in {label}, to {w.rate(rate)} "
            f"from {w.rate(f.error_rate_previous)} the month before ({share})"
        )
    else:
        text = f"the error rate of court files assessed in {label} was {w.rate(rate)} ({share})"
    r12 = (
        None
        if w.history_only(f.error_rate_r12)
        else f"over the 12 months to {label} it was {w.rate(f.error_rate_r12)}"
    )
    return w.join_sentences(text, r12)


def advice_files(f: CaseFileFigures, people: w.People = w.count) -> str:
    label = p.month_label(f.month)
    if f.advice_decisions.value is None:
        return p.sentence(
            f"CPS decisions on advice files in {label} are {people(f.advice_decisions)}"
        )
    if w.as_read(people(f.advice_decisions)) == 0:
        return p.sentence(f"the CPS made no decision on an advice file in {label}")
    r12 = (
        ""
        if w.history_only(f.rejection_rate_r12)
        else f"; {w.rate(f.rejection_rate_r12)} over the 12 months"
    )
    return p.sentence(
        f"the CPS rejected {people(f.advice_rejected)} of the {people(f.advice_decisions)} "
        f"advice files it decided in {label} ({w.rate(f.rejection_rate)}{r12})"
    )


def turnaround(f: CaseFileFigures) -> str:
    label = p.month_label(f.month)
    now, before = f.turnaround, f.turnaround_year_earlier
    subject = f"the median turnaround of CPS advice files decided in {label}"
    if now.value is None:
        return p.sentence(f"{subject} is {w.show(now, days)}")
    if before.value is None:
        return p.sentence(f"{subject} was {w.show(now, days)}")
    year_earlier = p.month_label(add_months(f.month, -12))
    verb = {"up": "has risen", "down": "has fallen", "stable": "is unchanged"}[
        p.relative_direction(now.value, before.value)
    ]
    return p.sentence(
        f"the median turnaround of CPS advice files {verb} from {w.show(before, days)} "
        f"({year_earlier}) to {w.show(now, days)} ({label})"
    )


def paragraphs(
    f: CaseFileFigures, paper_start: date | None, people: w.People = w.count
) -> tuple[str, ...]:
    start = h.data_start(f.error_rate_r12, f.rejection_rate_r12, f.turnaround_year_earlier)
    return section_paragraphs(
        h.history_note(start, f.month, (h.TOTALS, h.CHANGES), paper_start),
        court_files(f, people),
        w.join_sentences(advice_files(f, people), turnaround(f)),
    )


def category_table(f: CaseFileFigures, people: w.People) -> dict[str, object]:
    rows = [[c.capitalize(), people(f.by_category[c])] for c in CATEGORIES]
    rows.append(["Files with any error (a file may have several)", people(f.with_errors)])
    return {
        "caption": f"Court files assessed in {p.month_label(f.month)}: errors by category",
        "headers": ["Error category", "Files"],
        "rows": rows,
    }


def chart(f: CaseFileFigures) -> charts.Chart | None:
    return charts.rate_chart(
        "court_file_errors",
        "Court files: share of assessed files with errors",
        {"Month": f.error_rates, "Rolling 12 months": f.error_rates_r12},
        "Files with errors (%)",
    )


@dataclass(frozen=True)
class CaseFileQuality:
    number: str = NUMBER
    title: str = objective(NUMBER).title
    reads: tuple[str, ...] = ("marts.case_file_quality",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        tables = (category_table(f, context.people),) if f.assessed.value else ()
        made = context.charts(NUMBER, lambda: (chart(f),))
        said = paragraphs(f, h.paper_start(context.figures), context.people)
        return objective_section(context, NUMBER, said, charts=made, tables=tables)


PAPERS = (Placed("force_extracts", (3, 2, 2), CaseFileQuality()),)
