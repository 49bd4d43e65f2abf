"""The code location as the UI shows it: built for one source, so the other source's assets never
make its months look stale; partitions from the first month of the history, so no month before
it looks missing; each month's paper named on its own partition."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from data_contracts.calendar import add_months
from data_contracts.registry import extracts_of
from orchestration.cli import main
from orchestration.definitions import build_definitions
from orchestration.runner import dagster_instance
from pcp_assets.settings import Settings
from tests.conftest import HISTORY_MONTHS, REPORTING_MONTH

POLICE_UK_SLICE = Path(__file__).parent / "fixtures" / "police_uk" / "bedfordshire"
ONS = dg.AssetKey(["reference", "ons_pfa_rolling"])
PAPER = dg.AssetKey(["reports", "board_paper"])


FIRST_GENERATED = add_months(date.fromisoformat(f"{REPORTING_MONTH}-01"), 1 - HISTORY_MONTHS)


def executable_raw(defs: dg.Definitions) -> set[str]:
    graph = defs.resolve_asset_graph()
    return {
        key.path[1]
        for key in graph.get_all_asset_keys()
        if key.path[0] == "raw" and graph.get(key).is_executable
    }


def first_partition(defs: dg.Definitions, job: str) -> str:
    partitions = defs.resolve_job_def(job).partitions_def
    assert partitions is not None
    return partitions.get_first_partition_key()


def test_the_force_location_holds_its_own_source_from_its_first_landed_month(
    completed_run: Settings,
) -> None:
    defs = build_definitions(completed_run)
    graph = defs.resolve_asset_graph()
    assert executable_raw(defs) == {*extracts_of("force_extracts"), "rejects"}
    assert ONS not in graph.get_all_asset_keys()
    assert ONS not in graph.get(PAPER).parent_keys
    assert [job.name for job in defs.resolve_all_job_defs() if not job.name.startswith("__")] == [
        "monthly_board_paper"
    ]
    assert first_partition(defs, "monthly_board_paper") == FIRST_GENERATED.isoformat()

    later = build_definitions(replace(completed_run, first_month=date(2025, 3, 1)))
    assert first_partition(later, "monthly_board_paper") == "2025-03-01"


def test_the_police_uk_location_holds_its_downloads_and_the_ons_table(
    pipeline_settings: Settings,
) -> None:
    settings = replace(pipeline_settings, source="police_uk", police_uk_dir=POLICE_UK_SLICE)
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    assert executable_raw(defs) == {*extracts_of("police_uk"), "rejects"}
    assert graph.get(ONS).is_executable and ONS in graph.get(PAPER).parent_keys
    first_folder = min(path.name for path in POLICE_UK_SLICE.iterdir() if path.is_dir())
    assert first_partition(defs, "police_uk_board_paper") == f"{first_folder}-01"


def test_each_month_of_a_run_names_its_own_paper(completed_run: Settings) -> None:
    with dagster_instance(completed_run) as instance:
        records = instance.fetch_materializations(PAPER, limit=HISTORY_MONTHS).records
    # `pcp run` renders its reporting month's paper only (the months before are history): only
    # that month is materialised (by each run of it: tests of the suite may run it again), naming
    # its own paper, where publication put it
    assert {record.partition_key for record in records} == {f"{REPORTING_MONTH}-01"}
    paths = {
        record.partition_key: record.asset_materialization.metadata["path"].value
        for record in records
        if "path" in record.asset_materialization.metadata
    }
    expected = completed_run.reports_dir / completed_run.force_id / REPORTING_MONTH
    assert paths == {f"{REPORTING_MONTH}-01": str(expected / "board_paper.html")}
    assert Path(paths[f"{REPORTING_MONTH}-01"]).is_file()
    # and links it, clickable in the UI, where `pcp ui` serves the reports folder
    links = {
        r.partition_key: r.asset_materialization.metadata["paper"]
        for r in records
        if "paper" in r.asset_materialization.metadata
    }
    assert set(links) == {f"{REPORTING_MONTH}-01"}
    link = links[f"{REPORTING_MONTH}-01"]
    assert isinstance(link, dg.UrlMetadataValue)
    force = completed_run.force_id
    assert (
        link.url
        == f"{completed_run.data_docs_url}papers/{force}/{REPORTING_MONTH}/board_paper.html"
    )


def test_a_backfill_from_before_the_history_is_one_line(
    completed_run: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backfill", "--from", "2015-01", "--to", REPORTING_MONTH]) == 2
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line == (
        f"pcp: --from 2015-01 is before the first month of the history, {FIRST_GENERATED:%Y-%m} "
        "(PCP_FIRST_MONTH; by default the first landed month)"
    )


def landed(folder: Path, months: list[str]) -> Path:
    """A landing folder where every extract of the force has a file for each of `months` (the
    partitions read only which files there are)."""
    for extract in extracts_of("force_extracts"):
        (folder / extract).mkdir(parents=True)
        for month in months:
            (folder / extract / f"{month}.csv").touch()
    return folder


def partition_keys(settings: Settings) -> list[str]:
    partitions = build_definitions(settings).resolve_job_def("monthly_board_paper").partitions_def
    assert partitions is not None
    return partitions.get_partition_keys()


def test_the_partitions_end_with_the_month_now_due_or_a_later_landed_one(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    # on Friday 4 December 2026 November's crimes are due (working day 3, Thursday 3 December):
    # the freshness sensor judges November, so the UI offers November, not landed yet
    history = landed(tmp_path / "history", ["2026-09", "2026-10"])
    on_4_december = replace(pipeline_settings, landing_dir=history, today=date(2026, 12, 4))
    assert partition_keys(on_4_december) == ["2026-09-01", "2026-10-01", "2026-11-01"]
    # a month end rehearsed on a past day: November landed on 20 November has its partition, so
    # the delivery sensor's run of it and its checks have a place
    early = landed(tmp_path / "early", ["2026-10", "2026-11"])
    on_20_november = replace(pipeline_settings, landing_dir=early, today=date(2026, 11, 20))
    assert partition_keys(on_20_november) == ["2026-10-01", "2026-11-01"]
    # without PCP_TODAY the partitions grow as months end (no end fixed when the code loads)
    growing = replace(pipeline_settings, landing_dir=history, today=None)
    partitions = build_definitions(growing).resolve_job_def("monthly_board_paper").partitions_def
    assert isinstance(partitions, dg.TimeWindowPartitionsDefinition) and partitions.end is None
