"""Sections 3.3.5 (harm-ranked offenders: how concentrated the harm of linked crime is) and
3.4.1 (how many of the highest-harm offenders are in the IOM cohort), from
marts.harm_ranked_offenders. The mart names people by pseudonym; these sections only count them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases as p
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section
from reports.sections import offender_sentences as s

MART = "marts.harm_ranked_offenders"


def harm_ranking(con: duckdb.DuckDBPyConnection, force_id: str, month: date) -> s.HarmRanking:
    (row,) = con.execute(
        f"""
        select
            any_value(people_linked_r12),
            any_value(harm_linked_r12),
            sum(harm_r12),
            sum(offences_r12),
            count(*),
            case when bool_and(is_in_iom_cohort is not null)
                then count(*) filter (where is_in_iom_cohort) end,
            any_value(harm_weight_version),
            any_value(unavailable_reason)
        from {MART}
        where force_id = ? and reporting_month = ? and harm_rank <= ?
        """,
        [force_id, month, s.TOP],
    ).fetchall()  # an aggregate: always one row
    people, harm, top_harm, top_offences, top_people, in_cohort, version, reason = row
    return s.HarmRanking(
        p.month_label(month),
        people,
        harm,
        top_harm,
        top_offences,
        top_people,
        in_cohort,
        version,
        reason,
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
