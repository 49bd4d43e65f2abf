"""Sections 3.1.1 (the IOM cohort: size, entries and exits, offending before and since entry)
and 3.3.2 (the cohort by type and area), from marts.iom_cohort_summary and
marts.iom_cohort_offending."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import duckdb

from reports import phrases as p
from reports.figures import Value
from reports.mart_rows import Row, fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s

ALL = "All"
SUMMARY = "marts.iom_cohort_summary"
OFFENDING = "marts.iom_cohort_offending"


def _summary_rows(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> list[Row]:
    return fetch(
        con,
        f"""
        select * from {SUMMARY}
        where force_id = ? and reporting_month = ?
        order by cohort_type = 'All', cohort_type, area = 'All', area
        """,
        [force_id, month],
    )


def cohort_size(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.CohortSize:
    label = p.month_label(month)
    for row in _summary_rows(con, force_id, month):
        if row["cohort_type"] == ALL and row["area"] == ALL:
            return s.CohortSize(
                label, value(row, "members"), value(row, "entries"), value(row, "exits")
            )
    missing = Value(None, "no IOM cohort snapshot loaded for the month")
    return s.CohortSize(label, missing, missing, missing)


def cohort_offending(
    con: duckdb.DuckDBPyConnection, force_id: str, month: date
) -> s.CohortOffending | None:
    found = fetch(
        con,
        f"""
        select * from {OFFENDING}
        where force_id = ? and reporting_month = ? and cohort_type = 'All' and members is not null
        """,
        [force_id, month],
    )
    if not found:
        return None
    return s.CohortOffending(**{f.name: value(found[0], f.name) for f in fields(s.CohortOffending)})


def cohort_table(context: PaperContext) -> dict[str, object] | None:
    """Members at month end by cohort type (rows) and area (columns), with entries and exits.
    Every cell is a count of people."""
    rows = context.loaded(_summary_rows)
    if not rows or rows[0]["members"] is None:
        return None
    areas = [*sorted({row["area"] for row in rows if row["area"] != ALL}), ALL]
    cells = {(row["cohort_type"], row["area"]): row for row in rows}
    body = []
    for cohort_type in dict.fromkeys(row["cohort_type"] for row in rows):
        shown = []
        for area in areas:
            members = value(cells.get((cohort_type, area)), "members")
            shown.append(context.people(members))
        moves = [value(cells.get((cohort_type, ALL)), c) for c in ("entries", "exits")]
        body.append([cohort_type.capitalize(), *shown, *(context.people(v) for v in moves)])
    return {
        "caption": f"IOM cohort at the end of {context.month_label}: members by cohort type and "
        "area, and the month's entries and exits",
        "headers": ["Cohort type", *(f"{a} members" for a in areas), "Entries", "Exits"],
        "rows": body,
        "total_last": True,
    }


@dataclass(frozen=True)
class IomCohort:
    number: str = "3.1.1"
    title: str = objective("3.1.1").title
    reads: tuple[str, ...] = (SUMMARY, OFFENDING)

    def build(self, context: PaperContext) -> NumberedSection:
        con, force, month = context.con, context.force_id, context.reporting_month
        size = cohort_size(con, force, month)
        paragraphs = (s.cohort_size(size, context.people),)
        if size.members is not None:
            offending = cohort_offending(con, force, month)
            paragraphs += (s.cohort_offending(offending, context.people),)
        return objective_section(context, self.number, paragraphs)


@dataclass(frozen=True)
class IomCohortByTypeAndArea:
    number: str = "3.3.2"
    title: str = objective("3.3.2").title
    reads: tuple[str, ...] = (SUMMARY,)

    def build(self, context: PaperContext) -> NumberedSection:
        size = context.loaded(cohort_size)
        table = cohort_table(context)
        return objective_section(
            context,
            self.number,
            (s.cohort_table_intro(size, context.people),),
            tables=(table,) if table else (),
        )


PAPERS = (
    Placed("force_extracts", (3, 1, 1), IomCohort()),
    Placed("force_extracts", (3, 3, 2), IomCohortByTypeAndArea()),
)
