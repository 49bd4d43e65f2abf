"""Sections 3.3.5 (harm-ranked offenders: how concentrated the harm of linked crime is) and
3.4.1 (how many of the highest-harm offenders are in the IOM cohort), from
marts.harm_ranked_offenders. The mart names people by pseudonym; these sections only count them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.figures import Value
from reports.history import data_start, is_history, months_of_data
from reports.mart_rows import Row, fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s
from reports.traces import derived

MART = "marts.harm_ranked_offenders"

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month = ? and harm_rank <= ?
order by harm_rank
"""


def _of_ranks(rows: list[Row], month: date, column: str, x: float | None) -> Value:
    """A figure computed from the rows ranked 1 to TOP of the month, traced to them."""
    if not rows or x is None:
        return Value(None)
    return Value(float(x), trace=derived(MART, column, reporting_month=month, harm_rank=(1, s.TOP)))


def _sum(rows: list[Row], column: str) -> float | None:
    present = [row[column] for row in rows if row[column] is not None]
    return sum(present) if present else None


def _in_cohort(rows: list[Row]) -> float | None:
    """How many of the ranked are in the IOM cohort; None unless known for each of them."""
    known = [row["is_in_iom_cohort"] for row in rows]
    return None if None in known else sum(known)


def harm_ranking(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.HarmRanking:
    rows = fetch(con, _SQL, [force_id, month, s.TOP])
    first = rows[0] if rows else None  # the force's totals repeat on every ranked row
    return s.HarmRanking(
        p.month_label(month),
        value(first, "people_linked_r12"),
        value(first, "harm_linked_r12"),
        value(first, "suspects_only_r12"),
        _of_ranks(rows, month, s.SUM_OF + "harm_r12", _sum(rows, "harm_r12")),
        _of_ranks(rows, month, s.SUM_OF + "offences_r12", _sum(rows, "offences_r12")),
        _of_ranks(rows, month, s.RANKED, len(rows)),  # the ranks counted back in the warehouse
        _of_ranks(rows, month, s.IN_COHORT, _in_cohort(rows)),
        first["harm_weight_version"] if first else None,
        first["unavailable_reason"] if first else None,
        _months_with_data(first["unavailable_reason"] if first else None, month),
    )


def _months_with_data(reason: str | None, month: date) -> int:
    """The months of the 12 to `month` with data: fewer when the data start within them."""
    start = data_start(Value(None, reason)) if is_history(reason) else None
    return min(months_of_data(start, month), 12) if start else 12


@dataclass(frozen=True)
class HarmRankedOffenders:
    number: str = "3.3.5"
    title: str = objective("3.3.5").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        h = context.loaded(harm_ranking)
        return objective_section(context, self.number, (s.harm_concentration(h, context.people),))


@dataclass(frozen=True)
class HighestHarmOffenders:
    number: str = "3.4.1"
    title: str = objective("3.4.1").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        h = context.loaded(harm_ranking)
        return objective_section(
            context, self.number, (s.highest_harm_in_cohort(h, context.people),)
        )


PAPERS = (
    Placed("force_extracts", (3, 3, 5), HarmRankedOffenders()),
    Placed("force_extracts", (3, 4, 1), HighestHarmOffenders()),
)
