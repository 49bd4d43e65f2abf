"""The schedule that builds the month just ended, unattended.

Each morning (`PCP_SCHEDULE_CRON`, default 06:00, in `PCP_SCHEDULE_TIMEZONE`, default
Europe/London) it looks at the month just ended: until every extract of it has landed (each is due
by a working day of the month after, up to working day 10), the tick is skipped naming what is
awaited; once all have, it asks for one run from the first month whose files are new or changed to
that month, as `pcp run` would, and renders that month's paper. A month already built as its files
are now (the delivery sensor usually gets there first) is skipped, so the month runs once.
"""

from __future__ import annotations

from datetime import date

import dagster as dg

from data_contracts.calendar import add_months
from orchestration.jobs import JOBS
from orchestration.months import awaited_extracts, stale_months
from pcp_assets.partitions import run_tags
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import WarehouseError


def month_just_ended(moment: date) -> date:
    return add_months(moment, -1)


def build_schedule(source: Source, settings: Settings) -> dg.ScheduleDefinition:
    """The schedule of the location's source; `settings` are settled (orchestration/months.py)."""

    @dg.schedule(
        name=f"{source.job_name}_schedule",
        job=JOBS[source.name],
        cron_schedule=settings.schedule_cron,
        execution_timezone=settings.schedule_timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Builds the month just ended once all its extracts have landed, and its paper.",
    )
    def monthly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        month = month_just_ended(context.scheduled_execution_time.date())
        awaited = awaited_extracts(source, settings, month)
        if awaited:
            return dg.SkipReason(f"{month:%Y-%m} has not landed: awaiting {', '.join(awaited)}")
        try:
            stale = stale_months(settings, month)
        except WarehouseError as error:  # a run holds the warehouse: look again next tick
            return dg.SkipReason(str(error))
        if not stale:
            return dg.SkipReason(f"{month:%Y-%m} is built from its files as they are")
        return dg.RunRequest(
            run_key=f"{month:%Y-%m}:{stale[0]:%Y-%m}",
            tags=run_tags(stale[0], month, every_paper=False),
        )

    return monthly
