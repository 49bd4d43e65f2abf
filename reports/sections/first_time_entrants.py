"""Section 3.2.1, first-time entrants to the criminal justice system, from
marts.first_time_entrants: the month and the 12 months, by area, with the caveat that the counts
are an overcount (a ceiling) while under five years of history are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.history import TOTALS, data_start, history_note, paper_start
from reports.mart_rows import fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s

MART = "marts.first_time_entrants"

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month = ?
order by area = 'All', area
"""


def entrants(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.FirstTimeEntrants:
    rows = fetch(con, _SQL, [force_id, month])
    total = next((row for row in rows if row["area"] == "All"), None)
    return s.FirstTimeEntrants(
        p.month_label(month),
        value(total, "entrants_month"),
        value(total, "entrants_r12"),
        {
            row["area"]: value(row, "entrants_month")
            for row in rows
            if total is not None and row["area"] not in ("All", "Unknown")
        },
        value(total, "history_months"),
    )


@dataclass(frozen=True)
class FirstTimeEntrantsSection:
    number: str = "3.2.1"
    title: str = objective("3.2.1").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(entrants)
        note = history_note(
            data_start(f.entrants_r12),
            context.reporting_month,
            (TOTALS,),
            paper_start(context.figures),
        )
        paragraphs = [*([note] if note else []), s.first_time_entrants(f, context.people)]
        overcount = s.entrants_overcount(f.history_months) if f.entrants_month.available else None
        if overcount:
            paragraphs.append(overcount)
        return objective_section(context, self.number, tuple(paragraphs))


PAPERS = (Placed("force_extracts", (3, 2, 1), FirstTimeEntrantsSection()),)
