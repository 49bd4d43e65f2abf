"""The dbt project's manifest as last parsed, and the grain each model declares: light to import
(no Dagster, no dbt), so the paper's code can read it. pcp_assets/transform.py parses the project
and puts the manifest here."""

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from pcp_assets.settings import DBT_PROJECT_DIR

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"


class ManifestMissing(FileNotFoundError):
    """The dbt project has not been parsed here yet."""


def read_manifest() -> dict[str, Any]:
    """The dbt manifest as parsed last; read once per parse, however many callers ask."""
    return _manifest_of(_parsed_at())


def declared_grains() -> dict[str, tuple[str, ...]]:
    """`<schema>.<name>` of every model and seed that declares its grain, with the grain."""
    return _grains_of(_parsed_at())


def _parsed_at() -> int:
    try:
        return MANIFEST_PATH.stat().st_mtime_ns
    except FileNotFoundError:
        raise ManifestMissing(
            f"{MANIFEST_PATH} is missing: the dbt project is parsed when the pipeline's "
            "definitions are built (any `pcp` command)"
        ) from None


@cache
def _manifest_of(mtime_ns: int) -> dict[str, Any]:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


@cache
def _grains_of(mtime_ns: int) -> dict[str, tuple[str, ...]]:
    manifest = _manifest_of(mtime_ns)
    grains = {}
    for node_id, node in manifest["nodes"].items():
        if node["resource_type"] in ("model", "seed"):
            key = declared_key(manifest, node_id)
            if key is not None:
                grains[f"{node['schema']}.{node['name']}"] = key
    return grains


def data_tests(manifest: Mapping[str, Any], node_id: str, test_name: str) -> list[dict[str, Any]]:
    """The generic data tests named `test_name` attached to a model or seed."""
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("attached_node") == node_id
        and node.get("test_metadata", {}).get("name") == test_name
    ]


def declared_key(manifest: Mapping[str, Any], node_id: str) -> tuple[str, ...] | None:
    """A model's or seed's grain: the columns of its one `unique_combination_of_columns` data
    test; None without exactly one."""
    key_tests = data_tests(manifest, node_id, "unique_combination_of_columns")
    if len(key_tests) != 1:
        return None
    return tuple(key_tests[0]["test_metadata"]["kwargs"]["combination_of_columns"])
