"""The board paper: the source's paper variant rendered from the marts for each month of the run
(the last month only when the run is tagged so: pcp_assets/partitions.py)."""

import dagster as dg

from pcp_assets.paper_links import paper_url
from pcp_assets.partitions import LAST_MONTH_ONLY, PAPERS_TAG, months_in, partition_key
from pcp_assets.publication import run_check_evaluations, staged_papers_dir
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from reports.paper import tables_read
from reports.provenance import CheckResult, Provenance
from reports.render import FORMATS, paper_path, render_board_paper

# The mart whose latest materialisation names the run that built the marts' month.
MARTS_BUILT_BY = dg.AssetKey(["marts", "crime_volume"])


def provenance(context: dg.AssetExecutionContext) -> Provenance:
    """The runs behind the paper and the checks evaluated before it (all blocking, so every
    upstream check of the run has been evaluated by the time the paper is rendered)."""
    built = context.instance.get_latest_materialization_event(MARTS_BUILT_BY)
    return Provenance(
        paper_run_id=context.run.run_id,
        marts_run_id=built.run_id if built is not None else None,
        checks=tuple(
            CheckResult(e.asset_key.to_user_string(), e.check_name, e.passed)
            for e in run_check_evaluations(context)
        ),
    )


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
        kinds={"html", "pdf"},
        description="The 'Police & Crime Plan: performance and offenders' paper, every figure "
        "taken from the marts, as HTML, PDF and Word, for the board and published (small counts "
        "suppressed, restricted commentary left out); rendered into a staging folder and put in "
        "place at `reports/out/<force_id>/<YYYY-MM>/board_paper[_published].{html,pdf,docx}` "
        "when the run publishes. A run of several months prints PDF and Word for its last month "
        "only.",
    )
    def board_paper(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        staging = staged_papers_dir(settings.reports_dir, context.run.run_id)
        behind = provenance(context)
        months = months_in(context)
        if context.run.tags.get(PAPERS_TAG) == LAST_MONTH_ONLY:
            months = months[-1:]
        with warehouse.connect(read_only=True) as con:
            for month in months:
                written = render_board_paper(
                    con,
                    source.paper,
                    settings.force_id,
                    month,
                    staging,
                    commentary_dir=settings.commentary_dir,
                    peer_forces=settings.peer_forces,
                    paper_date=settings.paper_date,
                    small_count_threshold=settings.small_count_threshold,
                    marking=settings.protective_marking,
                    provenance=behind,
                    # Printing takes most of the time (about 20 s a month): a backfill of the
                    # years before prints only its last month (publication removes older prints).
                    formats=FORMATS if month == months[-1] else ("html",),
                )
                timings = ", ".join(f"{w.path.name} {w.seconds:.1f} s" for w in written)
                context.log.info(f"board paper for {month:%B %Y}: {written[0].path} ({timings})")
                # each month's materialization names its own paper, where publication puts it
                # (a backfill is one run: metadata not given a partition goes on every month)
                published = paper_path(settings.reports_dir, settings.force_id, month)
                context.add_asset_metadata(
                    {
                        "path": dg.MetadataValue.path(str(published)),
                        "paper": dg.MetadataValue.url(paper_url(settings, published)),
                    },
                    partition_key=partition_key(month),
                )
        return dg.MaterializeResult()

    return board_paper
