"""Section 3.0, data quality: what was delivered for the month, loaded, and rejected.

Read from marts.deliveries (rows per extract, month and force) and marts.delivery_rejects (rejected
rows by rule; docs/data-quality.md). A warehouse without them (a hand-made set of marts) has no
such section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases
from reports.paper import PaperContext

TITLE = "Data quality"

EXTRACT_LABELS = {
    "crimes": "Recorded crimes",
    "outcomes": "Outcomes",
    "incidents": "Incidents",
    "policeuk_street": "data.police.uk street records",
    "policeuk_outcomes": "data.police.uk outcomes",
}
EXTRACT_ORDER = tuple(EXTRACT_LABELS)

MARTS = ("marts.deliveries", "marts.delivery_rejects")

_DELIVERIES_SQL = """
select extract, rows_delivered, rows_loaded, rows_rejected
from marts.deliveries
where force_id = ? and reporting_month = ?
"""

_REJECTS_SQL = """
select extract, rule, rejected_rows
from marts.delivery_rejects
where force_id = ? and reporting_month = ?
"""


@dataclass(frozen=True)
class Delivery:
    extract: str
    delivered: int
    loaded: int
    rejected: int

    @property
    def label(self) -> str:
        return EXTRACT_LABELS.get(self.extract, self.extract.replace("_", " ").capitalize())


@dataclass(frozen=True)
class RuleCount:
    extract: str
    rule: str
    rows: int


@dataclass(frozen=True)
class DataQuality:
    reporting_month: date
    deliveries: tuple[Delivery, ...]
    rejects: tuple[RuleCount, ...]  # most frequent first
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

    def label(self, extract: str) -> str:
        return Delivery(extract, 0, 0, 0).label

    @property
    def paragraphs(self) -> tuple[str, ...]:
        month = phrases.month_label(self.reporting_month)
        if not self.deliveries:
            return (f"No deliveries of extracts are recorded for {month}.",)
        counts = phrases.join_words(
            [f"{phrases.format_count(d.delivered)} {d.label.lower()}" for d in self.deliveries]
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
            {"label": self.label(r.extract), "rule": r.rule, "rows": phrases.format_count(r.rows)}
            for r in self.rejects
        )


def _order(extract: str) -> tuple[int, str]:
    return (
        EXTRACT_ORDER.index(extract) if extract in EXTRACT_ORDER else len(EXTRACT_ORDER),
        extract,
    )


def has_bookkeeping(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema || '.' || table_name in (select unnest(?))",
        [list(MARTS)],
    ).fetchone()[0]
    return found == len(MARTS)


def load_data_quality(
    con: duckdb.DuckDBPyConnection, force_id: str, reporting_month: date
) -> DataQuality | None:
    """The month's deliveries and rejects for the force; None without the delivery marts."""
    if not has_bookkeeping(con):
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
    return DataQuality(reporting_month, tuple(deliveries), tuple(rejects))


@dataclass(frozen=True)
class DataQualitySection:
    number: str = ""
    title: str = TITLE
    reads: tuple[str, ...] = MARTS

    def build(self, context: PaperContext) -> DataQuality | None:
        return load_data_quality(context.con, context.force_id, context.reporting_month)
