"""Sections 3.1.1 (the IOM cohort: size, entries and exits, offending before and since entry)
and 3.3.2 (the cohort by type and area), from marts.iom_cohort_summary and
marts.iom_cohort_offending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s

ALL = "All"
SUMMARY = "marts.iom_cohort_summary"
OFFENDING = "marts.iom_cohort_offending"


def _summary_rows(
    con: duckdb.DuckDBPyConnection, force_id: str, month: date
) -> list[tuple[str, str, int | None, int | None, int | None, str | None]]:
    return con.execute(
        f"""
        select cohort_type, area, members, entries, exits, unavailable_reason from {SUMMARY}
        where force_id = ? and reporting_month = ?
        order by cohort_type = 'All', cohort_type, area = 'All', area
        """,
        [force_id, month],
    ).fetchall()


def cohort_size(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.CohortSize:
    label = p.month_label(month)
    for cohort_type, area, members, entries, exits, reason in _summary_rows(con, force_id, month):
        if cohort_type == ALL and area == ALL:
            return s.CohortSize(label, members, entries, exits, reason)
    return s.CohortSize(label, None, None, None, "no IOM cohort snapshot loaded for the month")


def cohort_offending(
    con: duckdb.DuckDBPyConnection, force_id: str, month: date
) -> s.CohortOffending | None:
    row = con.execute(
        f"""
        select members, members_compared, offences_before, offences_since, harm_before,
            harm_since, members_full_year, offences_before_per_member, offences_since_per_member,
            harm_before_per_member, harm_since_per_member
        from {OFFENDING}
        where force_id = ? and reporting_month = ? and cohort_type = 'All' and members is not null
        """,
        [force_id, month],
    ).fetchone()
    return s.CohortOffending(*row) if row else None


def cohort_table(context: PaperContext) -> dict[str, object] | None:
    """Members at month end by cohort type (rows) and area (columns), with entries and exits.
    Every cell but the force total is a breakdown count."""
    rows = _summary_rows(context.con, context.force_id, context.reporting_month)
    if not rows or rows[0][2] is None:
        return None
    areas = [*sorted({area for _, area, *_ in rows if area != ALL}), ALL]
    cells = {(t, a): (m, e, x) for t, a, m, e, x, _ in rows}
    body = []
    for cohort_type in dict.fromkeys(t for t, *_ in rows):
        shown = []
        for area in areas:
            members = cells.get((cohort_type, area), (None, None, None))[0]
            total = cohort_type == ALL and area == ALL
            shown.append(p.format_count(members) if total else context.breakdown_count(members))
        _, entries, exits = cells[(cohort_type, ALL)]
        if cohort_type == ALL:
            moves = [p.format_count(entries), p.format_count(exits)]
        else:
            moves = [context.breakdown_count(entries), context.breakdown_count(exits)]
        body.append([cohort_type.capitalize(), *shown, *moves])
    return {
        "caption": f"IOM cohort at the end of {context.month_label}: members by cohort type and "
        "area, and the month's entries and exits (counts from 1 to 4 shown as “<5”).",
        "headers": ["Cohort type", *(f"{a} members" for a in areas), "Entries", "Exits"],
        "rows": body,
    }


@dataclass(frozen=True)
class IomCohort:
    number: str = "3.1.1"
    title: str = objective("3.1.1").title
    reads: tuple[str, ...] = (SUMMARY, OFFENDING)

    def build(self, context: PaperContext) -> NumberedSection:
        con, force, month = context.con, context.force_id, context.reporting_month
        size = cohort_size(con, force, month)
        paragraphs = (s.cohort_size(size),)
        if size.members is not None:
            paragraphs += (s.cohort_offending(cohort_offending(con, force, month)),)
        return objective_section(context, self.number, paragraphs)


@dataclass(frozen=True)
class IomCohortByTypeAndArea:
    number: str = "3.3.2"
    title: str = objective("3.3.2").title
    reads: tuple[str, ...] = (SUMMARY,)

    def build(self, context: PaperContext) -> NumberedSection:
        size = cohort_size(context.con, context.force_id, context.reporting_month)
        table = cohort_table(context)
        return objective_section(
            context,
            self.number,
            (s.cohort_table_intro(size),),
            tables=(table,) if table else (),
        )


PAPERS = (
    Placed("force_extracts", (3, 1, 1), IomCohort()),
    Placed("force_extracts", (3, 3, 2), IomCohortByTypeAndArea()),
)
