"""`pcp bench smoke`: a real benchmark run at the smallest scale. It must report every stage of
both builds and both floors' headline figures (floor.sql's and the dbt models' compiled SQL's)
beside the marts'; the figures are checked against values recomputed here from the generated CSVs
with pandas. Times are printed, never asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from orchestration.bench_stages import STAGES
from orchestration.cli import main
from pcp_assets.settings import DBT_PROJECT_DIR
from tests.reference.home_office import offences_frame

pytestmark = pytest.mark.minutes(12)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("bench")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PCP_BENCH_DIR", str(root))
        assert main(["bench", "smoke", "--json", str(root / "result.json")]) == 0
    result = json.loads((root / "result.json").read_text())
    result["landing"] = root / "smoke" / "landing" / "midshire"
    result["reports"] = root / "smoke" / "reports" / "midshire"
    result["compiled_script"] = root / "smoke" / "compiled_floor" / "models.sql"
    return result


def test_both_builds_report_every_stage_and_peak_memory(smoke: dict) -> None:
    for phase in ("full_build", "incremental"):
        assert list(smoke[phase]["seconds"]) == list(STAGES)
        assert smoke[phase]["peak_rss_bytes"] > 0 or phase == "incremental"
    # every stage of the pipeline ran in both builds (a stage that did nothing would read 0)
    for stage in ("load", "dbt", "checks", "papers", "publication"):
        assert smoke["full_build"]["seconds"][stage] > 0, stage
        assert smoke["incremental"]["seconds"][stage] > 0, stage
    assert smoke["incremental"]["peak_rss_bytes"] > 0
    assert smoke["full_build"]["cpu_seconds"] > 0 and smoke["incremental"]["cpu_seconds"] > 0
    assert set(smoke["floor_full"]["seconds"]) == {"load", "marts"}


def recomputed(landing: Path, month: str) -> dict[str, object]:
    """Headline figures of `month` from the delivered CSVs, by pandas."""
    crimes = pd.concat(pd.read_csv(p, dtype=str) for p in sorted(landing.glob("crimes/*.csv")))
    crimes = crimes[crimes["status"] == "recorded"]
    crimes = crimes.merge(offences_frame(), on="offence_code", validate="many_to_one").rename(
        columns={"offence_group": "group"}
    )
    crimes = crimes.assign(month=crimes["recorded_at"].str[:7])
    window = sorted(crimes["month"].unique())
    window = window[window.index(month) - 11 : window.index(month) + 1]
    in_window = crimes[crimes["month"].isin(window)]
    incidents = pd.read_csv(landing / "incidents" / f"{month}.csv", dtype=str)
    attended = incidents[(incidents["grade"] == "immediate") & incidents["arrived_at"].notna()]
    minutes = (
        pd.to_datetime(attended["arrived_at"]) - pd.to_datetime(attended["call_at"])
    ).dt.total_seconds() / 60
    return {
        "crimes in the month": int((crimes["month"] == month).sum()),
        "all crime R12": len(in_window),
        "robbery R12": int((in_window["group"] == "Robbery").sum()),
        "immediate response, median minutes": round(float(minutes.median()), 6),
    }


def test_the_floor_and_the_marts_give_the_figures_recomputed_from_the_csvs(smoke: dict) -> None:
    for phase in ("floor_full", "floor_incremental"):
        figures = smoke[phase]["figures"]
        month = figures[0]["month"]
        expected = recomputed(smoke["landing"], month)
        by_name = {f["figure"]: f for f in figures}
        for name, value in expected.items():
            assert by_name[name]["floor"] == value, (phase, name)
            assert by_name[name]["compiled"] == value, (phase, name)
            assert by_name[name]["marts"] == value, (phase, name)
        # one force: the region's totals (marts.region_headlines) are the force's
        for name in ("crimes in the month", "all crime R12"):
            assert by_name[f"{name}, all forces"]["marts"] == expected[name], (phase, name)
            assert by_name[f"{name}, all forces"]["compiled"] == expected[name], (phase, name)
        # the rest (a rate, a change needing 24 months) must at least agree with each other
        assert all(f["equal"] for f in figures), figures


def test_the_compiled_floor_runs_every_model_of_the_project(smoke: dict) -> None:
    """The second floor is the whole dbt project's SQL, not a part of it: one statement for each
    model file (in models/<schema>/, dbt_project.yml), the marts as tables, timed in both builds."""
    script = smoke["compiled_script"].read_text()
    models = sorted((DBT_PROJECT_DIR / "models").rglob("*.sql"))
    for path in models:
        schema = path.parent.name
        kind = "table" if schema == "marts" else "view"
        assert script.count(f'create {kind} "pcp"."{schema}"."{path.stem}"') == 1, path
    for phase in ("floor_full", "floor_incremental"):
        assert smoke[phase]["compiled"]["models"] == len(models)
        assert smoke[phase]["compiled"]["seconds"] > 0


def test_pcp_run_writes_the_paper_of_its_reporting_month_only(smoke: dict) -> None:
    """The full build rebuilt twelve months as history for one reporting month, then one more
    month: two papers, not thirteen."""
    months = [
        f["month"]
        for f in (smoke["floor_full"]["figures"][0], smoke["floor_incremental"]["figures"][0])
    ]
    papers = sorted(path.parent.name for path in smoke["reports"].glob("*/board_paper.html"))
    assert papers == months
