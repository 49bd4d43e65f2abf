"""The monthly job (extracts to paper) and the schedule that runs it unattended."""

from __future__ import annotations

import dagster as dg

from data_contracts.extracts import extracts_of


def _raw_assets_of(source: str) -> dg.AssetSelection:
    return dg.AssetSelection.assets(*[dg.AssetKey(["raw", name]) for name in extracts_of(source)])


# One job per source (docs/police-uk.md): each loads only its own extracts, so a run never needs
# the other source's files; dbt, the marts and the paper are shared.
ONS_REFERENCE = dg.AssetSelection.assets(dg.AssetKey(["reference", "ons_pfa_rolling"]))

monthly_board_paper_job = dg.define_asset_job(
    name="monthly_board_paper",
    selection=dg.AssetSelection.all() - _raw_assets_of("police-uk") - ONS_REFERENCE,
    description="Load the month's extracts, build and check the marts, render the board paper.",
)

police_uk_board_paper_job = dg.define_asset_job(
    name="police_uk_board_paper",
    selection=dg.AssetSelection.all() - _raw_assets_of("synthetic"),
    description="Load data.police.uk downloads (PCP_POLICE_UK_DIR) and the ONS force-area table, "
    "build and check the marts, render the board paper on what that source supports.",
)

JOBS = {"synthetic": monthly_board_paper_job, "police-uk": police_uk_board_paper_job}

# The month's extracts land in the first days of the next month; run on the 5th at 06:00.
monthly_schedule = dg.build_schedule_from_partitioned_job(
    monthly_board_paper_job, day_of_month=5, hour_of_day=6
)
