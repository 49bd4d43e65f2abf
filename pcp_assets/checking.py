"""Check a force's months' deliveries of one extract against its contract, without the warehouse.

Each file is read into a table of its own in an in-memory DuckDB (data_contracts/reader.py:
DuckDB's CSV reader for a plain file, the Python reader for any other) and put under the
extract's column names; the files are then judged together by the contract compiled to one query
(data_contracts/validate.py), its month a column of the rows. What is checked here needs no
warehouse, so a run checks runs of months side by side (pcp_assets/ingest.py);
pcp_assets/loading.py stores them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Sequence
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
from data_contracts.sql import FILE, lit, q
from data_contracts.validate import check_header, compiled, judge
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
    """One delivery checked (`check_deliveries`); raises DeliveryError for one that cannot be
    loaded at all."""
    [checked] = check_deliveries(extract, force_id, [(month, path)], pseudonym_key)
    if isinstance(checked, DeliveryError):
        raise checked
    return checked


@dataclass(frozen=True)
class _ReadDelivery:
    """A delivery read into its own table of the scratch connection, not yet judged."""

    file: DeliveredFile
    read: ReadFile
    table: str  # the table it was read into
    rows: str  # SQL: its rows under the extract's columns


def check_deliveries(
    extract: str,
    force_id: str,
    deliveries: Sequence[tuple[date, Path]],
    pseudonym_key: PseudonymKey | None = None,
) -> list[CheckedDelivery | DeliveryError]:
    """Read each of `force_id`'s deliveries of `extract` (its month and path) and check it, or say
    why it cannot be loaded at all, in the order given; their rows are judged together
    (data_contracts/validate.py `judge`).

    A file that holds no row of `force_id` at all is refused (it is another force's delivery);
    rows naming another force break the contract. Columns that name a person are replaced by
    pseudonyms under `pseudonym_key`, which such an extract needs."""
    results: dict[int, CheckedDelivery | DeliveryError] = {}
    with scratch() as con:
        read: dict[int, _ReadDelivery] = {}
        for place, (month, path) in enumerate(deliveries):
            try:
                read[place] = _read_one(con, place, extract, month, path, force_id, pseudonym_key)
            except DeliveryError as error:
                results[place] = error
        if read:
            results |= _judged(con, extract, force_id, read, pseudonym_key)
    return [results[place] for place in range(len(deliveries))]


def _judged(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    force_id: str,
    read: dict[int, _ReadDelivery],
    pseudonym_key: PseudonymKey | None,
) -> dict[int, CheckedDelivery | DeliveryError]:
    """The deliveries read (by their place among those asked for), judged by one query."""
    spec = extract_spec(extract)
    judged = judge(
        con, [(each.rows, f"{each.file.month:%Y-%m}") for each in read.values()], extract, force_id
    )
    other_forces = _other_forces(con, force_id)
    texts = _texts(con, [each.table for each in read.values()])
    results: dict[int, CheckedDelivery | DeliveryError] = {}
    for part, (place, each) in enumerate(read.items()):
        if part in other_forces:
            results[place] = DeliveryError(f"{each.file.path}: {other_forces[part]}")
            continue
        rejects = _with_malformed(judged[part].rejects, each.read.malformed)
        examples = rule_examples(
            partial(_value, con, part), rejects, (*spec.personal, *spec.pseudonymised)
        )
        good = judged[part].good
        for column in spec.pseudonymised:
            good[column] = pseudonym_key.pseudonymise(force_id, good[column])  # type: ignore[union-attr]
        text = {m.row_number: m.text for m in each.read.malformed} | texts.get(part, {})
        results[place] = CheckedDelivery(
            file=each.file, good=good, rejects=rejects, text=text, examples=examples
        )
    return results


def _read_one(
    con: duckdb.DuckDBPyConnection,
    place: int,
    extract: str,
    month: date,
    path: Path,
    force_id: str,
    pseudonym_key: PseudonymKey | None,
) -> _ReadDelivery:
    """A delivery read into a table of its own (`delivery_<place>`), its header checked against
    the contract."""
    spec = extract_spec(extract)
    if spec.pseudonymised and pseudonym_key is None:
        raise DeliveryError(f"{path}: {extract} names people and no pseudonym key was given")
    if not path.exists():
        raise DeliveryError(f"{path}: no {extract} delivery for {month:%Y-%m} (file not found)")
    data = file_bytes(path)  # read once: its digest, then its rows
    read = read_delivery(con, path, data)
    # Published files (data.police.uk) name their columns their own way and carry no force.
    columns = spec.file_columns(read.header)
    problems = check_header(extract, columns)
    if problems:
        raise DeliveryError(
            f"{path}: row 1 (header) breaks the {extract} contract: {'; '.join(problems)}"
        )
    try:  # the contract, compiled once (cached) for `judge`, may need what the force lacks
        compiled(extract, f"{month:%Y-%m}", force_id)
    except UndeclaredFormat as error:
        raise DeliveryError(f"{path}: {extract} names people and {error}") from error
    table = f"{TABLE}_{place}"
    con.execute(f"ALTER TABLE {TABLE} RENAME TO {table}")
    delivered = DeliveredFile(
        extract,
        month,
        path,
        force_id,
        hashlib.sha256(data).hexdigest(),
        read.rows_delivered,
        landed_at(path),
    )
    rows = _conformed(table, spec.columns, columns, len(read.header), force_id)
    return _ReadDelivery(delivered, read, table, rows)


def _conformed(
    table: str, columns: tuple[str, ...], sources: list[str], fields: int, force_id: str
) -> str:
    """The delivery read into `table` under the extract's columns, each from its field of the
    file; a column past the file's `fields` (the force of a published file) is the force of its
    file name."""
    place = {column: i for i, column in enumerate(sources)}
    selected = [
        f"{field(place[c])} AS {c}" if place[c] < fields else f"{lit(force_id)} AS {c}"
        for c in columns
    ]
    return f"(SELECT _position, _row_number, {', '.join(selected)} FROM {table})"


def _texts(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[int, dict[int, str]]:
    """The rows as delivered of the contract's rejects, by file (its place among those judged)
    and row number."""
    if not tables:
        return {}
    delivered = " UNION ALL ".join(
        f"SELECT {part} AS {FILE}, _row_number, _text FROM {table}"
        for part, table in enumerate(tables)
    )
    found = con.execute(
        f"SELECT {FILE}, _row_number, _text FROM ({delivered}) "
        f"WHERE ({FILE}, _row_number) IN "
        f"(SELECT ({FILE}, _row_number) FROM judged WHERE len(_broken) > 0)"
    ).fetchall()
    texts: dict[int, dict[int, str]] = {}
    for part, row_number, text in found:
        texts.setdefault(part, {})[row_number] = text
    return texts


def _value(con: duckdb.DuckDBPyConnection, part: int, row_number: int, column: str) -> str:
    """A value of a delivery as the contract saw it (trimmed)."""
    [(value,)] = con.execute(
        f"SELECT {q(column)} FROM judged WHERE {FILE} = ? AND _row_number = ?", [part, row_number]
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


def _other_forces(con: duckdb.DuckDBPyConnection, force_id: str) -> dict[int, str]:
    """Why a file with rows but none of `force_id` is refused, by file (its place among those
    judged): it is another force's delivery, misplaced, and loading it would empty the force's
    month. A file mixing forces loads, and the other forces' rows are quarantined by the
    contract's force rule."""
    found = con.execute(
        f"SELECT {FILE}, force_id, count(*) AS n FROM judged WHERE force_id <> '' "
        f"GROUP BY {FILE}, force_id ORDER BY {FILE}, n DESC, min(_position)"
    ).fetchall()
    named: dict[int, list[tuple[str, int]]] = {}
    for part, force, rows in found:
        named.setdefault(part, []).append((force, rows))
    return {
        part: (
            f"holds no rows of {force_id}, the force this run loads; its rows are of "
            + ", ".join(f"{force!r} ({rows:,} rows)" for force, rows in forces)
            + f". Nothing was loaded from it; deliver {force_id}'s file in its place"
        )
        for part, forces in named.items()
        if all(force != force_id for force, _ in forces)
    }
