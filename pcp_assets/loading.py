"""Load one month's delivery of one extract into `raw`: validate, quarantine, replace, record.

Nothing is lost: every delivered row ends in `raw.<extract>` or, with its reasons and its text as
delivered, in `raw.rejects`, and `raw.loads` records what was delivered. Re-loading a month
replaces it in one transaction. What the loader does with each kind of bad input is listed in
docs/data-quality.md.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_contracts.calendar import UK_TIME
from data_contracts.delivery import FileError, ParsedFile, parse_delivery
from data_contracts.nominal_ids import UndeclaredFormat
from data_contracts.registry import extract as extract_spec
from data_contracts.validate import HeaderError, validate
from pcp_assets.corrections import record_correction
from pcp_assets.pseudonyms import PseudonymKey
from pcp_assets.raw_tables import EXTRACT_COLUMNS, LOAD_COLUMNS
from pcp_assets.refusal import refusal_reason, rule_examples
from pcp_assets.settings import Settings
from pcp_assets.withdrawals import record_withdrawals

# Cross-file rule, checked against raw.crimes in the loading transaction (an outcome file alone
# cannot know when its crimes were recorded).
RULE_OUTCOME_BEFORE_CRIME = "outcome_date not before the crime was recorded"


class DeliveryError(Exception):
    """A delivery that cannot be loaded at all (missing file, unreadable file, broken header)."""


class RefusedDelivery(DeliveryError):
    """A delivery whose rows were mostly rejected, refused whole (pcp_assets/refusal.py): its
    rejected rows by rule, for the raw asset's metadata, as nothing of it is stored."""

    def __init__(self, message: str, file: DeliveredFile, rejects_by_rule: dict[str, int]):
        super().__init__(message)
        self.file = file
        self.rejects_by_rule = rejects_by_rule


@dataclass(frozen=True)
class DeliveredFile:
    """A force's file of an extract for a month, as it landed."""

    extract: str
    month: date
    path: Path
    force_id: str
    sha256: str
    rows_delivered: int
    landed_at: datetime  # the file's modification time, UK local time


@dataclass(frozen=True)
class LoadReport:
    """What storing a delivered file did: the file, and its rows loaded and rejected."""

    file: DeliveredFile
    rows_loaded: int
    rows_rejected: int
    rejects_by_rule: dict[str, int]


def landed_at(path: Path) -> datetime:
    """When a file landed, as people in the force read clocks: its modification time, UK time."""
    stamp = datetime.fromtimestamp(path.stat().st_mtime, tz=UK_TIME)
    return stamp.replace(tzinfo=None)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_delivery(path: Path) -> tuple[ParsedFile, pd.DataFrame]:
    """The file as delivered: its rows split by structure, and the well-formed ones as a frame of
    text in file order with their 1-based `_row_number`. Raises DeliveryError for a file that
    cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeliveryError(f"{path}: the file cannot be read ({error.strerror})") from error
    if path.suffix == ".gz":
        # data.police.uk downloads may be gzipped (`.csv.gz`), as published
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as error:
            raise DeliveryError(
                f"{path}: the gzip file is truncated or corrupt ({error}); download it again"
            ) from error
    try:
        parsed = parse_delivery(data)
    except FileError as error:
        raise DeliveryError(f"{path}: {error}") from error
    frame = pd.DataFrame([r.fields for r in parsed.rows], columns=parsed.header, dtype=object)
    frame["_row_number"] = [r.row_number for r in parsed.rows]
    return parsed, frame


@dataclass(frozen=True)
class CheckedDelivery:
    """A month's delivery read and checked against its contract, not yet stored: what a process
    without the warehouse can do (pcp_assets/ingest.py checks months side by side)."""

    file: DeliveredFile
    good: pd.DataFrame  # typed extract columns + _row_number, person columns pseudonymised
    rejects: pd.DataFrame  # row_number, rule, column_name
    text: dict[int, str]  # every row's text as delivered, by row number
    examples: dict[str, str]  # rule -> its first row's value, where it names no person


def check_delivery(
    extract: str,
    month: date,
    path: Path,
    force_id: str,
    pseudonym_key: PseudonymKey | None = None,
) -> CheckedDelivery:
    """Read `path` as `force_id`'s delivery of `extract` for `month` and check it.

    A file that holds no row of `force_id` at all is refused (it is another force's delivery);
    rows naming another force break the contract. Columns that name a person are replaced by
    pseudonyms under `pseudonym_key`, which such an extract needs."""
    spec = extract_spec(extract)
    if spec.pseudonymised and pseudonym_key is None:
        raise DeliveryError(f"{path}: {extract} names people and no pseudonym key was given")
    if not path.exists():
        raise DeliveryError(f"{path}: no {extract} delivery for {month:%Y-%m} (file not found)")
    sha256 = sha256_of(path)
    parsed, frame = read_delivery(path)
    # Published files (data.police.uk) name their columns their own way and carry no force.
    frame = spec.conform(frame, force_id)
    _refuse_other_forces_file(path, frame, force_id)
    try:
        result = validate(extract, f"{month:%Y-%m}", frame, force_id)
    except HeaderError as error:
        problems = "; ".join(error.problems)
        raise DeliveryError(
            f"{path}: row 1 (header) breaks the {extract} contract: {problems}"
        ) from error
    except UndeclaredFormat as error:
        raise DeliveryError(f"{path}: {extract} names people and {error}") from error
    good = result.good
    for column in spec.pseudonymised:
        good[column] = pseudonym_key.pseudonymise(force_id, good[column])  # type: ignore[union-attr]
    delivered = DeliveredFile(
        extract, month, path, force_id, sha256, parsed.rows_delivered, landed_at(path)
    )
    rejects = _with_malformed(result.rejects, parsed)
    return CheckedDelivery(
        file=delivered,
        good=good,
        rejects=rejects,
        text=parsed.text_of(),
        examples=rule_examples(frame, rejects, (*spec.personal, *spec.pseudonymised)),
    )


def store_delivery(
    con: duckdb.DuckDBPyConnection, delivery: CheckedDelivery, max_rejected_share: float
) -> LoadReport:
    """Replace the force's month of the extract with the checked delivery, in one transaction,
    after the rule that needs the warehouse (an outcome not dated before its crime). A delivery
    with more than `max_rejected_share` of its rows (or all of them) rejected is refused whole
    (RefusedDelivery) and the month keeps what it had."""
    con.execute("BEGIN TRANSACTION")
    try:
        good, rejects = delivery.good, delivery.rejects
        if delivery.file.extract == "outcomes":
            good, rejects = _outcomes_before_their_crime(con, delivery.file.force_id, good, rejects)
        report = LoadReport(
            file=delivery.file,
            rows_loaded=len(good),
            rows_rejected=int(rejects["row_number"].nunique()),
            rejects_by_rule={str(k): int(v) for k, v in rejects["rule"].value_counts().items()},
        )
        _refuse_if_mostly_rejected(con, delivery, rejects, report, max_rejected_share)
        rejects = rejects.assign(raw_record=rejects["row_number"].map(delivery.text))
        _replace_month(con, report, good, rejects)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


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
    (`check_delivery`, then `store_delivery`). A refused file leaves the month as it was."""
    checked = check_delivery(extract, month, path, force_id, pseudonym_key)
    return store_delivery(con, checked, max_rejected_share)


def _refuse_if_mostly_rejected(
    con: duckdb.DuckDBPyConnection,
    delivery: CheckedDelivery,
    rejects: pd.DataFrame,
    report: LoadReport,
    max_share: float,
) -> None:
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
    if reason is not None:
        raise RefusedDelivery(reason, file, report.rejects_by_rule)


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
    return good[~is_early].reset_index(drop=True), _sorted(pd.concat([rejects, found]))


def _with_malformed(rejects: pd.DataFrame, parsed: ParsedFile) -> pd.DataFrame:
    """The contract's rejects and the rows the CSV reader could not split, in row order."""
    if not parsed.malformed:
        return rejects
    malformed = pd.DataFrame(
        {
            "row_number": [r.row_number for r in parsed.malformed],
            "rule": [r.rule for r in parsed.malformed],
            "column_name": [None] * len(parsed.malformed),
        }
    )
    return _sorted(pd.concat([rejects, malformed]))


def _sorted(rejects: pd.DataFrame) -> pd.DataFrame:
    return rejects.sort_values("row_number", kind="stable").reset_index(drop=True)


def _refuse_other_forces_file(path: Path, frame: pd.DataFrame, force_id: str) -> None:
    """A file with rows but none of `force_id` is another force's delivery, misplaced: loading
    it would empty the force's month, so it is refused whole. A file mixing forces loads, and
    the other forces' rows are quarantined by the contract's force rule."""
    if "force_id" not in frame or frame.empty:
        return
    forces = frame["force_id"].fillna("").astype(str).str.strip()
    if (forces == force_id).any() or (forces == "").all():
        return
    named = forces[forces != ""].value_counts()
    found = ", ".join(f"{force!r} ({rows:,} rows)" for force, rows in named.items())
    raise DeliveryError(
        f"{path}: holds no rows of {force_id}, the force this run loads; its rows are of {found}. "
        f"Nothing was loaded from it; deliver {force_id}'s file in its place"
    )


def _replace_month(
    con: duckdb.DuckDBPyConnection,
    report: LoadReport,
    good: pd.DataFrame,
    rejects: pd.DataFrame,
) -> None:
    """Inside the caller's transaction: replace the force's month: rows, rejects, bookkeeping.
    Every good row is of the file's force (the contract's force rule): no other force is touched."""
    delivered = report.file
    extract, month, force_id, source = (
        delivered.extract,
        delivered.month,
        delivered.force_id,
        str(delivered.path),
    )
    data_columns = list(EXTRACT_COLUMNS[extract])
    columns = [*data_columns, *LOAD_COLUMNS]
    views = {"good_rows": good, "reject_rows": rejects}
    try:
        for name, frame in views.items():
            con.register(name, frame)
        record_withdrawals(con, extract, month, force_id, source, "good_rows")
        con.execute(
            f"DELETE FROM raw.{extract} WHERE month = ? AND force_id = ?", [month, force_id]
        )
        con.execute(
            f"INSERT INTO raw.{extract} ({', '.join(columns)}) "
            f"SELECT {', '.join(data_columns)}, ?, ?, _row_number, now() FROM good_rows",
            [month, source],
        )
        con.execute(
            "DELETE FROM raw.rejects WHERE extract = ? AND month = ? AND force_id = ?",
            [extract, month, force_id],
        )
        con.execute(
            "INSERT INTO raw.rejects (extract, month, force_id, source_file, row_number, rule, "
            "column_name, raw_record, rejected_at) "
            "SELECT ?, ?, ?, ?, row_number, rule, column_name, raw_record, now() "
            "FROM reject_rows",
            [extract, month, force_id, source],
        )
        record_correction(
            con,
            extract,
            month,
            force_id,
            source,
            delivered.sha256,
            report.rows_loaded,
            delivered.landed_at,
        )
        # a corrected re-delivery keeps the month's first landing: punctuality is the first file's
        earlier = con.execute(
            "SELECT min(landed_at) FROM raw.loads WHERE extract = ? AND month = ? AND force_id = ?",
            [extract, month, force_id],
        ).fetchone()[0]
        con.execute(
            "DELETE FROM raw.loads WHERE extract = ? AND month = ? AND force_id = ?",
            [extract, month, force_id],
        )
        con.execute(
            "INSERT INTO raw.loads (extract, month, force_id, source_file, sha256, "
            "rows_delivered, rows_loaded, rows_rejected, loaded_at, landed_at, due_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?)",
            [
                extract,
                month,
                force_id,
                source,
                delivered.sha256,
                delivered.rows_delivered,
                report.rows_loaded,
                report.rows_rejected,
                min(filter(None, (earlier, delivered.landed_at))),
                extract_spec(extract).due.date_for(month),
            ],
        )
    finally:
        for name in views:
            con.unregister(name)
