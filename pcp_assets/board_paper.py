"""The board paper: the source's paper variant rendered from the marts into a staging folder for
each month of the run (the last month only when the run is tagged so: pcp_assets/partitions.py),
and the months whose paper publication put in place, as `reports/board_paper`'s materializations.

The asset is an output of the publication graph (pcp_assets/publication.py), never returned: a
step that returns a partitioned asset records it for every month of its range, and a month is
materialised here only when its paper is in place."""

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.paper_links import paper_url
from pcp_assets.partitions import (
    EVERY_MONTH,
    LAST_MONTH_ONLY,
    PAPERS_TAG,
    PRINTED_TAG,
    months_in,
    partition_key,
)
from pcp_assets.publication import run_check_evaluations, staged_papers_dir
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse
from reports.paper import tables_read
from reports.printing import print_pdfs, print_words
from reports.provenance import CheckResult, Provenance
from reports.render import Rendered, paper_path, render_html_editions

BOARD_PAPER = dg.AssetKey(["reports", "board_paper"])

DESCRIPTION = (
    "The 'Police & Crime Plan: performance and offenders' paper, every figure taken from the "
    "marts, as HTML, PDF and Word, for the board and published (small counts suppressed, "
    "restricted commentary left out); rendered into a staging folder and put in place at "
    "`reports/out/<force_id>/<YYYY-MM>/board_paper[_published].{html,pdf,docx}` when the run "
    "publishes (the Word files are written just after). A month is materialised when its paper "
    "is in place. A run of several months prints PDF and Word for its last month only, unless "
    "a backfill asks for every month's."
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


@dataclass
class Papers:
    """What the render step hands the printing steps: the editions to print, and the papers of
    forces that failed to render (`<force> YYYY-MM: error`) while other forces' went on."""

    rendered: list[Rendered] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


# The rendered papers reach the printing steps in memory (the job runs its steps in one process:
# orchestration/jobs.py): never pickled to disk, where the board's edition would outlive the run.
PAPERS_IN_MEMORY = "papers_in_memory"


def months_printed(context: dg.AssetExecutionContext, months: list[date]) -> list[date]:
    """The months whose paper is printed (PDF and Word): the run's last, or each month of a
    backfill that asks for them all (pcp_assets/partitions.py)."""
    return months if context.run.tags.get(PRINTED_TAG) == EVERY_MONTH else months[-1:]


def build_render_board_paper(source: Source) -> dg.OpDefinition:
    """The step rendering the source's paper as HTML into the run's staging folder, after every
    table it reads (each a Nothing input named by its key, e.g. `marts__crime_volume`); its
    output is the rendered editions of the months to print."""

    @dg.op(
        name="render_board_paper",
        ins={key.to_python_identifier(): dg.In(dg.Nothing) for key in paper_reads(source)},
        out=dg.Out(io_manager_key=PAPERS_IN_MEMORY),
        # A reader of the DuckDB file blocks its writer, so the paper waits its turn with them.
        pool=DUCKDB_POOL,
    )
    def render(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> Papers:
        staging = staged_papers_dir(settings.reports_dir, context.run.run_id)
        behind = provenance(context)
        months = months_in(context)
        if context.run.tags.get(PAPERS_TAG) == LAST_MONTH_ONLY:
            months = months[-1:]
        printed = months_printed(context, months)
        papers = Papers()
        with warehouse.connect(read_only=True) as con:
            going_on = forces_going_on(con, settings, context.run.run_id)
            for each in going_on:
                printing: list[Rendered] = []
                try:
                    for month in months:
                        rendered = render_month(context, con, source, each, month, staging, behind)
                        if month in printed:
                            printing += rendered
                except Exception as error:
                    # the force's papers are all put in place or none: what it staged goes, the
                    # other forces' papers go on, and print_word fails the run after
                    # publication, naming this one
                    said = f"{each.force_id} {month:%Y-%m}: {type(error).__name__}: {error}"
                    context.log.error(f"board paper not rendered: {said}")
                    for staged in months:
                        shutil.rmtree(paper_path(staging, each.force_id, staged).parent, True)
                    papers.failed.append(said)
                    continue
                papers.rendered += printing
        if papers.failed and len(papers.failed) == len(going_on):  # none rendered
            raise dg.Failure(description="no paper rendered: " + "; ".join(papers.failed))
        return papers

    return render


def render_month(
    context: dg.AssetExecutionContext,
    con: duckdb.DuckDBPyConnection,
    source: Source,
    force: Settings,
    month: date,
    staging: Path,
    behind: Provenance,
) -> list[Rendered]:
    """Both editions of the force's paper for the month, their HTML written into staging."""
    started = time.perf_counter()
    rendered = render_html_editions(
        con,
        source.paper,
        force.force_id,
        month,
        staging,
        commentary_dir=force.commentary_dir,
        peer_forces=force.peer_forces,
        paper_date=force.paper_date,
        small_count_threshold=force.small_count_threshold,
        marking=force.protective_marking,
        provenance=behind,
    )
    context.log.info(
        f"board paper of {force.force_id} for {month:%B %Y}: rendered in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return rendered


def build_print_pdf() -> dg.OpDefinition:
    """The step printing the rendered papers as PDF beside their HTML in the staging folder, one
    file a job on each of the machine's cores; it reads no table."""

    @dg.op(name="print_pdf", out=dg.Out(dg.Nothing))
    def print_pdf(
        context: dg.OpExecutionContext,
        rendered: Papers,
        settings: dg.ResourceParam[Settings],
    ) -> None:
        started = time.perf_counter()
        staging = staged_papers_dir(settings.reports_dir, context.run.run_id)
        printed = print_pdfs(rendered.rendered, staging)
        context.log.info(f"{len(printed)} PDF(s) printed in {time.perf_counter() - started:.1f} s")

    return print_pdf


def build_print_word() -> dg.OpDefinition:
    """The step writing the rendered papers as Word files, after publication, straight into the
    folders publication put the papers in: publication does not wait for Word. Should it fail,
    the run fails and says so; the month's HTML and PDF stay published and its Word file is
    absent (publication removed the one before), until a run prints it again."""

    @dg.op(
        name="print_word",
        ins={"published": dg.In(dg.Nothing)},
        # never returned: publication records the months whose paper it put in place (a step
        # returning a partitioned asset records every month of its range)
        out={"board_paper": dg.Out(dg.Nothing, is_required=False)},
    )
    def print_word(
        context: dg.OpExecutionContext,
        rendered: Papers,
        settings: dg.ResourceParam[Settings],
    ) -> Iterator[dg.Output[None]]:
        started = time.perf_counter()
        printed = print_words(rendered.rendered, settings.reports_dir, settings.protective_marking)
        context.log.info(
            f"{len(printed)} Word file(s) written in {time.perf_counter() - started:.1f} s"
        )
        if rendered.failed:
            raise dg.Failure(
                description="published without these forces' papers, which failed to render: "
                + "; ".join(rendered.failed)
            )
        # a generator yielding no output: an op returning None would have Dagster emit its
        # Nothing output, and with it a materialization of every month of the run's range
        yield from ()

    return print_word


def paper_materializations(
    settings: Settings, forces: list[str], months: list[date], placed: list[Path]
) -> list[dg.AssetMaterialization]:
    """One materialization of `reports/board_paper` for each force and month whose paper
    publication put in place (`placed`), naming its force and paper and linking it."""
    return [
        dg.AssetMaterialization(
            asset_key=BOARD_PAPER,
            partition=partition_key(month),
            metadata={
                "force": dg.MetadataValue.text(force),
                "path": dg.MetadataValue.path(str(paper)),
                "paper": dg.MetadataValue.url(paper_url(settings, paper)),
            },
        )
        for force in forces
        for month in months
        if (paper := paper_path(settings.reports_dir, force, month)) in placed
    ]
