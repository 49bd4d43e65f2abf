"""The one Dagster code location: every asset, check, job and schedule of the pipeline."""

from __future__ import annotations

import dagster as dg

from orchestration.jobs import (
    monthly_board_paper_job,
    monthly_schedule,
    police_uk_board_paper_job,
)
from pcp_assets.board_paper import board_paper
from pcp_assets.ingest import raw_assets, raw_contract_checks
from pcp_assets.mart_checks import mart_checks
from pcp_assets.ons import ons_pfa_rolling
from pcp_assets.publication import published_marts
from pcp_assets.quarantine import quarantine
from pcp_assets.settings import Settings
from pcp_assets.transform import dbt_cli, pcp_dbt_assets
from pcp_assets.warehouse import Warehouse


def build_definitions(settings: Settings) -> dg.Definitions:
    settings.export()
    return dg.Definitions(
        assets=[
            *raw_assets,
            quarantine,
            pcp_dbt_assets,
            board_paper,
            published_marts,
            ons_pfa_rolling,
        ],
        asset_checks=[*raw_contract_checks, *mart_checks],
        jobs=[monthly_board_paper_job, police_uk_board_paper_job],
        schedules=[monthly_schedule],
        resources={
            "warehouse": Warehouse.from_settings(settings),
            "dbt": dbt_cli(),
        },
    )


defs = build_definitions(Settings.from_env())
