"""Snapshot of the asset graph: any change to assets, checks, jobs or schedules shows in review.

After an intended change, refresh it with `PCP_UPDATE_SNAPSHOTS=1 make test` and commit it (never in
CI, where a rewrite would make the test pass whatever the graph).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import dagster as dg
import pytest

from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from tests.conftest import in_ci

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


@cache  # one build (and dbt parse) per source for the module's tests
def definitions(source: str | None = None) -> dg.Definitions:
    from orchestration.definitions import build_definitions

    settings = Settings.from_env()
    return build_definitions(replace(settings, source=source) if source else settings)


def describe_graph() -> dict[str, list[str]]:
    defs = definitions()
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


SOURCES = ["force_extracts", "police_uk"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_asset_is_described_in_a_group_and_built_here(source: str) -> None:
    """No stub the UI shows as never materialised: the other source's raw tables are not in the
    graph, and `raw.loads` is read from the raw assets that write it."""
    graph = definitions(source).resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert [k.to_user_string() for k in keys if not graph.get(k).description] == []
    assert [k.to_user_string() for k in keys if graph.get(k).group_name == "default"] == []
    assert [k.to_user_string() for k in keys if not graph.get(k).is_executable] == []
    loads_read_from = graph.get(dg.AssetKey(["staging", "stg_raw__loads"])).parent_keys
    assert {key.path[1] for key in loads_read_from} == set(source_named(source).extracts)


# A description is Markdown in the UI: a bare `<force_id>` is swallowed as an HTML tag (the paper's
# path read `reports/out/<force_id>//board_paper`); placeholders belong in code spans.
CODE_SPAN = re.compile(r"`[^`]*`")
SLIPS = {
    "a doubled slash": re.compile(r"(?<![:/])//"),
    "a bare <placeholder>": re.compile(r"<[^<>\s]*>"),
    "an empty placeholder": re.compile(r"\{\}|\(\s*\)|''"),
}
REPEATS = {
    "a repeated word": re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE),
    "two articles": re.compile(r"\b(a|an|the)\s+(?!\1\b)(a|an|the)\b", re.IGNORECASE),
    "an article before 'the'": re.compile(r"\b(a|an)\s+\w+\s+or\s+\w+\s+the\b", re.IGNORECASE),
}


def slips(text: str) -> list[str]:
    """What reads wrong in a description as the UI shows it (dagster-dbt appends a model's SQL
    under "#### Raw SQL": not prose, not read here)."""
    prose = text.split("#### Raw SQL")[0]
    found = [
        f"{name}: {m.group(0)!r}"
        for name, rule in SLIPS.items()
        for m in rule.finditer(CODE_SPAN.sub("`code`", prose))
    ]
    found += [
        f"{name}: {m.group(0)!r}" for name, rule in REPEATS.items() for m in rule.finditer(prose)
    ]
    return found


def descriptions(defs: dg.Definitions) -> dict[str, str]:
    """Every description the UI shows: assets, checks, jobs, sensors and schedules."""
    graph = defs.resolve_asset_graph()
    said = {
        f"asset {k.to_user_string()}": graph.get(k).description for k in graph.get_all_asset_keys()
    }
    said |= {
        f"check {k.to_user_string()}": graph.get_check_spec(k).description
        for k in graph.asset_check_keys
    }
    said |= {f"job {j.name}": j.description for j in defs.resolve_all_job_defs()}
    said |= {f"sensor {s.name}": s.description for s in defs.sensors or []}
    said |= {f"schedule {s.name}": s.description for s in defs.schedules or []}
    return {name: text for name, text in said.items() if text}


@pytest.mark.parametrize("source", SOURCES)
def test_descriptions_read_cleanly(source: str) -> None:
    found = {
        name: s for name, text in descriptions(definitions(source)).items() if (s := slips(text))
    }
    assert found == {}


def test_the_proofreading_finds_what_the_ui_showed() -> None:
    assert slips("put in place at reports/out/<force_id>/<YYYY-MM>/board_paper") == [
        "a bare <placeholder>: '<force_id>'",
        "a bare <placeholder>: '<YYYY-MM>'",
    ]
    assert slips("reports/out/midshire//board_paper") == ["a doubled slash: '//'"]
    assert slips("Runs the months a new or corrected the force's own extracts delivery") == [
        "an article before 'the': 'a new or corrected the'"
    ]
    assert slips("the freshness check of a the force's extract") == ["two articles: 'a the'"]
    assert slips("built from the the marts ()") == [
        "an empty placeholder: '()'",
        "a repeated word: 'the the'",
    ]
    # as it should read: code spans, links and the SQL dagster-dbt appends are left alone
    assert (
        slips("put at `reports/out/<force_id>/<YYYY-MM>/` (see http://x/y)\n#### Raw SQL\nend end")
        == []
    )
