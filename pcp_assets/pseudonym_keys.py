"""The key a warehouse's pseudonyms were made under, recorded by its fingerprint, never the key
(docs/personal-data.md, "Changing the key").

Pseudonyms made under two keys never join: a month loaded under another key would split every
person in two without a word. The first load of a force records the fingerprint of its key in
`raw.pseudonym_keys`; a run under another key is refused before anything of it loads (by `pcp run`
before it starts, and by every raw asset of the source, so runs from the UI and the schedule are
refused too), and `pcp rekey` re-pseudonymises the history under the new key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from pathlib import Path

import duckdb

from data_contracts.registry import names_people
from pcp_assets.pseudonyms import (
    DEVELOPMENT_KEY,
    PseudonymKey,
    PseudonymKeyMissing,
    pseudonym_key,
)
from pcp_assets.settings import Settings
from pcp_assets.warehouse import open_warehouse

FINGERPRINT_HEX_DIGITS = 12


class PseudonymKeyChanged(Exception):
    """The run's key is not the one the warehouse's pseudonyms of the force were made under."""


def fingerprint(key: PseudonymKey, force_id: str) -> str:
    """A short HMAC of a fixed label under the key, per force: it tells keys apart and says
    nothing of the key. The label starts with a control character, which no pseudonymised
    message (force id, then nominal ID) can, so a fingerprint is never a pseudonym."""
    message = f"\x1epcp pseudonym key fingerprint\x1f{force_id}".encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()[:FINGERPRINT_HEX_DIGITS]


def run_key(settings: Settings, extracts: Iterable[str], folder: Path) -> PseudonymKey | None:
    """The key a run of `extracts` from `folder` pseudonymises with; None when none of them
    names people, or when no key is set (each delivery naming people is then refused for it)."""
    if not any(names_people(name) for name in extracts):
        return None
    try:
        return pseudonym_key(settings.pseudonym_key, folder)
    except PseudonymKeyMissing:
        return None


def recorded_fingerprint(con: duckdb.DuckDBPyConnection, force_id: str) -> str | None:
    """The fingerprint the warehouse records for the force; None before its first load (or in a
    warehouse made before fingerprints were recorded: its next load records the run's key)."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'raw' AND table_name = 'pseudonym_keys'"
    ).fetchone()[0]
    if not has_table:
        return None
    row = con.execute(
        "SELECT fingerprint FROM raw.pseudonym_keys WHERE force_id = ?", [force_id]
    ).fetchone()
    return row[0] if row else None


def record_fingerprint(con: duckdb.DuckDBPyConnection, force_id: str, key: PseudonymKey) -> None:
    con.execute("DELETE FROM raw.pseudonym_keys WHERE force_id = ?", [force_id])
    con.execute(
        "INSERT INTO raw.pseudonym_keys (force_id, fingerprint, recorded_at) VALUES (?, ?, now())",
        [force_id, fingerprint(key, force_id)],
    )


def _is_development(fingerprint_: str, force_id: str) -> bool:
    return fingerprint_ == fingerprint(PseudonymKey(DEVELOPMENT_KEY), force_id)


def _named(fingerprint_: str, force_id: str) -> str:
    development = _is_development(fingerprint_, force_id)
    return fingerprint_ + (" (the development key of generated data)" if development else "")


def changed_message(settings: Settings, recorded: str, key: PseudonymKey) -> str:
    force = settings.force_id
    setting = "PCP_PSEUDONYM_KEY" if settings.pseudonym_key else "PCP_PSEUDONYM_KEY not set"
    back = (
        "unset PCP_PSEUDONYM_KEY"
        if _is_development(recorded, force)
        else "set PCP_PSEUDONYM_KEY back to the earlier key"
    )
    return (
        f"{force}'s pseudonyms in the warehouse were made under the key with fingerprint "
        f"{_named(recorded, force)}, and this run's key ({setting}) has fingerprint "
        f"{_named(fingerprint(key, force), force)}: nothing was loaded. To go on, {back}, or "
        "re-pseudonymise the history under the new key with `pcp rekey` (docs/personal-data.md)"
    )


def _refuse_if_changed(settings: Settings, recorded: str | None, key: PseudonymKey) -> None:
    if recorded is not None and recorded != fingerprint(key, settings.force_id):
        raise PseudonymKeyChanged(changed_message(settings, recorded, key))


def settle_key(
    con: duckdb.DuckDBPyConnection, settings: Settings, key: PseudonymKey | None
) -> None:
    """Record the key's fingerprint at the force's first load; raise PseudonymKeyChanged when the
    warehouse's pseudonyms of the force were made under another key."""
    if key is None:
        return
    recorded = recorded_fingerprint(con, settings.force_id)
    _refuse_if_changed(settings, recorded, key)
    if recorded is None:
        record_fingerprint(con, settings.force_id, key)


def refuse_another_key(settings: Settings, extracts: Iterable[str], folder: Path) -> None:
    """Before a run starts: raise PseudonymKeyChanged when its key is not the warehouse's."""
    key = run_key(settings, extracts, folder)
    if key is None or not settings.duckdb_path.exists():
        return
    with open_warehouse(settings.duckdb_path, read_only=True) as con:
        _refuse_if_changed(settings, recorded_fingerprint(con, settings.force_id), key)
