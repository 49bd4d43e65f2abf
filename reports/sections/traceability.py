"""The appendix of the board's edition: where the paper's figures come from. The deliveries of
the month with their SHA-256 checksums (marts.delivery_files), the data snapshot (the latest load
the figures include), the Dagster runs that built the marts and rendered the paper, the rules
checked before it was rendered, why the crimes counted differ from the rows delivered
(marts.crimes_counted), and the data-quality section's tables of where the rows loaded went and
of rejected rows by rule. The list of every figure with its mart, row keys and column follows it
(reports/traces.py). The published edition has no appendix: a sentence says where the record is
kept (`RECORD_KEPT`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from reports import figure_words as w
from reports import phrases as p
from reports.mart_rows import Row, fetch, value
from reports.paper import APPENDIX_TITLE, PaperContext, Placed, has_tables
from reports.paper import paragraphs as paper_paragraphs
from reports.provenance import Provenance, kind_named
from reports.sections.data_quality import load_data_quality

MARTS = ("marts.delivery_files", "marts.crimes_counted")

_FILES_SQL = """
select extract, source_file, sha256, loaded_at
from marts.delivery_files
where force_id = ? and reporting_month = ?
order by extract
"""

_SNAPSHOT_SQL = """
select max(loaded_at) from marts.delivery_files where force_id = ? and reporting_month <= ?
"""

_CRIMES_SQL = """
select reporting_month, rows_delivered, rows_rejected, rows_replaced, rows_cancelled,
       rows_transferred, crimes_counted
from marts.crimes_counted
where force_id = ? and reporting_month = ?
"""

# column -> what became of those rows, in the order a reader follows them
_CRIME_ROWS = {
    "rows_rejected": "rejected by the extract contract",
    "rows_replaced": "replaced by a later row of the same crime",
    "rows_cancelled": "cancelled",
    "rows_transferred": "transferred to another force",
}


RECORD_KEPT = (
    "The full record behind these figures (the files delivered and their checksums, the "
    "pipeline runs that built them, the rules checked and the source of every figure) is kept "
    "in the appendix of the board's edition of this paper."
)


@dataclass(frozen=True)
class Appendix:
    paragraphs: tuple[str, ...]
    tables: tuple[dict[str, Any], ...]
    kind: str = "appendix"


@dataclass(frozen=True)
class RecordKept:
    """In the published edition, in place of the appendix: where the full record is kept."""

    text: str = RECORD_KEPT
    kind: str = "record_kept"


def _timestamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def snapshot_sentence(moment: datetime | None, month: str) -> str:
    if moment is None:
        return p.sentence(f"No delivery up to {month} is recorded in the warehouse")
    return p.sentence(
        f"Data snapshot: the figures include every delivery up to {month} loaded by "
        f"{_timestamp(moment)} (the warehouse clock); the {month} files and their SHA-256 "
        "checksums are listed below"
    )


def runs_sentence(provenance: Provenance) -> str:
    if provenance.paper_run_id is None:
        return p.sentence("This paper was rendered outside a pipeline run, from the marts as built")
    marts = provenance.marts_run_id or "not recorded"
    return p.sentence(
        f"The marts were built by Dagster run {marts}; this paper was rendered by Dagster run "
        f"{provenance.paper_run_id}"
    )


def rules_sentence(provenance: Provenance) -> str:
    """How many rules were checked in the paper's run, by kind, and any that did not pass."""
    grouped = provenance.checks_by_kind()
    if not grouped:
        return p.sentence("No checks are recorded for this rendering")
    counts = [kind_named(kind, len(checks)) for kind, checks in grouped.items()]
    failed = [f"{c.asset} {c.name}" for checks in grouped.values() for c in checks if not c.passed]
    passed = (
        "all passed"
        if not failed
        else f"{len(failed):,} did not pass (warnings): {p.join_words(failed)}"
    )
    return p.sentence(
        f"Rules checked before this paper was rendered: {p.join_words(counts)}; {passed}. The "
        "table below names what each kind checked (each test's name is in the run's log)"
    )


def rules_table(provenance: Provenance) -> dict[str, Any]:
    """Per kind of rule: how many were checked, how many passed, and on which tables."""
    rows = []
    for kind, checks in provenance.checks_by_kind().items():
        per_asset = Counter(c.asset for c in checks)
        where = ", ".join(
            asset if n == 1 else f"{asset} ({n:,})" for asset, n in sorted(per_asset.items())
        )
        rows.append(
            [
                kind[:1].upper() + kind[1:],
                f"{len(checks):,}",
                f"{sum(c.passed for c in checks):,}",
                where,
            ]
        )
    return {
        "caption": "Rules checked before this paper was rendered",
        "headers": ["Rules", "Checked", "Passed", "On (how many, when more than one)"],
        "rows": rows,
    }


def crimes_sentence(row: Row | None, month: str) -> str | None:
    """Why the crimes counted differ from the rows delivered, every difference named."""
    if row is None:
        return None
    delivered, counted = value(row, "rows_delivered"), value(row, "crimes_counted")
    reasons = [
        f"{w.count(value(row, column))} {what}"
        for column, what in _CRIME_ROWS.items()
        if row[column]
    ]
    text = (
        f"The {month} crimes delivery held {w.count(delivered)} rows, and {w.count(counted)} "
        f"crimes are counted for {month}"
    )
    return p.sentence(text + (f": of the other rows, {p.join_words(reasons)}" if reasons else ""))


def crimes_table(row: Row, month: str) -> dict[str, Any]:
    rows = [["Rows delivered", w.count(value(row, "rows_delivered"))]]
    rows += [
        [what.capitalize(), w.count(value(row, column))] for column, what in _CRIME_ROWS.items()
    ]
    rows.append([f"Crimes counted for {month}", w.count(value(row, "crimes_counted"))])
    return {
        "caption": f"From rows delivered to crimes counted, {month} crimes delivery",
        "headers": ["Rows of the delivery", "Rows"],
        "rows": rows,
    }


def files_table(files: list[Row], month: str) -> dict[str, Any]:
    return {
        "caption": f"Files delivered for {month}, with their SHA-256 checksums as loaded",
        "class": "digests",
        "headers": ["File", "SHA-256", "Loaded"],
        "rows": [
            [
                f"{f['extract']}/{PurePath(f['source_file']).name}",
                f["sha256"],
                _timestamp(f["loaded_at"]),
            ]
            for f in files
        ],
    }


def build_appendix(context: PaperContext) -> Appendix:
    con, force, m = context.con, context.force_id, context.reporting_month
    month = context.month_label
    files = fetch(con, _FILES_SQL, [force, m])
    snapshot = con.execute(_SNAPSHOT_SQL, [force, m]).fetchone()[0]
    crimes = next(iter(fetch(con, _CRIMES_SQL, [force, m])), None)
    paragraphs = (
        snapshot_sentence(snapshot, month),
        runs_sentence(context.provenance),
        rules_sentence(context.provenance),
        crimes_sentence(crimes, month),
        p.sentence(
            "The HTML and Word files end this appendix with every figure read from a mart row, in "
            "order of appearance, with the mart, the row's keys and the column it was read from "
            "(in the HTML each figure links to its entry); the printed edition leaves that list "
            "out"
        ),
    )
    tables = (
        *((rules_table(context.provenance),) if context.provenance.checks else ()),
        *((crimes_table(crimes, month),) if crimes is not None else ()),
        *((files_table(files, month),) if files else ()),
        *quality_tables(context),
    )
    return Appendix(paper_paragraphs(*paragraphs), tables)


def quality_tables(context: PaperContext) -> tuple[dict[str, Any], ...]:
    """The data-quality section's tables for the record (reports/sections/data_quality.py)."""
    quality = context.loaded(load_data_quality)
    return quality.record_tables if quality else ()


@dataclass(frozen=True)
class Traceability:
    number: str = ""  # takes no commentary
    title: str = APPENDIX_TITLE
    reads: tuple[str, ...] = MARTS

    def build(self, context: PaperContext) -> Appendix | RecordKept | None:
        if context.published:
            return RecordKept()
        if not has_tables(context.con, MARTS):
            tables = quality_tables(context)
            return Appendix((), tables) if tables else None
        return build_appendix(context)


PAPERS = (
    Placed("force_extracts", (10,), Traceability()),
    Placed("police_uk", (10,), Traceability()),
)
