"""Sections 3.3.5 (harm-ranked offenders: how concentrated the harm of linked crime is) and
3.4.1 (how many of the highest-harm offenders are in the IOM cohort), from
marts.harm_ranked_offenders. The mart names people by pseudonym; these sections only count them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.figures import Value
from reports.mart_rows import Row, fetch
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s
from reports.traces import Trace

MART = "marts.harm_ranked_offenders"

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month = ? and harm_rank <= ?
order by harm_rank
"""


def _figure(
    rows: list[Row], month: date, column: str, of_ranks: Callable[[list[Row]], float | None]
) -> Value:
    """A figure of the ranked rows, traced to the mart's month and ranks (a row's key is its
    rank, which a trace does not take from the row itself)."""
    x = of_ranks(rows) if rows else None
    if x is None:
        return Value(None)
    first, last = rows[0]["harm_rank"], rows[-1]["harm_rank"]
    ranks = str(first) if first == last else f"{first} to {last}"
    keys = (("reporting_month", f"{month:%Y-%m}"), ("harm_rank", ranks))
    return Value(float(x), trace=Trace(MART, column, keys))


def _sum(column: str) -> Callable[[list[Row]], float | None]:
    def total(rows: list[Row]) -> float | None:
        present = [row[column] for row in rows if row[column] is not None]
        return sum(present) if present else None

    return total


def _in_cohort(rows: list[Row]) -> float | None:
    """How many of the ranked are in the IOM cohort; None unless known for each of them."""
    known = [row["is_in_iom_cohort"] for row in rows]
    return None if None in known else sum(known)


def harm_ranking(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.HarmRanking:
    rows = fetch(con, _SQL, [force_id, month, s.TOP])
    first, last = rows[:1], rows[-1:]  # the force's totals repeat on every ranked row

    def cell(ranked: list[Row], column: str) -> Value:
        return _figure(ranked, month, column, lambda r: r[0][column])

    return s.HarmRanking(
        p.month_label(month),
        cell(first, "people_linked_r12"),
        cell(first, "harm_linked_r12"),
        _figure(rows, month, s.SUM_OF + "harm_r12", _sum("harm_r12")),
        _figure(rows, month, s.SUM_OF + "offences_r12", _sum("offences_r12")),
        cell(last, "harm_rank"),  # the ranks run from 1: the last is how many there are
        _figure(rows, month, s.IN_COHORT, _in_cohort),
        first[0]["harm_weight_version"] if first else None,
        first[0]["unavailable_reason"] if first else None,
    )


@dataclass(frozen=True)
class HarmRankedOffenders:
    number: str = "3.3.5"
    title: str = objective("3.3.5").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        h = harm_ranking(context.con, context.force_id, context.reporting_month)
        return objective_section(context, self.number, (s.harm_concentration(h),))


@dataclass(frozen=True)
class HighestHarmOffenders:
    number: str = "3.4.1"
    title: str = objective("3.4.1").title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        h = harm_ranking(context.con, context.force_id, context.reporting_month)
        return objective_section(context, self.number, (s.highest_harm_in_cohort(h),))


PAPERS = (
    Placed("force_extracts", (3, 3, 5), HarmRankedOffenders()),
    Placed("force_extracts", (3, 4, 1), HighestHarmOffenders()),
)
