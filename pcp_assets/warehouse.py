"""The DuckDB warehouse as a Dagster resource: one file, one writer at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.settings import Settings

# Every asset that writes to the DuckDB file runs in this pool; its limit of one is set in the
# Dagster instance (orchestration/dagster.yaml), because DuckDB allows a single writing process.
DUCKDB_POOL = "duckdb_writer"


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened: damaged, not a DuckDB file, or held by a writer."""


# DuckDB's words when another process has the file open: `... (PID 1234) ...`.
_LOCK_HOLDER = re.compile(r"Could not set lock.*?\(PID (\d+)\)", re.DOTALL)


def held_by_another(path: Path, pid: str | None) -> str:
    holder = f" (pid {pid})" if pid else ""
    return f"another run holds the warehouse {path}{holder}; wait for it to finish"


def open_warehouse(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        if (held := _LOCK_HOLDER.search(str(error))) is not None:
            raise WarehouseError(held_by_another(path, held[1])) from error
        reason = str(error).splitlines()[0]
        raise WarehouseError(
            f"{path}: the warehouse cannot be opened ({reason}). If another process holds it, "
            "wait for it; if the file is damaged or not a DuckDB database, move it aside and run "
            "again: the landing files rebuild it"
        ) from error


class Warehouse(dg.ConfigurableResource):
    path: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Warehouse:
        return cls(path=str(settings.duckdb_path))

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = open_warehouse(Path(self.path), read_only=read_only)
        try:
            if not read_only:
                create_raw_tables(con)
            yield con
        finally:
            con.close()
