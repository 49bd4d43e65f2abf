"""The monthly job (extracts to paper) and the schedule that runs it unattended."""

from __future__ import annotations

import dagster as dg

monthly_board_paper_job = dg.define_asset_job(
    name="monthly_board_paper",
    selection=dg.AssetSelection.all(),
    description="Load the month's extracts, build and check the marts, render the board paper.",
)

# The month's extracts land in the first days of the next month; run on the 5th at 06:00.
monthly_schedule = dg.build_schedule_from_partitioned_job(
    monthly_board_paper_job, day_of_month=5, hour_of_day=6
)
