"""The board paper: the source's paper variant rendered from the marts for each month of the run."""

import dagster as dg

from pcp_assets.partitions import months_in, partition_key
from pcp_assets.publication import staged_papers_dir
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from reports.paper import tables_read
from reports.render import paper_path, render_board_paper


def build_board_paper(source: Source, partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    """`reports/board_paper` of the location's source, downstream of what its paper reads."""

    @dg.asset(
        key=["reports", "board_paper"],
        group_name="reports",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        # every table some section of the source's paper reads (marts, the ONS reference table)
        deps=[dg.AssetKey(table.split(".")) for table in tables_read([source.paper])],
        # A reader of the DuckDB file blocks its writer, so the paper waits its turn with them.
        pool=DUCKDB_POOL,
        kinds={"html"},
        description="The 'Police & Crime Plan: performance and offenders' paper, every figure "
        "taken from the marts; rendered into a staging folder and put in place at "
        "reports/out/<force_id>/<YYYY-MM>/board_paper.html when the run publishes.",
    )
    def board_paper(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        staging = staged_papers_dir(settings.reports_dir, context.run.run_id)
        with warehouse.connect(read_only=True) as con:
            for month in months_in(context):
                path = render_board_paper(
                    con,
                    source.paper,
                    settings.force_id,
                    month,
                    staging,
                    commentary_dir=settings.commentary_dir,
                    peer_forces=settings.peer_forces,
                    paper_date=settings.paper_date,
                    small_count_threshold=settings.small_count_threshold,
                )
                context.log.info(f"board paper for {month:%B %Y}: {path}")
                # each month's materialization names its own paper, where publication puts it
                # (a backfill is one run: metadata not given a partition goes on every month)
                published = paper_path(settings.reports_dir, settings.force_id, month)
                context.add_asset_metadata(
                    {"path": dg.MetadataValue.path(str(published))},
                    partition_key=partition_key(month),
                )
        return dg.MaterializeResult()

    return board_paper
