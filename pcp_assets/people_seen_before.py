"""Whether a month's people are the people of the earlier months (docs/data-quality.md,
"People seen before").

Most of an IOM cohort, and many of the people a month's custody, offender links and wanted
suspects name, were named in earlier months of the same extract. A month whose pseudonyms match
the earlier history far less than usual has people under new identities: a changed pseudonym key
that slipped past its guard, or nominal IDs rewritten (renumbered, reformatted) before delivery.
The figures that follow people across months would then be wrong without a word, so the check
blocks the run.

For each month of the run: the share of the month's people (distinct pseudonyms) named in an
earlier month of the extract, against the usual share, the median of up to USUAL_MONTHS months
before it. It fails when the share is below SHARE_OF_USUAL of the usual one. A month is not judged
with fewer than MIN_MONTHS earlier months to compare (the first months of a history: nothing or
little before them), or when fewer than MIN_EXPECTED of its people were to be seen before at the
usual share (a month of few people, or an extract whose people rarely recur, such as DVPN/DVPO):
there, chance alone could halve the share.
"""

from dataclasses import dataclass
from datetime import date
from statistics import median

import dagster as dg
import duckdb

from data_contracts.registry import extract as extract_spec
from pcp_assets.partitions import months_in
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse

USUAL_MONTHS = 6
MIN_MONTHS = 3
MIN_EXPECTED = 20
SHARE_OF_USUAL = 0.5


@dataclass(frozen=True)
class MonthPeople:
    month: date
    people: int  # distinct pseudonyms in the month's rows
    seen: int  # of which named in an earlier month of the extract

    @property
    def share(self) -> float:
        return self.seen / self.people


@dataclass(frozen=True)
class Judged:
    month: MonthPeople
    usual: float | None  # None: not judged
    why_not: str = ""

    @property
    def failed(self) -> bool:
        return self.usual is not None and self.month.share < SHARE_OF_USUAL * self.usual

    def describe(self, extract: str) -> str:
        m = self.month
        said = (
            f"{extract} {m.month:%Y-%m}: {m.share:.1%} of the month's {m.people:,} people were "
            "named in earlier months"
        )
        if self.usual is None:
            return f"{said} (not judged: {self.why_not})"
        return (
            f"{said}, against a usual {self.usual:.1%} (the median of up to {USUAL_MONTHS} months "
            f"before); the check fails below {SHARE_OF_USUAL * self.usual:.1%}"
        )


def people_by_month(
    con: duckdb.DuckDBPyConnection, extract: str, force_id: str
) -> list[MonthPeople]:
    """Every loaded month of the force's extract with its people and those seen before it."""
    people = " UNION ALL ".join(
        f"SELECT month, {column} AS person FROM raw.{extract} "
        f"WHERE force_id = $force AND {column} IS NOT NULL"
        for column in extract_spec(extract).pseudonymised
    )
    rows = con.execute(
        f"""
        WITH people AS (SELECT DISTINCT month, person FROM ({people})),
        first_seen AS (SELECT person, min(month) AS first_month FROM people GROUP BY person)
        SELECT month, count(*), count(*) FILTER (WHERE first_month < month)
        FROM people JOIN first_seen USING (person)
        GROUP BY month ORDER BY month
        """,
        {"force": force_id},
    ).fetchall()
    return [MonthPeople(month, people, seen) for month, people, seen in rows]


def judge(history: list[MonthPeople], month: date) -> Judged | None:
    """The month judged against the months before it; None when it has no people loaded."""
    this = next((m for m in history if m.month == month), None)
    if this is None:
        return None
    # the first loaded month has nothing before it: its share says nothing
    before = [m for m in history[1:] if m.month < month][-USUAL_MONTHS:]
    if len(before) < MIN_MONTHS:
        return Judged(this, None, f"fewer than {MIN_MONTHS} earlier months to compare")
    usual = median(m.share for m in before)
    if this.people * usual < MIN_EXPECTED:
        return Judged(this, None, f"fewer than {MIN_EXPECTED} people to be seen at the usual share")
    return Judged(this, usual)


def build_seen_before_check(extract: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", extract]),
        name="people_seen_before",
        blocking=True,
        description=f"The share of each month's {extract} people named in earlier months is at "
        f"least {SHARE_OF_USUAL:.0%} of its usual share (the median of the {USUAL_MONTHS} months "
        "before): fewer means new identities (a changed pseudonym key, rewritten nominal IDs).",
    )
    def seen_before_check(
        context: dg.AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        judged = []
        with warehouse.connect(read_only=True) as con:
            going_on = forces_going_on(con, settings, context.run.run_id)
            for each in going_on:
                history = people_by_month(con, extract, each.force_id)
                named = f"{each.force_id} {extract}" if len(going_on) > 1 else extract
                judged += [
                    (named, j) for month in months_in(context) if (j := judge(history, month))
                ]
        failed = [j.describe(named) for named, j in judged if j.failed]
        metadata: dict[str, dg.MetadataValue] = {
            "months": dg.MetadataValue.md("\n".join(f"- {j.describe(n)}" for n, j in judged))
        }
        if failed:
            metadata["failed"] = dg.MetadataValue.text("\n".join(failed))
        return dg.AssetCheckResult(
            passed=not failed, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata
        )

    return seen_before_check
