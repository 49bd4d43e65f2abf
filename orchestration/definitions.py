"""The Dagster code location: every asset, check, job, schedule and sensor of one source's pipeline.

`build_definitions(settings)` is the only entry point; `defs` (what `dagster dev` loads through
workspace.yaml) reads the environment once, here at the edge, and every asset receives the
settings as a resource. The CLI builds its own from the settings it was given.

The location is built for the settings' source (PCP_SOURCE): the other sources' raw extracts and
own assets are not in it, so nothing it never loads makes its months look stale; the dbt models of
the other sources read their empty raw tables, which are not in its graph
(pcp_assets/transform.py). Its partitions begin at the first month of the history
(orchestration/months.py), so no month before it looks missing.
"""

from __future__ import annotations

import dagster as dg

from data_contracts.registry import names_people
from orchestration.jobs import JOBS
from orchestration.months import first_month, last_month, settled
from orchestration.progress import step_lines
from orchestration.schedule import build_schedule
from orchestration.sensors import build_sensors
from pcp_assets.board_paper import PAPERS_IN_MEMORY
from pcp_assets.file_modes import restrict_new_files
from pcp_assets.freshness import build_freshness_check
from pcp_assets.ingest import build_contract_check, build_raw_asset
from pcp_assets.lost_references import withdrawn_rows
from pcp_assets.mart_catalog import mart_catalog
from pcp_assets.mart_checks import build_mart_checks
from pcp_assets.partitions import monthly_partitions
from pcp_assets.people_seen_before import build_seen_before_check
from pcp_assets.publication_graph import build_publication
from pcp_assets.quarantine import build_quarantine
from pcp_assets.reconciliation import build_row_reconciliation, rows_conserved
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.transform import build_dbt_assets, dbt_cli
from pcp_assets.volume_checks import build_volume_check
from pcp_assets.warehouse import Warehouse


def build_definitions(settings: Settings) -> dg.Definitions:
    settings = settled(settings)
    source = source_named(settings.source)
    partitions = monthly_partitions(first_month(settings), last_month(settings))
    extracts = source.extracts
    job = JOBS[source.name]
    return dg.Definitions(
        assets=[
            *(build_raw_asset(extract, partitions) for extract in extracts),
            build_quarantine(extracts, partitions),
            build_dbt_assets(settings, extracts, partitions),  # parses the dbt project first
            build_row_reconciliation(extracts, partitions),
            build_publication(source, mart_catalog(), partitions),
            *source.own_assets(partitions),
        ],
        asset_checks=[
            *(build_contract_check(extract) for extract in extracts),
            *(build_freshness_check(extract) for extract in extracts),
            *(build_seen_before_check(extract) for extract in extracts if names_people(extract)),
            *(build_volume_check(extract) for extract in extracts),
            *build_mart_checks(),
            rows_conserved,
            withdrawn_rows,
        ],
        jobs=[job],
        schedules=[build_schedule(source, settings)] if source.scheduled else [],
        sensors=build_sensors(source, settings),
        # the UI's runs configure no logger and get Dagster's console; `pcp run` asks for its lines
        loggers={"console": dg.colored_console_logger, "pcp_steps": step_lines},
        resources={
            "warehouse": Warehouse.from_settings(settings),
            "dbt": dbt_cli(),
            "settings": settings,
            PAPERS_IN_MEMORY: dg.mem_io_manager,
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev` loads (lazily: importing this module builds nothing). Its runs write
    files as PCP_FILE_MODE says."""
    settings = Settings.from_env()
    restrict_new_files(settings.file_mode)
    return build_definitions(settings)
