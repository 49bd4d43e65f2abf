"""Re-pseudonymise a force's history under a new key (`pcp rekey`, docs/personal-data.md).

A pseudonym is an HMAC of the nominal ID, which the warehouse does not keep: the new pseudonyms
are made from the landed deliveries. Every month of an extract naming people that the warehouse
loaded is read again from its file, checked as a run checks it, and its rows' pseudonyms replaced
by row number; then the new key's fingerprint is recorded. All in one transaction: the warehouse
is either wholly under the old key or wholly under the new one. A delivery no longer in the
landing folder as it was loaded (removed, or changed since) stops the re-key before anything
changes, naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from data_contracts.registry import extract as extract_spec
from data_contracts.registry import names_people
from pcp_assets.checking import CheckedDelivery, DeliveryError, sha256_of
from pcp_assets.ingest import ForceMonth, checked_months
from pcp_assets.pseudonym_keys import fingerprint, record_fingerprint, recorded_fingerprint
from pcp_assets.pseudonyms import PseudonymKey, pseudonym_key
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.warehouse import Warehouse


class RekeyRefused(Exception):
    """The history cannot be re-keyed from the landing folder; nothing was changed."""


@dataclass(frozen=True)
class Rekeyed:
    old: str | None  # the fingerprint recorded before; None when none was
    new: str
    rows: dict[str, int]  # rows re-pseudonymised per extract
    months: list[date]  # the force's loaded months


def _loaded(
    con: duckdb.DuckDBPyConnection, extracts: list[str], force_id: str
) -> list[tuple[str, date, str]]:
    return con.execute(
        "SELECT extract, month, sha256 FROM raw.loads "
        "WHERE force_id = ? AND extract IN (SELECT unnest(?)) ORDER BY extract, month",
        [force_id, extracts],
    ).fetchall()


def _changed(path: Path, sha256: str) -> str | None:
    """Why the file is not the delivery the warehouse loaded, if it is not."""
    try:
        return None if sha256_of(path) == sha256 else "it has changed since it was loaded"
    except OSError:
        return "it is not in the landing folder"


def rekey_history(settings: Settings) -> Rekeyed:
    """Replace the force's pseudonyms in `raw` by those of the run's key and record its
    fingerprint. Raises RekeyRefused (nothing changed) when a loaded delivery cannot be read again
    as it was loaded."""
    source = source_named(settings.source)
    force = settings.force_id
    extracts = [name for name in source.extracts if names_people(name)]
    key: PseudonymKey = pseudonym_key(settings.pseudonym_key, source.folder(settings))
    with Warehouse.from_settings(settings).connect() as con:
        old = recorded_fingerprint(con, force)
        loaded = _loaded(con, extracts, force) if extracts else []
        problems = []
        for extract, month, sha256 in loaded:
            path = source.delivery_path(settings, extract, month)
            why = _changed(path, sha256)
            if why:
                problems.append(f"{path}: {why}; put back the file loaded for {month:%Y-%m}")
        if problems:
            raise RekeyRefused("\n".join(problems))
        rows: dict[str, int] = {}
        con.execute("BEGIN TRANSACTION")
        try:
            for extract in extracts:
                months = [month for name, month, _ in loaded if name == extract]
                rows[extract] = sum(
                    _rekey_month(con, extract, force, delivery)
                    for delivery in checked_months(
                        source, extract, [ForceMonth(settings, month) for month in months]
                    )
                )
            record_fingerprint(con, force, key)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        all_months = sorted({month for _, month, _ in _loaded(con, list(source.extracts), force)})
    return Rekeyed(old=old, new=fingerprint(key, force), rows=rows, months=all_months)


def _rekey_month(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    force: str,
    delivery: CheckedDelivery | DeliveryError,
) -> int:
    """Replace the month's pseudonyms by the checked delivery's, row by row; the number of rows.
    The file is the one loaded (same SHA-256), so its good rows are the month's rows in raw."""
    if isinstance(delivery, DeliveryError):
        raise RekeyRefused(str(delivery))
    columns = extract_spec(extract).pseudonymised
    month = delivery.file.month
    frame = delivery.good[["_row_number", *columns]]
    [(in_raw,)] = con.execute(
        f"SELECT count(*) FROM raw.{extract} WHERE force_id = ? AND month = ?", [force, month]
    ).fetchall()
    if in_raw != len(frame):
        raise RekeyRefused(
            f"{delivery.file.path}: raw.{extract} holds {in_raw:,} rows of {month:%Y-%m} and the "
            f"file {len(frame):,} good ones; load it with `pcp run` under the earlier key first"
        )
    con.register("rekeyed", frame)
    try:
        assignments = ", ".join(f"{column} = r.{column}" for column in columns)
        con.execute(
            f"UPDATE raw.{extract} AS t SET {assignments} FROM rekeyed AS r "
            "WHERE t._row_number = r._row_number AND t.force_id = ? AND t.month = ?",
            [force, month],
        )
    finally:
        con.unregister("rekeyed")
    return len(frame)
