"""The board paper: the source's paper variant rendered from the marts into a staging folder for
each month of the run (the last month only when the run is tagged so: pcp_assets/partitions.py),
and the months whose paper publication put in place, as `reports/board_paper`'s materializations.

The asset is an output of the publication graph (pcp_assets/publication.py), never returned: a
step that returns a partitioned asset records it for every month of its range, and a month is
materialised here only when its paper is in place."""

from datetime import date
from pathlib import Path

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

BOARD_PAPER = dg.AssetKey(["reports", "board_paper"])

DESCRIPTION = (
    "The 'Police & Crime Plan: performance and offenders' paper, every figure taken from the "
    "marts, as HTML, PDF and Word, for the board and published (small counts suppressed, "
    "restricted commentary left out); rendered into a staging folder and put in place at "
    "`reports/out/<force_id>/<YYYY-MM>/board_paper[_published].{html,pdf,docx}` when the run "
    "publishes. A month is materialised when its paper is in place. A run of several months "
    "prints PDF and Word for its last month only."
)

# The mart whose latest materialisation names the run that built the marts' month.
MARTS_BUILT_BY = dg.AssetKey(["marts", "crime_volume"])


def paper_reads(source: Source) -> list[dg.AssetKey]:
    """Every table some section of the source's paper reads (marts, the ONS reference table)."""
    return [dg.AssetKey(table.split(".")) for table in tables_read([source.paper])]


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


def build_render_board_paper(source: Source) -> dg.OpDefinition:
    """The step rendering the source's paper into the run's staging folder, after every table it
    reads (each a Nothing input named by its key, e.g. `marts__crime_volume`)."""

    @dg.op(
        name="render_board_paper",
        ins={key.to_python_identifier(): dg.In(dg.Nothing) for key in paper_reads(source)},
        out=dg.Out(dg.Nothing),
        # A reader of the DuckDB file blocks its writer, so the paper waits its turn with them.
        pool=DUCKDB_POOL,
    )
    def render(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> None:
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

    return render


def paper_materializations(
    settings: Settings, months: list[date], placed: list[Path]
) -> list[dg.AssetMaterialization]:
    """One materialization of `reports/board_paper` for each of `months` whose paper publication
    put in place (`placed`), naming its paper and linking it."""
    papers = [paper_path(settings.reports_dir, settings.force_id, month) for month in months]
    return [
        dg.AssetMaterialization(
            asset_key=BOARD_PAPER,
            partition=partition_key(month),
            metadata={
                "path": dg.MetadataValue.path(str(paper)),
                "paper": dg.MetadataValue.url(paper_url(settings, paper)),
            },
        )
        for month, paper in zip(months, papers, strict=True)
        if paper in placed
    ]
