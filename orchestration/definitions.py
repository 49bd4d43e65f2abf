"""The one Dagster code location: every asset, check, job and schedule of the pipeline.

`build_definitions(settings)` is the only entry point; `defs` (what `dagster dev` loads through
workspace.yaml) reads the environment once, here at the edge, and every asset receives the
settings as a resource.
"""

from __future__ import annotations

import dagster as dg

from orchestration.jobs import JOBS, monthly_schedule
from pcp_assets.board_paper import board_paper
from pcp_assets.ingest import raw_assets, raw_contract_checks
from pcp_assets.mart_checks import mart_checks
from pcp_assets.ons import ons_pfa_rolling
from pcp_assets.publication import published_marts
from pcp_assets.quarantine import quarantine
from pcp_assets.settings import Settings
from pcp_assets.transform import build_dbt_assets, dbt_cli
from pcp_assets.warehouse import Warehouse


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=[
            *raw_assets,
            quarantine,
            build_dbt_assets(settings),
            board_paper,
            published_marts,
            ons_pfa_rolling,
        ],
        asset_checks=[*raw_contract_checks, *mart_checks],
        jobs=list(JOBS.values()),
        schedules=[monthly_schedule],
        resources={
            "warehouse": Warehouse.from_settings(settings),
            "dbt": dbt_cli(),
            "settings": settings,
        },
    )


defs = build_definitions(Settings.from_env())
