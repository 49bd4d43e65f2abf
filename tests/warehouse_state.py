"""What a run leaves behind, in a form tests can compare; one figure of a mart."""

from __future__ import annotations

from pathlib import Path

import duckdb

MARTS = ("crime_volume", "outcome_rates", "outcome_counts", "response_times")


def mart_fingerprint(database: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent content hash of every mart."""
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            mart: con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM marts.{mart} AS t"
            ).fetchone()
            for mart in MARTS
        }


def warehouse_value(database: Path, sql: str) -> int:
    """The one whole number `sql` selects."""
    with duckdb.connect(str(database), read_only=True) as con:
        return int(con.execute(sql).fetchone()[0])
