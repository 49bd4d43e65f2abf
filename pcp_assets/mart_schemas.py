"""Marts whose columns in the warehouse are not the columns their contract declares now: a newer
version of the project added, renamed or dropped a column, or a mart new in this version. The
marts are incremental and refuse to drift (`on_schema_change: fail`), and a build writes only its
run's months, so such a mart is rebuilt whole, every month and force from staging (with the views
upstream of it), before the run's build (pcp_assets/transform.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb


def _declared(node: Mapping[str, Any]) -> list[str]:
    return [column.lower() for column in node["columns"]]


def drifted_marts(con: duckdb.DuckDBPyConnection, manifest: Mapping[str, Any]) -> list[str]:
    """The incremental models with an enforced contract whose table has other columns, or is
    missing from a warehouse whose marts were built before (a mart new in this version)."""
    ((built_before,),) = con.execute(
        "SELECT count(*) > 0 FROM information_schema.tables WHERE table_schema = 'marts'"
    ).fetchall()
    if not built_before:  # a new warehouse: its first run builds every month it has
        return []
    columns: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "ORDER BY table_schema, table_name, ordinal_position"
    ).fetchall():
        columns.setdefault((schema, table), []).append(column.lower())
    drifted = []
    for node in manifest["nodes"].values():
        config = node.get("config", {})
        if node["resource_type"] != "model" or config.get("materialized") != "incremental":
            continue
        if not config.get("contract", {}).get("enforced"):
            continue
        if columns.get((node["schema"], node["alias"]), []) != _declared(node):
            drifted.append(node["name"])
    return sorted(drifted)


def rebuild_selection(marts: list[str]) -> str:
    """dbt's selection of the marts, the views upstream of them (a view of this version may
    select columns the warehouse's older view lacks) and the seeds those read, as one value:
    other marts upstream are as their own columns say."""
    return " ".join(
        f"+{mart},config.materialized:view +{mart},resource_type:seed {mart}" for mart in marts
    )


def dbt_errors(run_results: Mapping[str, Any]) -> list[str]:
    """`<node>: <dbt's message, first line>` for every node of a build that errored (not a test
    that found rows: those are said with their rows, pcp_assets/dbt_test_findings.py)."""
    return [
        f"{result['unique_id'].split('.')[-1]}: "
        f"{(result.get('message') or 'failed').strip().splitlines()[0]}"
        for result in run_results.get("results", [])
        if result.get("status") == "error"
    ]
