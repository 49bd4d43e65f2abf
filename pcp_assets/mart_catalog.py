"""What the dbt project says about each mart, as publication needs it: its description, its
columns' descriptions (written into the analysts' DuckDB copy, so SQL tools show them) and its
small-count rule (pcp_assets/small_counts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pcp_assets.small_counts import SmallCounts
from pcp_assets.transform import read_manifest

MARTS_SCHEMA = "marts"


@dataclass(frozen=True)
class MartEntry:
    name: str
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # column -> description
    small_counts: SmallCounts | None = None


def _meta(node: Mapping[str, Any]) -> Mapping[str, Any]:
    return node.get("config", {}).get("meta") or node.get("meta") or {}


def catalog_from_manifest(manifest: Mapping[str, Any]) -> tuple[MartEntry, ...]:
    """One entry per model in schema `marts`, in name order."""
    entries = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node.get("schema") != MARTS_SCHEMA:
            continue
        meta = _meta(node)
        rule = (
            SmallCounts(tuple(meta["small_counts"]), meta.get("total_when", "false"))
            if meta.get("small_counts")
            else None
        )
        columns = {name: (c.get("description") or "") for name, c in node["columns"].items()}
        entries.append(MartEntry(node["name"], node.get("description") or "", columns, rule))
    return tuple(sorted(entries, key=lambda e: e.name))


def mart_catalog() -> tuple[MartEntry, ...]:
    return catalog_from_manifest(read_manifest())
