"""Section 3.2.1, first-time entrants to the criminal justice system, from
marts.first_time_entrants: the month and the 12 months, by area, with the caveat that the counts
are a floor while under five years of history are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.figures import Value
from reports.history import TOTALS, data_start, history_note
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s

MART = "marts.first_time_entrants"


def entrants(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.FirstTimeEntrants:
    rows = con.execute(
        f"""
        select area, entrants_month, entrants_r12, history_months, unavailable_reason from {MART}
        where force_id = ? and reporting_month = ?
        order by area = 'All', area
        """,
        [force_id, month],
    ).fetchall()
    label = p.month_label(month)
    total = next((r for r in rows if r[0] == "All"), None)
    if total is None:
        return s.FirstTimeEntrants(label, None, None, {}, None)
    by_area = {area: n for area, n, *_ in rows if area not in ("All", "Unknown")}
    return s.FirstTimeEntrants(label, total[1], total[2], by_area, total[3], total[4])


@dataclass(frozen=True)
class FirstTimeEntrantsSection:
    number: str = "3.2.1"
    title: str = objective("3.2.1").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        f = entrants(context.con, context.force_id, context.reporting_month)
        note = history_note(
            data_start(Value(None, f.r12_reason)), context.reporting_month, (TOTALS,)
        )
        paragraphs = [*([note] if note else []), s.first_time_entrants(f, context.breakdown_count)]
        floor = s.entrants_floor(f.history_months) if f.entrants_month is not None else None
        if floor:
            paragraphs.append(floor)
        return objective_section(context, self.number, tuple(paragraphs))


PAPERS = (Placed("force_extracts", (3, 2, 1), FirstTimeEntrantsSection()),)
