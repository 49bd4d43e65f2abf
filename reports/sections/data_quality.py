"""Section 6.0, data quality: what was delivered for the month, loaded, rejected, and where every
loaded row went.

Read from marts.deliveries (rows per extract, month and force), marts.delivery_rejects (rejected
rows by rule), marts.delivery_files (when each file landed against its due day) and
quality.row_reconciliation (loaded rows in staging, replaced by a later delivery
or set aside; docs/data-quality.md), and the month's measures outside their history from
quality.volume_checks (reports/sections/volume_quality.py). A warehouse without them (a hand-made
set of marts) has no such section.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb

from data_contracts.registry import extracts
from reports import figure_words as w
from reports import phrases
from reports.figures import Value
from reports.mart_rows import Row, fetch, value
from reports.paper import PaperContext, Placed, has_tables
from reports.sections.corrected_months import Corrections, load_corrections
from reports.sections.timeliness import timeliness_sentence
from reports.sections.volume_quality import volume_sentences
from reports.sections.withdrawn_rows import withdrawn_sentences
from reports.traces import derived

TITLE = "Data quality"

DELIVERIES = "marts.deliveries"
MARTS = (DELIVERIES, "marts.delivery_rejects")
RECONCILIATION = "quality.row_reconciliation"
TIMELINESS = "marts.delivery_files"

_DELIVERIES_SQL = """
select * from marts.deliveries where force_id = ? and reporting_month = ?
"""

_RECONCILIATION_SQL = """
select * from quality.row_reconciliation where force_id = ? and reporting_month = ?
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
select reporting_month, extract, due_by, landed_at, days_late
from marts.delivery_files
where force_id = ? and reporting_month = ? and landed_at is not null
"""

_REJECTS_SQL = """
select * from marts.delivery_rejects where force_id = ? and reporting_month = ?
"""


def _in_sentence(label: str) -> str:
    """An extract's label inside a sentence: lower case but for acronyms ("CPS case files")."""
    return " ".join(
        word if word.isupper() and len(word) > 1 else word.lower() for word in label.split(" ")
    )


def label(extract: str) -> str:
    known = extracts()
    return known[extract].label if extract in known else extract.replace("_", " ").capitalize()


def _order(extract: str) -> tuple[int, str]:
    order = list(extracts())
    return (order.index(extract) if extract in order else len(order), extract)


def _unaccounted(r: Row) -> int:
    return r["rows_loaded"] - r["rows_staged"] - r["rows_replaced"] - r["rows_set_aside"]


@dataclass(frozen=True)
class DataQuality:
    """The month's rows of the delivery marts, each sorted by extract (rejects most frequent
    first): marts.deliveries, marts.delivery_rejects, quality.row_reconciliation and the rows of
    marts.delivery_files whose landing time is recorded."""

    reporting_month: date
    deliveries: tuple[Row, ...]
    rejects: tuple[Row, ...]
    reconciliation: tuple[Row, ...] = ()
    gaps: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (extract, months never delivered)
    landings: tuple[Row, ...] = ()
    redeliveries: tuple[str, ...] = ()  # rows withdrawn by re-deliveries, and what they leave
    corrections: Corrections | None = None  # earlier months corrected since the last paper
    volume: tuple[str, ...] = ()  # measures outside their history (reports/sections/volume_quality)
    kind: str = "data_quality"
    # Rows of extracts naming people are counts of people: rounded in the published edition.
    people: w.People = w.count

    def _total(self, table: str, column: str) -> Value:
        """A column summed over the extracts for the month."""
        rows = self.deliveries if table == DELIVERIES else self.reconciliation
        total = sum(r[column] for r in rows)
        return Value(
            total, trace=derived(table, f"sum of {column}", reporting_month=self.reporting_month)
        )

    @property
    def delivered(self) -> Value:
        return self._total(DELIVERIES, "rows_delivered")

    @property
    def loaded(self) -> Value:
        return self._total(DELIVERIES, "rows_loaded")

    @property
    def rejected(self) -> Value:
        return self._total(DELIVERIES, "rows_rejected")

    @property
    def accounted_for(self) -> str | None:
        """The sentence on where the loaded rows went; None without a reconciliation."""
        if not self.reconciliation:
            return None
        replaced = self._total(RECONCILIATION, "rows_replaced")
        set_aside = self._total(RECONCILIATION, "rows_set_aside")
        # each extract's difference counted whole: one's surplus cannot hide another's loss
        unaccounted = sum(abs(_unaccounted(r)) for r in self.reconciliation)
        month = phrases.month_label(self.reporting_month)
        staged = self.people(self._total(RECONCILIATION, "rows_staged"))
        parts = [f"{staged} are in the tables the figures are computed from"]
        if replaced.value:
            parts.append(
                f"{self.people(replaced)} were replaced by a later delivery of the same record"
            )
        if set_aside.value:
            parts.append(f"{self.people(set_aside)} are counted apart")
        columns = "|rows_loaded - rows_staged - rows_replaced - rows_set_aside|"
        missing = Value(
            unaccounted,
            trace=derived(
                RECONCILIATION, f"sum of {columns}", reporting_month=self.reporting_month
            ),
        )
        ending = (
            f"{self.people(missing)} are not accounted for."
            if unaccounted
            else "every row is accounted for."
        )
        return (
            f"Of the {self.people(self._total(RECONCILIATION, 'rows_loaded'))} rows loaded from "
            f"the {month} deliveries, {phrases.join_words(parts)}: {ending}"
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
        return timeliness_sentence(
            self.reporting_month,
            self.deliveries,
            self.landings,
            lambda extract: _in_sentence(label(extract)),
        )

    @property
    def paragraphs(self) -> tuple[str, ...]:
        extra = tuple(
            p for p in (self.accounted_for, self.timeliness_sentence, self.gaps_sentence) if p
        )
        corrected = self.corrections.sentences(self.people) if self.corrections else ()
        return self._delivered + extra + corrected + self.redeliveries + self.volume

    @property
    def _delivered(self) -> tuple[str, ...]:
        month = phrases.month_label(self.reporting_month)
        if not self.deliveries:
            return (f"No deliveries of extracts are recorded for {month}.",)
        counts = phrases.join_words(
            [
                f"{self.people(value(d, 'rows_delivered'))} {_in_sentence(label(d['extract']))}"
                for d in self.deliveries
            ]
        )
        delivered, rejected = self.delivered, self.rejected
        if not rejected.value:
            return (
                f"{self.people(delivered)} rows were delivered for {month} "
                f"({counts}) and all of them were loaded. No rows were rejected.",
            )
        share_of = "sum of rows_rejected / sum of rows_delivered"
        fraction = Value(
            (rejected.value or 0) / (delivered.value or 1),
            trace=derived(DELIVERIES, share_of, reporting_month=self.reporting_month),
        )
        share = w.show(fraction, lambda x: phrases.format_rate(x) if x >= 0.001 else "under 0.1%")
        return (
            f"{self.people(delivered)} rows were delivered for {month} ({counts}). "
            f"{self.people(self.loaded)} were loaded and "
            f"{self.people(rejected)} ({share}) were rejected by the data checks: "
            "the figures in this paper exclude them, and they are kept for correction with the "
            "reason for each.",
        )

    def _cells(self, r: Row, *columns: str) -> list[str]:
        return [label(r["extract"]), *(self.people(value(r, c)) for c in columns)]

    @property
    def tables(self) -> tuple[dict[str, object], ...]:
        """Rows delivered, loaded and rejected by extract (when the month has deliveries)."""
        if not self.deliveries:
            return ()
        month = phrases.month_label(self.reporting_month)
        return (
            {
                "caption": f"Rows delivered, loaded and rejected, {month}",
                "headers": ["Extract", "Delivered", "Loaded", "Rejected"],
                "rows": [
                    self._cells(d, "rows_delivered", "rows_loaded", "rows_rejected")
                    for d in self.deliveries
                ],
            },
        )

    @property
    def record_tables(self) -> tuple[dict[str, object], ...]:
        """For the board's appendix (reports/sections/traceability.py): where the rows loaded
        went and the rejected rows by extract and rule (each only when its mart has rows); the
        paragraphs say what they show."""
        month = phrases.month_label(self.reporting_month)
        found: list[dict[str, object]] = []
        if self.reconciliation:
            columns = ("rows_loaded", "rows_staged", "rows_replaced", "rows_set_aside")
            found.append(
                {
                    "caption": f"Where the rows loaded went, {month} deliveries",
                    "headers": [
                        "Extract",
                        "Loaded",
                        "In the figures\u2019 tables",
                        "Replaced by a later delivery",
                        "Counted apart",
                    ],
                    "rows": [self._cells(r, *columns) for r in self.reconciliation],
                }
            )
        if self.rejects:
            found.append(
                {
                    "caption": f"Rejected rows by extract and rule, {month} (a row breaking two "
                    "rules counts under each)",
                    "headers": ["Extract", "Rule broken", "Rows"],
                    "rows": [
                        [label(r["extract"]), r["rule"], self.people(value(r, "rejected_rows"))]
                        for r in self.rejects
                    ],
                    "class": "rejects",
                }
            )
        return tuple(found)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], table: str) -> list[Row]:
    """The month's rows of a table; none when the warehouse lacks it (one not built by the
    pipeline)."""
    return fetch(con, sql, params) if has_tables(con, (table,)) else []


def load_data_quality(
    con: duckdb.DuckDBPyConnection, force_id: str, reporting_month: date
) -> DataQuality | None:
    """The month's deliveries and rejects for the force; None without the delivery marts."""
    if not has_tables(con, MARTS):
        return None
    params: list[Any] = [force_id, reporting_month]

    def by_extract(rows: list[Row]) -> tuple[Row, ...]:
        return tuple(sorted(rows, key=lambda r: _order(r["extract"])))

    rejects = sorted(
        fetch(con, _REJECTS_SQL, params),
        key=lambda r: (-r["rejected_rows"], _order(r["extract"]), r["rule"]),
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
    return DataQuality(
        reporting_month,
        by_extract(fetch(con, _DELIVERIES_SQL, params)),
        tuple(rejects),
        # without the reconciliation (a warehouse not built by the pipeline), no sentence on it
        by_extract(_rows(con, _RECONCILIATION_SQL, params, RECONCILIATION)),
        tuple(gaps),
        by_extract(_rows(con, _TIMELINESS_SQL, params, TIMELINESS)),
        withdrawn_sentences(
            con, force_id, reporting_month, lambda extract: _in_sentence(label(extract))
        ),
        load_corrections(
            con, force_id, reporting_month, lambda extract: _in_sentence(label(extract))
        ),
        volume_sentences(
            con, force_id, reporting_month, {name: _in_sentence(label(name)) for name in extracts()}
        ),
    )


@dataclass(frozen=True)
class DataQualitySection:
    number: str = ""
    title: str = TITLE
    reads: tuple[str, ...] = (*MARTS, TIMELINESS, RECONCILIATION)

    def build(self, context: PaperContext) -> DataQuality | None:
        found = context.loaded(load_data_quality)
        return replace(found, people=context.people) if found else None


PAPERS = (
    Placed("force_extracts", (6,), DataQualitySection()),
    Placed("police_uk", (6,), DataQualitySection()),
)
