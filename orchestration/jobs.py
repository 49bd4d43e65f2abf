"""One job per source (extracts to paper), and the schedule that runs the force's own job."""

from __future__ import annotations

import dagster as dg

from pcp_assets.sources import SOURCES
from pcp_assets.sources.base import Source
from pcp_assets.sources.force_extracts.source import ForceExtracts


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

# The month's extracts land in the first days of the next month; run on the 5th at 06:00 (in the
# partitions' time zone, Europe/London), unattended: the schedule is on from the start.
monthly_schedule = dg.build_schedule_from_partitioned_job(
    JOBS[ForceExtracts.name],
    day_of_month=5,
    hour_of_day=6,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
SCHEDULES = (monthly_schedule,)
