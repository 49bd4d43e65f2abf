"""The months of `reports/board_paper` as the Dagster UI shows them materialised, and the months
whose paper is in place on disk, to compare."""

from __future__ import annotations

import dagster as dg

from orchestration.runner import dagster_instance
from pcp_assets.settings import Settings

PAPER = dg.AssetKey(["reports", "board_paper"])


def materialised_months(settings: Settings) -> set[str]:
    """`YYYY-MM` of every partition of the paper the instance holds a materialization of."""
    with dagster_instance(settings) as instance:
        return {key[:7] for key in instance.get_materialized_partitions(PAPER)}


def months_in_place(settings: Settings) -> set[str]:
    """`YYYY-MM` of every month folder holding the board's paper (staged papers are in a hidden
    folder, `.staged/`, not a month folder)."""
    papers = (settings.reports_dir / settings.force_id).glob("*/board_paper.html")
    return {paper.parent.name for paper in papers}


def latest_run(settings: Settings) -> dg.DagsterRun:
    with dagster_instance(settings) as instance:
        return instance.get_runs(limit=1)[0]


def first_run(settings: Settings) -> dg.DagsterRun:
    with dagster_instance(settings) as instance:
        return instance.get_runs()[-1]  # newest first


def months_recorded_by(settings: Settings, run: dg.DagsterRun) -> list[str]:
    """`YYYY-MM` of the paper's materializations the run recorded, in order."""
    with dagster_instance(settings) as instance:
        records = instance.get_records_for_run(
            run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
        ).records
    events = [record.event_log_entry.dagster_event for record in records]
    return [e.partition[:7] for e in events if e is not None and e.asset_key == PAPER]
