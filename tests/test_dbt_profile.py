"""The dbt profile's DuckDB settings reach the connection dbt builds with."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.dbt_cli import dbt


def duckdb_renders(memory_limit: str | None = None) -> str:
    """How DuckDB itself reports `memory_limit` once set (6GB as 5.5 GiB), or its own default."""
    with duckdb.connect() as con:
        if memory_limit is not None:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        [(shown,)] = con.execute("SELECT current_setting('memory_limit')").fetchall()
    return shown


def dbt_memory_limit(warehouse: Path, environment: dict[str, str]) -> str:
    """The memory limit of dbt's own DuckDB connection to `warehouse`."""
    result = dbt(
        warehouse,
        "show",
        "--inline",
        "select current_setting('memory_limit') as memory_limit",
        "--output",
        "json",
        "--log-format",
        "json",
        target="target",
        environment=environment,
    )
    for line in result.stdout.splitlines():
        preview = json.loads(line).get("data", {}).get("preview")
        if preview:
            [row] = json.loads(preview)
            return row["memory_limit"]
    raise AssertionError(f"dbt show printed no rows: {result.stdout[-2000:]}")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({}, "6GB"), ({"PCP_DBT_MEMORY_LIMIT": "1GB"}, "1GB")],
    ids=["default", "PCP_DBT_MEMORY_LIMIT"],
)
def test_dbt_builds_under_a_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    """Not DuckDB's default of 80% of the machine: a national month's build took 18.5 GB of it
    (docs/performance.md)."""
    monkeypatch.delenv("PCP_DBT_MEMORY_LIMIT", raising=False)
    assert duckdb_renders(expected) != duckdb_renders()
    assert dbt_memory_limit(tmp_path / "pcp.duckdb", environment) == duckdb_renders(expected)
