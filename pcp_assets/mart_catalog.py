"""What the dbt project says about each mart, as publication needs it: its description, its
columns' descriptions and types (written into the analysts' DuckDB copy, so SQL tools show them,
and into the data dictionary), its key and its small-count rule (pcp_assets/small_counts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pcp_assets.dbt_manifest import read_manifest
from pcp_assets.mart_suites import suite_for
from pcp_assets.small_counts import SmallCounts

MARTS_SCHEMA = "marts"


@dataclass(frozen=True)
class MartEntry:
    name: str
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # column -> description
    small_counts: SmallCounts | None = None
    data_types: dict[str, str] = field(default_factory=dict)  # column -> type (its contract)
    key: tuple[str, ...] = ()


def _meta(node: Mapping[str, Any]) -> Mapping[str, Any]:
    return node.get("config", {}).get("meta") or node.get("meta") or {}


def catalog_from_manifest(manifest: Mapping[str, Any]) -> tuple[MartEntry, ...]:
    """One entry per model in schema `marts`, in name order."""
    entries = []
    for model_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node.get("schema") != MARTS_SCHEMA:
            continue
        meta = _meta(node)
        rule = (
            SmallCounts(tuple(meta["small_counts"]), tuple(meta.get("small_counts_withheld", ())))
            if meta.get("small_counts")
            else None
        )
        columns = {name: (c.get("description") or "") for name, c in node["columns"].items()}
        types = {name: c.get("data_type") or "" for name, c in node["columns"].items()}
        key = suite_for(manifest, model_id).keys
        entries.append(
            MartEntry(node["name"], node.get("description") or "", columns, rule, types, key)
        )
    return tuple(sorted(entries, key=lambda e: e.name))


def mart_catalog() -> tuple[MartEntry, ...]:
    return catalog_from_manifest(read_manifest())
