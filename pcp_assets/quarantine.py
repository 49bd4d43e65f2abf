"""The quarantine as an asset: `raw/rejects`, the rows the loader kept out of `raw.<extract>`.

It only reads: the loader writes raw.rejects in the same transaction as the month's rows. Its
materialization shows, for the run's months, the rejected rows by extract and rule, the total and
a preview (row number, rule, the start of the row as delivered), so a person can find each row in
its file; the text of an extract that names people is withheld (docs/personal-data.md: it stays in
raw.rejects, never in the run's metadata). When a `contract` check blocks a run, this asset is
held back with the rest of the graph; materialize it on its own for the month to see why
(docs/data-quality.md).
"""

from datetime import date

import dagster as dg
import duckdb

from data_contracts.registry import extract as extract_spec
from pcp_assets.partitions import months_in
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

PREVIEW_ROWS = 20
PREVIEW_CHARS = 200


def rejects_by_rule(
    con: duckdb.DuckDBPyConnection, months: list[date]
) -> list[tuple[str, str, int]]:
    """(extract, rule, rejected rows) for the months, most frequent first."""
    return con.execute(
        """
        SELECT extract, rule, count(DISTINCT (source_file, row_number)) AS rows
        FROM raw.rejects WHERE month IN (SELECT unnest(?))
        GROUP BY extract, rule ORDER BY rows DESC, extract, rule
        """,
        [months],
    ).fetchall()


def rejected_rows(con: duckdb.DuckDBPyConnection, months: list[date]) -> int:
    return con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT extract, source_file, row_number "
        "FROM raw.rejects WHERE month IN (SELECT unnest(?)))",
        [months],
    ).fetchone()[0]


def preview(
    con: duckdb.DuckDBPyConnection, months: list[date], limit: int = PREVIEW_ROWS
) -> list[tuple[str, str, int, str, str]]:
    """(extract, file, row number, rule, start of the row as delivered), in file order."""
    return con.execute(
        f"""
        SELECT extract, source_file, row_number, rule, left(raw_record, {PREVIEW_CHARS})
        FROM raw.rejects WHERE month IN (SELECT unnest(?))
        ORDER BY month, extract, source_file, row_number, rule LIMIT ?
        """,
        [months, limit],
    ).fetchall()


WITHHELD = "(names people: see raw.rejects)"


def _shown_text(extract: str, text: str) -> str:
    spec = extract_spec(extract)
    return WITHHELD if spec.pseudonymised or spec.personal else text


def _cell(text: object) -> str:
    """A value fit for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def quarantine_metadata(
    con: duckdb.DuckDBPyConnection, months: list[date]
) -> dict[str, dg.MetadataValue]:
    by_rule = rejects_by_rule(con, months)
    total = rejected_rows(con, months)
    shown = preview(con, months)
    rules = "\n".join(f"| {extract} | {_cell(rule)} | {rows} |" for extract, rule, rows in by_rule)
    rows = "\n".join(
        f"| {extract} | `{file.rsplit('/', 1)[-1]}` | {row} | {_cell(rule)} | "
        f"`{_cell(_shown_text(extract, text))}` |"
        for extract, file, row, rule, text in shown
    )
    return {
        "months": dg.MetadataValue.text(", ".join(f"{m:%Y-%m}" for m in months)),
        "rows_rejected": dg.MetadataValue.int(int(total)),
        "rejects_by_extract_and_rule": dg.MetadataValue.md(
            f"| extract | rule | rows |\n|---|---|---|\n{rules}" if rules else "No rows rejected."
        ),
        "preview": dg.MetadataValue.md(
            "| extract | file | row | rule | row as delivered (start) |\n"
            f"|---|---|---|---|---|\n{rows}"
            if rows
            else "No rows rejected."
        ),
    }


def build_quarantine(
    extracts: tuple[str, ...], partitions: dg.PartitionsDefinition
) -> dg.AssetsDefinition:
    """`raw/rejects`, downstream of the raw assets of the location's extracts."""

    @dg.asset(
        key=["raw", "rejects"],
        group_name="raw",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[dg.AssetKey(["raw", extract]) for extract in extracts],
        # A reader of the DuckDB file blocks its writer, so it waits its turn with them.
        pool=DUCKDB_POOL,
        kinds={"duckdb"},
        description="Rows quarantined by the loader (raw.rejects): each rejected row with its row "
        "number, the rule it broke and its text as delivered. See docs/data-quality.md.",
    )
    def quarantine(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        months = months_in(context)
        with warehouse.connect(read_only=True) as con:
            metadata = quarantine_metadata(con, months)
        context.log.info(f"{metadata['rows_rejected'].value} rows quarantined in the run's months")
        return dg.MaterializeResult(metadata=metadata)

    return quarantine
