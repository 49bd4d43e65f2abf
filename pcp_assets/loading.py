"""Load one month's delivery of one extract into `raw`: validate, quarantine, replace, record.

Nothing is lost: every delivered row ends in `raw.<extract>` or, with its reasons and its text as
delivered, in `raw.rejects`, and `raw.loads` records what was delivered. Re-loading a month
replaces it in one transaction. What the loader does with each kind of bad input is listed in
docs/data-quality.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from data_contracts.reader import TABLE
from data_contracts.registry import extract as extract_spec
from data_contracts.sql import lit, q
from pcp_assets.checking import (
    CheckedDelivery,
    DeliveredFile,
    DeliveryError,
    check_delivery,
    read_delivery,
    scratch,
    sorted_by_row,
)
from pcp_assets.corrections import record_corrections
from pcp_assets.pseudonyms import PseudonymKey
from pcp_assets.raw_tables import EXTRACT_COLUMNS, LOAD_COLUMNS
from pcp_assets.refusal import refusal_reason
from pcp_assets.settings import Settings
from pcp_assets.withdrawals import record_withdrawals

# Cross-file rule, checked against raw.crimes in the loading transaction (an outcome file alone
# cannot know when its crimes were recorded).
RULE_OUTCOME_BEFORE_CRIME = "outcome_date not before the crime was recorded"


class RefusedDelivery(DeliveryError):
    """A delivery whose rows were mostly rejected, refused whole (pcp_assets/refusal.py): its
    rejected rows by rule, for the raw asset's metadata, as nothing of it is stored."""

    def __init__(self, message: str, file: DeliveredFile, rejects_by_rule: dict[str, int]):
        super().__init__(message)
        self.file = file
        self.rejects_by_rule = rejects_by_rule


@dataclass(frozen=True)
class LoadReport:
    """What storing a delivered file did: the file, and its rows loaded and rejected."""

    file: DeliveredFile
    rows_loaded: int
    rows_rejected: int
    rejects_by_rule: dict[str, int]


def store_deliveries(
    con: duckdb.DuckDBPyConnection,
    deliveries: Sequence[CheckedDelivery],
    max_rejected_share: float,
) -> list[LoadReport | RefusedDelivery]:
    """Replace the force's month of the extract with each checked delivery (of one extract, no
    force's month twice), after the rule that needs the warehouse (an outcome not dated before its
    crime), in one transaction. A delivery with more than `max_rejected_share` of its rows (or all
    of them) rejected is refused whole (its RefusedDelivery is returned in its place) and its
    month keeps what it had; the others are stored. Set-based, so that a batch of files costs
    about what one does (docs/performance.md)."""
    con.execute("BEGIN TRANSACTION")
    try:
        judged = [_judged(con, delivery, max_rejected_share) for delivery in deliveries]
        _replace_months(con, [each for each in judged if isinstance(each, _ToStore)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return [each.report if isinstance(each, _ToStore) else each for each in judged]


def load_delivery(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    month: date,
    path: Path,
    force_id: str,
    pseudonym_key: PseudonymKey | None = None,
    max_rejected_share: float = Settings.max_rejected_share,
) -> LoadReport:
    """Load `path` as `force_id`'s delivery of `extract` for `month`, replacing that force's month
    (`check_delivery`, then `store_deliveries`). A refused file leaves the month as it was."""
    checked = check_delivery(extract, month, path, force_id, pseudonym_key)
    (stored,) = store_deliveries(con, [checked], max_rejected_share)
    if isinstance(stored, RefusedDelivery):
        raise stored
    return stored


@dataclass(frozen=True)
class _ToStore:
    """A delivery that may be stored: its report, good rows and rejects with their text."""

    report: LoadReport
    good: pd.DataFrame
    rejects: pd.DataFrame


def _judged(
    con: duckdb.DuckDBPyConnection, delivery: CheckedDelivery, max_share: float
) -> _ToStore | RefusedDelivery:
    good, rejects = delivery.good, delivery.rejects
    if delivery.file.extract == "outcomes":
        good, rejects = _outcomes_before_their_crime(con, delivery.file.force_id, good, rejects)
    report = LoadReport(
        file=delivery.file,
        rows_loaded=len(good),
        rows_rejected=int(rejects["row_number"].nunique()),
        rejects_by_rule={str(k): int(v) for k, v in rejects["rule"].value_counts().items()},
    )
    refused = _refusal(con, delivery, rejects, report, max_share)
    if refused is not None:
        return refused
    text = delivery.text | _texts_read_again(delivery, rejects)
    return _ToStore(report, good, rejects.assign(raw_record=rejects["row_number"].map(text)))


def _refusal(
    con: duckdb.DuckDBPyConnection,
    delivery: CheckedDelivery,
    rejects: pd.DataFrame,
    report: LoadReport,
    max_share: float,
) -> RefusedDelivery | None:
    """The delivery refused whole when it is mostly rejected (pcp_assets/refusal.py), else None."""
    file = delivery.file
    ((loaded_before,),) = con.execute(
        "SELECT count(*) > 0 FROM raw.loads WHERE extract = ? AND month = ? AND force_id = ?",
        [file.extract, file.month, file.force_id],
    ).fetchall()
    reason = refusal_reason(
        file.path,
        file.month,
        file.rows_delivered,
        rejects,
        delivery.examples,
        max_share,
        bool(loaded_before),
    )
    return None if reason is None else RefusedDelivery(reason, file, report.rejects_by_rule)


def _outcomes_before_their_crime(
    con: duckdb.DuckDBPyConnection, force_id: str, good: pd.DataFrame, rejects: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Move outcome rows dated before their crime was recorded (as raw.crimes holds it, latest
    delivery first, as staging reads it) from the good rows to the rejects. An outcome whose crime
    is not loaded cannot be checked and is kept. Only the file's force's crimes of the file's
    crime references are ranked (they are the window's partitions), so the cost follows the file,
    not the warehouse."""
    con.register("outcome_rows", good)
    try:
        early = con.execute(
            """
            SELECT o._row_number
            FROM outcome_rows AS o
            JOIN (
                SELECT force_id, crime_ref, recorded_at FROM raw.crimes
                WHERE force_id = $force_id
                  AND crime_ref IN (SELECT crime_ref FROM outcome_rows)
                QUALIFY row_number() OVER (
                    PARTITION BY force_id, crime_ref ORDER BY month DESC, _row_number DESC
                ) = 1
            ) AS c ON c.force_id = o.force_id AND c.crime_ref = o.crime_ref
            WHERE CAST(o.outcome_date AS DATE) < CAST(c.recorded_at AS DATE)
            """,
            {"force_id": force_id},
        ).fetchall()
    finally:
        con.unregister("outcome_rows")
    rows = {row for (row,) in early}
    if not rows:
        return good, rejects
    is_early = good["_row_number"].isin(rows)
    found = pd.DataFrame(
        {
            "row_number": good.loc[is_early, "_row_number"].to_numpy(),
            "rule": RULE_OUTCOME_BEFORE_CRIME,
            "column_name": "outcome_date",
        }
    )
    return good[~is_early].reset_index(drop=True), sorted_by_row(pd.concat([rejects, found]))


def _texts_read_again(delivery: CheckedDelivery, rejects: pd.DataFrame) -> dict[int, str]:
    """The rows as delivered of rejects found in storing (an outcome dated before its crime),
    read again from the file: a checked delivery keeps only its rejected rows' text."""
    rows = set(rejects["row_number"]) - set(delivery.text)
    if not rows:
        return {}
    with scratch() as con:
        read_delivery(con, delivery.file.path)
        found = con.execute(
            f"SELECT _row_number, _text FROM {TABLE} WHERE _row_number IN (SELECT unnest(?))",
            [sorted(int(row) for row in rows)],
        ).fetchall()
    return dict(found)


def _replace_months(con: duckdb.DuckDBPyConnection, stored: list[_ToStore]) -> None:
    """Inside the caller's transaction: replace each delivery's force month: rows, rejects,
    bookkeeping. Every good row is of its file's force (the contract's force rule): no other
    force is touched."""
    if not stored:
        return
    extract = stored[0].report.file.extract
    files = pd.DataFrame(
        [
            {
                "month": each.report.file.month,
                "force_id": each.report.file.force_id,
                "source_file": str(each.report.file.path),
                "sha256": each.report.file.sha256,
                "rows_delivered": each.report.file.rows_delivered,
                "rows_loaded": each.report.rows_loaded,
                "rows_rejected": each.report.rows_rejected,
                "landed_at": each.report.file.landed_at,
                "due_by": extract_spec(extract).due.date_for(each.report.file.month),
            }
            for each in stored
        ]
    )
    rejects = pd.concat(
        [
            each.rejects.assign(
                month=each.report.file.month,
                force_id=each.report.file.force_id,
                source_file=str(each.report.file.path),
            )
            for each in stored
        ],
        ignore_index=True,
    )
    goods = {f"good_rows_{i}": each.good for i, each in enumerate(stored)}
    # every file's rows, each column of its raw type (a column blank in one file is typed too)
    typed = ", ".join(
        f"CAST({q(column)} AS {kind.removesuffix(' NOT NULL')}) AS {q(column)}"
        for column, kind in EXTRACT_COLUMNS[extract].items()
    )
    new_rows = " UNION ALL ".join(
        f"SELECT {typed}, DATE '{each.report.file.month:%Y-%m-%d}' AS month, "
        f"{lit(str(each.report.file.path))} AS _source_file, _row_number FROM {name}"
        for name, each in zip(goods, stored, strict=True)
    )
    data_columns = list(EXTRACT_COLUMNS[extract])
    columns = [*data_columns, *LOAD_COLUMNS]
    views = {"batch_files": files, "reject_rows": rejects, **goods}
    pairs = "(month, force_id) IN (SELECT month, force_id FROM batch_files)"
    try:
        for name, frame in views.items():
            con.register(name, frame)
        record_withdrawals(con, extract, "batch_files", new_rows)
        con.execute(f"DELETE FROM raw.{extract} WHERE {pairs}")
        con.execute(
            f"INSERT INTO raw.{extract} ({', '.join(columns)}) "
            f"SELECT {', '.join(data_columns)}, month, _source_file, _row_number, now() "
            f"FROM ({new_rows})"
        )
        con.execute(f"DELETE FROM raw.rejects WHERE extract = ? AND {pairs}", [extract])
        con.execute(
            "INSERT INTO raw.rejects (extract, month, force_id, source_file, row_number, rule, "
            "column_name, raw_record, rejected_at) "
            "SELECT ?, month, force_id, source_file, row_number, rule, column_name, raw_record, "
            "now() FROM reject_rows",
            [extract],
        )
        record_corrections(con, extract, "batch_files")
        # a corrected re-delivery keeps the month's first landing: punctuality is the first file's
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE batch_loads AS
            SELECT $extract AS extract, month, force_id, source_file, sha256, rows_delivered,
                rows_loaded, rows_rejected, now() AS loaded_at,
                least(batch_files.landed_at, earlier.landed_at) AS landed_at, due_by
            FROM batch_files LEFT JOIN (
                SELECT month, force_id, min(landed_at) AS landed_at FROM raw.loads
                WHERE extract = $extract AND {pairs} GROUP BY ALL
            ) AS earlier USING (month, force_id)
            """,
            {"extract": extract},
        )
        con.execute(f"DELETE FROM raw.loads WHERE extract = ? AND {pairs}", [extract])
        con.execute("INSERT INTO raw.loads BY NAME SELECT * FROM batch_loads")
        con.execute("DROP TABLE batch_loads")
    finally:
        for name in views:
            con.unregister(name)
