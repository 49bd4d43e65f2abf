"""Snapshot of the asset graph: any change to assets, checks, jobs or schedules shows in review.

After an intended change, refresh it with `PCP_UPDATE_SNAPSHOTS=1 make test` and commit it (never in
CI, where a rewrite would make the test pass whatever the graph).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from tests.conftest import in_ci

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


@cache  # one build (and dbt parse) for the module's tests
def describe_graph() -> dict[str, list[str]]:
    from orchestration.definitions import build_definitions

    defs = build_definitions(Settings.from_env())
    graph = defs.resolve_asset_graph()
    return {
        "assets": sorted(key.to_user_string() for key in graph.get_all_asset_keys()),
        "checks": sorted(
            f"{check.asset_key.to_user_string()}:{check.name}" for check in graph.asset_check_keys
        ),
        "jobs": sorted(
            job.name for job in defs.resolve_all_job_defs() if not job.name.startswith("__")
        ),
        "schedules": sorted(schedule.name for schedule in defs.schedules or []),
    }


def test_asset_graph_matches_snapshot() -> None:
    graph = describe_graph()
    if os.environ.get("PCP_UPDATE_SNAPSHOTS") == "1":
        if in_ci():
            pytest.fail("PCP_UPDATE_SNAPSHOTS is refused in CI: refresh the snapshot locally")
        SNAPSHOT.write_text(json.dumps(graph, indent=2) + "\n")
    assert graph == json.loads(SNAPSHOT.read_text())


def test_every_mart_and_raw_extract_is_checked() -> None:
    graph = describe_graph()
    checked = {check.split(":")[0] for check in graph["checks"]}
    # the location's source's raw extracts (another source's raw tables are external assets here)
    source = source_named(Settings.from_env().source)
    expected = {a for a in graph["assets"] if a.startswith("marts/")} | {
        f"raw/{extract}" for extract in source.extracts
    }
    assert expected <= checked


def test_snapshot_update_is_refused_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    before = SNAPSHOT.read_bytes()
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PCP_UPDATE_SNAPSHOTS", "1")
    with pytest.raises(pytest.fail.Exception, match="refused in CI"):
        test_asset_graph_matches_snapshot()
    assert SNAPSHOT.read_bytes() == before
