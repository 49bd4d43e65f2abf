"""The board paper: the source's paper variant rendered from the marts for each month of the run
(the last month only when the run is tagged so: pcp_assets/partitions.py)."""

import dagster as dg

from pcp_assets.partitions import LAST_MONTH_ONLY, PAPERS_TAG, monthly_partitions, months_in
from pcp_assets.publication import staged_papers_dir
from pcp_assets.settings import Settings
from pcp_assets.sources import SOURCES, source_named
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from reports.paper import tables_read
from reports.render import render_board_paper


@dg.asset(
    key=["reports", "board_paper"],
    group_name="reports",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    # every table some section of some source's paper reads (marts, the ONS reference table)
    deps=[
        dg.AssetKey(table.split("."))
        for table in tables_read(source.paper for source in SOURCES.values())
    ],
    # A reader of the DuckDB file blocks its writer, so the paper waits its turn with them.
    pool=DUCKDB_POOL,
    kinds={"html"},
    description="The 'Police & Crime Plan: performance and offenders' paper, every figure taken "
    "from the marts; rendered into a staging folder and put in place at "
    "reports/out/<force_id>/<YYYY-MM>/board_paper.html when the run publishes.",
)
def board_paper(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    settings: dg.ResourceParam[Settings],
) -> dg.MaterializeResult:
    staging = staged_papers_dir(settings.reports_dir, context.run.run_id)
    paths = []
    months = months_in(context)
    if context.run.tags.get(PAPERS_TAG) == LAST_MONTH_ONLY:
        months = months[-1:]
    with warehouse.connect(read_only=True) as con:
        for month in months:
            path = render_board_paper(
                con,
                source_named(settings.source).paper,
                settings.force_id,
                month,
                staging,
                commentary_dir=settings.commentary_dir,
                peer_forces=settings.peer_forces,
                paper_date=settings.paper_date,
                small_count_threshold=settings.small_count_threshold,
            )
            context.log.info(f"board paper for {month:%B %Y}: {path}")
            paths.append(path)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths[-1])),
            "papers": dg.MetadataValue.md("\n".join(f"- `{p}`" for p in paths)),
        }
    )
