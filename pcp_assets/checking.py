"""Check one month's delivery of one extract against its contract, without the warehouse.

The file is read into a DuckDB of its own (data_contracts/reader.py: DuckDB's CSV reader for a
plain file, the Python reader for any other), put under the extract's column names, and judged by
the contract compiled to one query (data_contracts/validate.py). What is checked here needs no
warehouse, so a run checks its months side by side (pcp_assets/ingest.py); pcp_assets/loading.py
stores them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd

from data_contracts.calendar import UK_TIME
from data_contracts.delivery import FileError, Malformed
from data_contracts.nominal_ids import UndeclaredFormat
from data_contracts.reader import TABLE, ReadFile, field, read_into
from data_contracts.registry import extract as extract_spec
from data_contracts.sql import lit, q
from data_contracts.validate import check_header, judge
from pcp_assets.pseudonyms import PseudonymKey
from pcp_assets.refusal import rule_examples


class DeliveryError(Exception):
    """A delivery that cannot be loaded at all (missing file, unreadable file, broken header)."""


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


def file_bytes(path: Path) -> bytes:
    """The file's bytes as they lie. Raises DeliveryError for a file that cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise DeliveryError(f"{path}: the file cannot be read ({error.strerror})") from error


def read_delivery(
    con: duckdb.DuckDBPyConnection, path: Path, data: bytes | None = None
) -> ReadFile:
    """The file as delivered (`data`, its bytes, when they were read already), in the table
    `delivery` of `con` (data_contracts/reader.py); a gzipped file decompressed."""
    data = file_bytes(path) if data is None else data
    if path.suffix == ".gz":
        # data.police.uk downloads may be gzipped (`.csv.gz`), as published
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as error:
            raise DeliveryError(
                f"{path}: the gzip file is truncated or corrupt ({error}); download it again"
            ) from error
    try:
        return read_into(con, path, data)
    except FileError as error:
        raise DeliveryError(f"{path}: {error}") from error


# This process's in-memory DuckDB for checking files, by process id: a forked child makes its own.
_CHECKING_DATABASES: dict[int, duckdb.DuckDBPyConnection] = {}


def scratch() -> duckdb.DuckDBPyConnection:
    """A connection of its own for checking one file (its temporary tables go when it is closed),
    to this process's in-memory DuckDB, made once: one thread, as months are checked side by side
    (pcp_assets/ingest.py), and rows are numbered in the order the reader reads them."""
    database = _CHECKING_DATABASES.get(os.getpid())
    if database is None:
        database = _CHECKING_DATABASES[os.getpid()] = duckdb.connect(config={"threads": 1})
    return database.cursor()


@dataclass(frozen=True)
class CheckedDelivery:
    """A month's delivery read and checked against its contract, not yet stored: what a process
    without the warehouse can do (pcp_assets/ingest.py checks months side by side)."""

    file: DeliveredFile
    good: pd.DataFrame  # typed extract columns + _row_number, person columns pseudonymised
    rejects: pd.DataFrame  # row_number, rule, column_name
    text: dict[int, str]  # each rejected row's text as delivered, by row number
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
    data = file_bytes(path)  # read once: its digest, then its rows
    sha256 = hashlib.sha256(data).hexdigest()
    with scratch() as con:
        read = read_delivery(con, path, data)
        # Published files (data.police.uk) name their columns their own way and carry no force.
        columns = spec.file_columns(read.header)
        problems = check_header(extract, columns)
        if problems:
            raise DeliveryError(
                f"{path}: row 1 (header) breaks the {extract} contract: {'; '.join(problems)}"
            )
        conformed = _conformed(spec.columns, columns, len(read.header), force_id)
        try:
            result = judge(con, f"({conformed})", extract, f"{month:%Y-%m}", force_id)
        except UndeclaredFormat as error:
            raise DeliveryError(f"{path}: {extract} names people and {error}") from error
        _refuse_other_forces_file(con, path, force_id)
        rejects = _with_malformed(result.rejects, read.malformed)
        text = {m.row_number: m.text for m in read.malformed} | _texts(con)
        examples = rule_examples(
            partial(_value, con), rejects, (*spec.personal, *spec.pseudonymised)
        )
    good = result.good
    for column in spec.pseudonymised:
        good[column] = pseudonym_key.pseudonymise(force_id, good[column])  # type: ignore[union-attr]
    delivered = DeliveredFile(
        extract, month, path, force_id, sha256, read.rows_delivered, landed_at(path)
    )
    return CheckedDelivery(file=delivered, good=good, rejects=rejects, text=text, examples=examples)


def _conformed(columns: tuple[str, ...], sources: list[str], fields: int, force_id: str) -> str:
    """The delivery under the extract's columns, each from its field of the file; a column past
    the file's `fields` (the force of a published file) is the force of its file name."""
    place = {column: i for i, column in enumerate(sources)}
    selected = [
        f"{field(place[c])} AS {c}" if place[c] < fields else f"{lit(force_id)} AS {c}"
        for c in columns
    ]
    return f"SELECT _position, _row_number, {', '.join(selected)} FROM {TABLE}"


def _texts(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The rows as delivered of the contract's rejects."""
    found = con.execute(
        f"SELECT _row_number, _text FROM {TABLE} WHERE _row_number IN "
        "(SELECT _row_number FROM judged WHERE len(_broken) > 0)"
    ).fetchall()
    return dict(found)


def _value(con: duckdb.DuckDBPyConnection, row_number: int, column: str) -> str:
    """A value of the delivery as the contract saw it (trimmed)."""
    [(value,)] = con.execute(
        f"SELECT {q(column)} FROM judged WHERE _row_number = ?", [row_number]
    ).fetchall()
    return value


def _with_malformed(rejects: pd.DataFrame, malformed_rows: list[Malformed]) -> pd.DataFrame:
    """The contract's rejects and the rows the CSV reader could not split, in row order."""
    if not malformed_rows:
        return rejects
    malformed = pd.DataFrame(
        {
            "row_number": [r.row_number for r in malformed_rows],
            "rule": [r.rule for r in malformed_rows],
            "column_name": [None] * len(malformed_rows),
        }
    )
    return sorted_by_row(pd.concat([rejects, malformed]))


def sorted_by_row(rejects: pd.DataFrame) -> pd.DataFrame:
    """Rejects in row order (a row's rules in the order found)."""
    return rejects.sort_values("row_number", kind="stable").reset_index(drop=True)


def _refuse_other_forces_file(con: duckdb.DuckDBPyConnection, path: Path, force_id: str) -> None:
    """A file with rows but none of `force_id` is another force's delivery, misplaced: loading
    it would empty the force's month, so it is refused whole. A file mixing forces loads, and
    the other forces' rows are quarantined by the contract's force rule."""
    forces = con.execute(
        "SELECT force_id, count(*) AS n FROM judged GROUP BY force_id "
        "ORDER BY n DESC, min(_position)"
    ).fetchall()
    named = [(force, rows) for force, rows in forces if force != ""]
    if not named or any(force == force_id for force, _ in named):
        return
    found = ", ".join(f"{force!r} ({rows:,} rows)" for force, rows in named)
    raise DeliveryError(
        f"{path}: holds no rows of {force_id}, the force this run loads; its rows are of {found}. "
        f"Nothing was loaded from it; deliver {force_id}'s file in its place"
    )
