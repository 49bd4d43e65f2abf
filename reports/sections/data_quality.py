"""Section 6.0, data quality: what was delivered for the month, loaded, rejected, and where every
loaded row went.

Read from marts.deliveries (rows per extract, month and force), marts.delivery_rejects (rejected
rows by rule), marts.delivery_files (when each file landed against its due day) and
quality.row_reconciliation (loaded rows in staging, replaced by a later delivery
or set aside; docs/data-quality.md). A warehouse without them (a hand-made set of marts) has no
such section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from data_contracts.registry import extracts
from reports import phrases
from reports.paper import PaperContext, Placed, has_tables

TITLE = "Data quality"

MARTS = ("marts.deliveries", "marts.delivery_rejects")
RECONCILIATION = "quality.row_reconciliation"
TIMELINESS = "marts.delivery_files"

_DELIVERIES_SQL = """
select extract, rows_delivered, rows_loaded, rows_rejected
from marts.deliveries
where force_id = ? and reporting_month = ?
"""

_RECONCILIATION_SQL = """
select extract, rows_loaded, rows_staged, rows_replaced, rows_set_aside
from quality.row_reconciliation
where force_id = ? and reporting_month = ?
"""

# Months of the last 24 (from each extract's first delivery) with no delivery of it: gaps.
GAP_WINDOW_MONTHS = 24
_GAPS_SQL = f"""
with firsts as (
    select extract, min(reporting_month) as first_month
    from marts.deliveries where force_id = $force group by extract
),
expected as (
    select extract, cast(unnest(generate_series(
        greatest(first_month, cast($month as date) - interval {GAP_WINDOW_MONTHS - 1} month),
        cast($month as date), interval 1 month)) as date) as month
    from firsts
)
select extract, list(strftime(month, '%Y-%m') order by month)
from expected
anti join marts.deliveries as d
    on d.force_id = $force and d.extract = expected.extract and d.reporting_month = expected.month
group by extract
"""

_TIMELINESS_SQL = """
select extract, due_by, landed_at, days_late
from marts.delivery_files
where force_id = ? and reporting_month = ? and landed_at is not null
"""

_REJECTS_SQL = """
select extract, rule, rejected_rows
from marts.delivery_rejects
where force_id = ? and reporting_month = ?
"""


def _in_sentence(label: str) -> str:
    """An extract's label inside a sentence: lower case but for acronyms ("CPS case files")."""
    return " ".join(
        word if word.isupper() and len(word) > 1 else word.lower() for word in label.split(" ")
    )


@dataclass(frozen=True)
class Delivery:
    extract: str
    delivered: int
    loaded: int
    rejected: int

    @property
    def label(self) -> str:
        return label(self.extract)


def label(extract: str) -> str:
    known = extracts()
    return known[extract].label if extract in known else extract.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Reconciliation:
    """Where the rows loaded from one extract's delivery went."""

    extract: str
    loaded: int
    staged: int
    replaced: int
    set_aside: int

    @property
    def label(self) -> str:
        return label(self.extract)

    @property
    def unaccounted(self) -> int:
        return self.loaded - self.staged - self.replaced - self.set_aside


@dataclass(frozen=True)
class RuleCount:
    extract: str
    rule: str
    rows: int


@dataclass(frozen=True)
class Landing:
    """When a delivery of the month first landed, against the day it was due."""

    extract: str
    due_by: date
    landed_at: datetime
    days_late: int


@dataclass(frozen=True)
class DataQuality:
    reporting_month: date
    deliveries: tuple[Delivery, ...]
    rejects: tuple[RuleCount, ...]  # most frequent first
    reconciliation: tuple[Reconciliation, ...] = ()
    gaps: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (extract, months never delivered)
    landings: tuple[Landing, ...] = ()  # the deliveries whose landing time is recorded
    kind: str = "data_quality"

    @property
    def delivered(self) -> int:
        return sum(d.delivered for d in self.deliveries)

    @property
    def loaded(self) -> int:
        return sum(d.loaded for d in self.deliveries)

    @property
    def rejected(self) -> int:
        return sum(d.rejected for d in self.deliveries)

    @property
    def accounted_for(self) -> str | None:
        """The sentence on where the loaded rows went; None without a reconciliation."""
        if not self.reconciliation:
            return None
        loaded = sum(r.loaded for r in self.reconciliation)
        replaced = sum(r.replaced for r in self.reconciliation)
        set_aside = sum(r.set_aside for r in self.reconciliation)
        unaccounted = sum(r.unaccounted for r in self.reconciliation)
        month = phrases.month_label(self.reporting_month)
        parts = [
            f"{phrases.format_count(loaded - replaced - set_aside)} are in the tables the figures "
            "are computed from"
        ]
        if replaced:
            parts.append(
                f"{phrases.format_count(replaced)} were replaced by a later delivery of the same "
                "record"
            )
        if set_aside:
            parts.append(f"{phrases.format_count(set_aside)} are counted apart")
        ending = (
            "every row is accounted for."
            if not unaccounted
            else f"{phrases.format_count(abs(unaccounted))} are not accounted for."
        )
        return (
            f"Of the {phrases.format_count(loaded)} rows loaded from the {month} deliveries, "
            f"{phrases.join_words(parts)}: {ending}"
        )

    @property
    def reconciliation_table(self) -> tuple[dict[str, str], ...]:
        return tuple(
            {
                "label": r.label,
                "loaded": phrases.format_count(r.loaded),
                "staged": phrases.format_count(r.staged),
                "replaced": phrases.format_count(r.replaced),
                "set_aside": phrases.format_count(r.set_aside),
            }
            for r in self.reconciliation
        )

    @property
    def gaps_sentence(self) -> str | None:
        """The months never delivered inside the last 24, by extract; None when there are none."""
        if not self.gaps:
            return None
        listed = phrases.join_words(
            [
                f"{_in_sentence(label(extract))} ({', '.join(months)})"
                for extract, months in self.gaps
            ]
        )
        return (
            f"No delivery was received for {listed}. Such a month is recorded as missing, never "
            "as zero: every figure whose period includes it is shown as not available."
        )

    @property
    def timeliness_sentence(self) -> str | None:
        """Which of the month's files landed after the day they were due; None when that is not
        known of every delivery and none is known to be late."""
        late = [landing for landing in self.landings if landing.days_late > 0]
        month = phrases.month_label(self.reporting_month)
        if not late:
            recorded = {landing.extract for landing in self.landings}
            if not self.deliveries or recorded < {d.extract for d in self.deliveries}:
                return None
            return f"Every extract for {month} landed by the day it was due."
        named = phrases.join_words(
            [
                f"{_in_sentence(label(d.extract))} landed on {d.landed_at:%A %-d %B}, "
                f"{phrases.format_count(d.days_late)} {'day' if d.days_late == 1 else 'days'} "
                f"late (due by {d.due_by:%A %-d %B})"
                for d in late
            ]
        )
        return f"Late for {month}: {named}. The figures include them."

    @property
    def paragraphs(self) -> tuple[str, ...]:
        extra = tuple(
            p for p in (self.accounted_for, self.timeliness_sentence, self.gaps_sentence) if p
        )
        return self._delivered + extra

    @property
    def _delivered(self) -> tuple[str, ...]:
        month = phrases.month_label(self.reporting_month)
        if not self.deliveries:
            return (f"No deliveries of extracts are recorded for {month}.",)
        counts = phrases.join_words(
            [
                f"{phrases.format_count(d.delivered)} {_in_sentence(d.label)}"
                for d in self.deliveries
            ]
        )
        if not self.rejected:
            return (
                f"{phrases.format_count(self.delivered)} rows were delivered for {month} "
                f"({counts}) and all of them were loaded. No rows were rejected.",
            )
        fraction = self.rejected / self.delivered
        share = phrases.format_rate(fraction) if fraction >= 0.001 else "under 0.1%"
        return (
            f"{phrases.format_count(self.delivered)} rows were delivered for {month} ({counts}). "
            f"{phrases.format_count(self.loaded)} were loaded and "
            f"{phrases.format_count(self.rejected)} ({share}) were rejected by the data checks: "
            "the figures in this paper exclude them, and they are kept for correction with the "
            "reason for each.",
        )

    @property
    def delivery_table(self) -> tuple[dict[str, str], ...]:
        return tuple(
            {
                "label": d.label,
                "delivered": phrases.format_count(d.delivered),
                "loaded": phrases.format_count(d.loaded),
                "rejected": phrases.format_count(d.rejected),
            }
            for d in self.deliveries
        )

    @property
    def rejects_table(self) -> tuple[dict[str, str], ...]:
        return tuple(
            {"label": label(r.extract), "rule": r.rule, "rows": phrases.format_count(r.rows)}
            for r in self.rejects
        )


def _order(extract: str) -> tuple[int, str]:
    order = list(extracts())
    return (order.index(extract) if extract in order else len(order), extract)


def load_data_quality(
    con: duckdb.DuckDBPyConnection, force_id: str, reporting_month: date
) -> DataQuality | None:
    """The month's deliveries and rejects for the force; None without the delivery marts."""
    if not has_tables(con, MARTS):
        return None
    deliveries = sorted(
        (
            Delivery(extract, int(delivered), int(loaded), int(rejected))
            for extract, delivered, loaded, rejected in con.execute(
                _DELIVERIES_SQL, [force_id, reporting_month]
            ).fetchall()
        ),
        key=lambda d: _order(d.extract),
    )
    rejects = sorted(
        (
            RuleCount(extract, rule, int(rows))
            for extract, rule, rows in con.execute(
                _REJECTS_SQL, [force_id, reporting_month]
            ).fetchall()
        ),
        key=lambda r: (-r.rows, _order(r.extract), r.rule),
    )
    # without the reconciliation (a warehouse not built by the pipeline), no sentence about it
    found = (
        con.execute(_RECONCILIATION_SQL, [force_id, reporting_month]).fetchall()
        if has_tables(con, (RECONCILIATION,))
        else []
    )
    reconciliation = sorted(
        (Reconciliation(extract, *(int(n) for n in counts)) for extract, *counts in found),
        key=lambda r: _order(r.extract),
    )
    gaps = sorted(
        (
            (extract, tuple(months))
            for extract, months in con.execute(
                _GAPS_SQL, {"force": force_id, "month": reporting_month}
            ).fetchall()
        ),
        key=lambda g: _order(g[0]),
    )
    landings = sorted(
        (
            Landing(extract, due_by, landed_at, int(days))
            for extract, due_by, landed_at, days in (
                con.execute(_TIMELINESS_SQL, [force_id, reporting_month]).fetchall()
                if has_tables(con, (TIMELINESS,))
                else []
            )
        ),
        key=lambda landing: _order(landing.extract),
    )
    return DataQuality(
        reporting_month,
        tuple(deliveries),
        tuple(rejects),
        tuple(reconciliation),
        tuple(gaps),
        tuple(landings),
    )


@dataclass(frozen=True)
class DataQualitySection:
    number: str = ""
    title: str = TITLE
    reads: tuple[str, ...] = (*MARTS, TIMELINESS, RECONCILIATION)

    def build(self, context: PaperContext) -> DataQuality | None:
        return load_data_quality(context.con, context.force_id, context.reporting_month)


PAPERS = (
    Placed("force_extracts", (6,), DataQualitySection()),
    Placed("police_uk", (6,), DataQualitySection()),
)
