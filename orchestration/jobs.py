"""One job per source: extracts to paper (the schedule is orchestration/schedule.py)."""

from __future__ import annotations

import dagster as dg

from pcp_assets.sources import SOURCES
from pcp_assets.sources.base import Source


def source_job(source: Source) -> dg.UnresolvedAssetJobDefinition:
    """Every asset of the code location, which is built for one source (definitions.py): its raw
    extracts, dbt, the marts, the paper and publication."""
    # One process for the run, as `pcp run` does: a process per step would pay Python, Dagster
    # and dbt start-up for every asset, and the steps share one DuckDB file one at a time anyway.
    return dg.define_asset_job(
        name=source.job_name,
        selection=dg.AssetSelection.all(),
        description=source.job_description,
        executor_def=dg.in_process_executor,
    )


JOBS = {name: source_job(source) for name, source in SOURCES.items()}
