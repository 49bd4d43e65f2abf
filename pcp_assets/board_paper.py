"""The board paper: section 2 rendered from the marts for each month of the run."""

import dagster as dg

from pcp_assets.partitions import monthly_partitions, months_in
from pcp_assets.settings import Settings
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from reports.render import render_board_paper

MARTS_READ = ("crime_volume", "outcome_rates", "outcome_counts", "response_times")


@dg.asset(
    key=["reports", "board_paper"],
    group_name="reports",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[dg.AssetKey(["marts", mart]) for mart in MARTS_READ]
    + [dg.AssetKey(["reference", "ons_pfa_rolling"])],  # the national comparison
    # A reader of the DuckDB file blocks its writer, so the paper waits its turn with them.
    pool=DUCKDB_POOL,
    kinds={"html"},
    description="The 'Police & Crime Plan: performance and offenders' paper, "
    "reports/out/<YYYY-MM>/board_paper.html, every figure taken from the marts.",
)
def board_paper(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    settings = Settings.from_env()
    paths = []
    with warehouse.connect(read_only=True) as con:
        for month in months_in(context):
            path = render_board_paper(con, settings.force_id, month, settings.reports_dir)
            context.log.info(f"board paper for {month:%B %Y}: {path}")
            paths.append(path)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths[-1])),
            "papers": dg.MetadataValue.md("\n".join(f"- `{p}`" for p in paths)),
        }
    )
