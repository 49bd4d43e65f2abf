"""One `pcp run` or `pcp backfill` at a time on a warehouse.

DuckDB lets one process write a file, and a run opens and closes it step by step: a second run
started beside it would fail part-way on DuckDB's lock, in tracebacks. Instead each run holds an
advisory lock on `<warehouse>.run-lock` (holding its pid) from before it reads the warehouse to its
end, and a second run stops before it starts, in one line. The lock goes with the process, however
it ends. Runs the Dagster UI launches do not take it; the warehouse's own lock names their holder
(pcp_assets/warehouse.py).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pcp_assets.warehouse import WarehouseError, held_by_another


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".run-lock")


@contextmanager
def holding_warehouse(warehouse: Path) -> Iterator[None]:
    """This process's run holds the warehouse while the block runs; WarehouseError naming the
    holder's pid when another run does."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise WarehouseError(held_by_another(warehouse, holder or None)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
