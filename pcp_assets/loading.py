"""Load one month's delivery of one extract into `raw`: validate, quarantine, replace, record.

Nothing is lost: every delivered row ends in `raw.<extract>` or, with its reasons, in `raw.rejects`,
and `raw.loads` records what was delivered. Re-loading a month replaces it in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from data_contracts.validate import HeaderError, validate
from pcp_assets.raw_tables import EXTRACT_COLUMNS, LOAD_COLUMNS


class DeliveryError(Exception):
    """A delivery that cannot be loaded at all (missing file, broken header)."""


@dataclass(frozen=True)
class LoadReport:
    extract: str
    month: date
    path: Path
    sha256: str
    rows_delivered: int
    rows_loaded: int
    rows_rejected: int
    rejects_by_rule: dict[str, int]


def landing_path(landing_dir: Path, extract: str, month: date) -> Path:
    return landing_dir / extract / f"{month:%Y-%m}.csv"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_delivery(con: duckdb.DuckDBPyConnection, path: Path) -> pd.DataFrame:
    """The file as delivered: every field as text, in file order, with a 1-based `_row_number`."""
    frame = con.execute(
        "SELECT * FROM read_csv(?, all_varchar = true, header = true, delim = ',', quote = '\"')",
        [str(path)],
    ).df()
    frame["_row_number"] = range(1, len(frame) + 1)
    return frame


def load_delivery(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    month: date,
    path: Path,
    default_force_id: str,
) -> LoadReport:
    if not path.exists():
        raise DeliveryError(f"{path}: no {extract} delivery for {month:%Y-%m} (file not found)")
    frame = read_delivery(con, path)
    try:
        result = validate(extract, f"{month:%Y-%m}", frame)
    except HeaderError as error:
        problems = "; ".join(error.problems)
        raise DeliveryError(
            f"{path}: row 1 (header) breaks the {extract} contract: {problems}"
        ) from error
    is_rejected = frame["_row_number"].isin(result.rejects["row_number"])
    rejected_rows = frame[is_rejected]
    report = LoadReport(
        extract=extract,
        month=month,
        path=path,
        sha256=sha256_of(path),
        rows_delivered=len(frame),
        rows_loaded=len(result.good),
        rows_rejected=len(rejected_rows),
        rejects_by_rule=result.rejects["rule"].value_counts().to_dict(),
    )
    _replace_month(
        con,
        report,
        result.good,
        _reject_records(result.rejects, rejected_rows),
        _forces_delivered(frame, is_rejected, default_force_id),
    )
    return report


def _forces_delivered(
    delivered: pd.DataFrame, rejected: pd.Series, default_force_id: str
) -> pd.DataFrame:
    """Rows delivered and rejected per force; a blank force (or an empty file) is the default's."""
    force = delivered["force_id"].fillna("").str.strip().replace("", default_force_id)
    counts = (
        pd.DataFrame({"force_id": force, "rejected": rejected})
        .groupby("force_id", as_index=False)
        .agg(rows_delivered=("rejected", "size"), rows_rejected=("rejected", "sum"))
    )
    if counts.empty:
        return pd.DataFrame(
            {"force_id": [default_force_id], "rows_delivered": [0], "rows_rejected": [0]}
        )
    return counts


def _reject_records(rejects: pd.DataFrame, rejected_rows: pd.DataFrame) -> pd.DataFrame:
    """Each broken rule with the row exactly as delivered (as JSON), so nothing is lost."""
    raw = rejected_rows.drop(columns="_row_number").to_dict(orient="records")
    delivered = pd.DataFrame(
        {
            "row_number": rejected_rows["_row_number"].to_numpy(),
            "raw_record": [json.dumps(r) for r in raw],
        }
    )
    return rejects.merge(delivered, on="row_number")


def _replace_month(
    con: duckdb.DuckDBPyConnection,
    report: LoadReport,
    good: pd.DataFrame,
    rejects: pd.DataFrame,
    forces: pd.DataFrame,
) -> None:
    extract, month, source = report.extract, report.month, str(report.path)
    data_columns = list(EXTRACT_COLUMNS[extract])
    columns = [*data_columns, *LOAD_COLUMNS]
    views = {"good_rows": good, "reject_rows": rejects, "delivered_forces": forces}
    same_delivery = "(force_id IN (SELECT force_id FROM delivered_forces) OR {source} = ?)"
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in views.items():
            con.register(name, frame)
        con.execute(
            f"DELETE FROM raw.{extract} WHERE month = ? AND "
            + same_delivery.format(source="_source_file"),
            [month, source],
        )
        con.execute(
            f"INSERT INTO raw.{extract} ({', '.join(columns)}) "
            f"SELECT {', '.join(data_columns)}, ?, ?, _row_number, now() FROM good_rows",
            [month, source],
        )
        con.execute(
            "DELETE FROM raw.rejects WHERE extract = ? AND month = ? AND source_file = ?",
            [extract, month, source],
        )
        con.execute(
            "INSERT INTO raw.rejects "
            "SELECT ?, ?, ?, row_number, rule, column_name, raw_record, now() "
            "FROM reject_rows",
            [extract, month, source],
        )
        con.execute(
            "DELETE FROM raw.loads WHERE extract = ? AND month = ? AND "
            + same_delivery.format(source="source_file"),
            [extract, month, source],
        )
        con.execute(
            "INSERT INTO raw.loads SELECT ?, ?, force_id, ?, ?, rows_delivered, "
            "rows_delivered - rows_rejected, rows_rejected, now() FROM delivered_forces",
            [extract, month, source, report.sha256],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in views:
            con.unregister(name)
