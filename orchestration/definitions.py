"""The one Dagster code location: every asset, check, job and schedule of the pipeline.

`build_definitions(settings)` is the only entry point; `defs` (what `dagster dev` loads through
workspace.yaml) reads the environment once, here at the edge, and every asset receives the
settings as a resource. The CLI builds its own from the settings it was given.
"""

from __future__ import annotations

import dagster as dg

from orchestration.jobs import JOBS, monthly_schedule
from orchestration.progress import step_lines
from orchestration.sensors import build_sensors
from pcp_assets.board_paper import board_paper
from pcp_assets.freshness import freshness_checks
from pcp_assets.ingest import raw_assets, raw_contract_checks
from pcp_assets.mart_catalog import mart_catalog
from pcp_assets.mart_checks import build_mart_checks
from pcp_assets.ons import ons_pfa_rolling
from pcp_assets.publication import build_publication
from pcp_assets.quarantine import quarantine
from pcp_assets.reconciliation import row_reconciliation, rows_conserved
from pcp_assets.settings import Settings
from pcp_assets.transform import build_dbt_assets, dbt_cli
from pcp_assets.warehouse import Warehouse


def build_definitions(settings: Settings) -> dg.Definitions:
    dbt_assets = build_dbt_assets(settings)  # parses the dbt project first
    return dg.Definitions(
        assets=[
            *raw_assets,
            quarantine,
            dbt_assets,
            row_reconciliation,
            board_paper,
            build_publication(mart_catalog()),
            ons_pfa_rolling,
        ],
        asset_checks=[
            *raw_contract_checks,
            *freshness_checks,
            *build_mart_checks(),
            rows_conserved,
        ],
        jobs=list(JOBS.values()),
        schedules=[monthly_schedule],
        sensors=build_sensors(settings),
        # the UI's runs configure no logger and get Dagster's console; `pcp run` asks for its lines
        loggers={"console": dg.colored_console_logger, "pcp_steps": step_lines},
        resources={
            "warehouse": Warehouse.from_settings(settings),
            "dbt": dbt_cli(),
            "settings": settings,
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev` loads (lazily: importing this module builds nothing)."""
    return build_definitions(Settings.from_env())
