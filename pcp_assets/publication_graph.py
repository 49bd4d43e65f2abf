"""The run's last steps as one graph, whose outputs are `reports/board_paper` and
`published/marts`: `render_board_paper` renders the papers' HTML into a staging folder,
`print_pdf` prints them there, then `publish` publishes the marts and puts the papers in place
(pcp_assets/publication.py), and only then says which months of the paper are materialised;
`print_word` writes the Word files into place last (pcp_assets/board_paper.py).

A step that returns a partitioned asset records it for every month of its range, and a run of
many months renders some of them only (`pcp run`, the schedule and the sensor render the last), so
the paper is never returned: `publish` records one materialization per month whose paper it put
in place, and a run that fails records none."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pcp_assets.board_paper import (
    BOARD_PAPER,
    DESCRIPTION,
    build_print_pdf,
    build_print_word,
    build_render_board_paper,
    paper_materializations,
    paper_reads,
)
from pcp_assets.file_modes import open_folders, open_tree
from pcp_assets.mart_catalog import MartEntry
from pcp_assets.partitions import month_of, months_in
from pcp_assets.publication import (
    build_release,
    point_current_at,
    promote_papers,
    prune_releases,
    run_failures,
)
from pcp_assets.published_figures import record_publication
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import PROJECT_ROOT, Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

PUBLISHED_MARTS = dg.AssetKey(["published", "marts"])
RAW_REJECTS = dg.AssetKey(["raw", "rejects"])
PAPERS_STAGED = "papers_staged"


def build_publish(marts: tuple[MartEntry, ...], upstream: list[dg.AssetKey]) -> dg.OpDefinition:
    """The step publishing the marts and the staged papers, after everything in `upstream`."""

    @dg.op(
        name="publish",
        ins={
            PAPERS_STAGED: dg.In(dg.Nothing),
            **{key.to_python_identifier(): dg.In(dg.Nothing) for key in upstream},
        },
        out={"published_marts": dg.Out(dg.Nothing)},
        pool=DUCKDB_POOL,
    )
    def publish(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> Iterator[dg.Output[None]]:
        failures = run_failures(context)
        if failures:
            raise dg.Failure(
                description="nothing published: " + "; ".join(failures),
                metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures))},
            )
        published_dir = settings.published_dir
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        release = published_dir / "releases" / f"{stamp}-{context.run.run_id[:8]}"
        rows = build_release(Path(warehouse.path), release, marts, settings.small_count_threshold)
        papers = promote_papers(settings.reports_dir, context.run.run_id)
        with warehouse.connect() as con:
            forces = [each.force_id for each in forces_going_on(con, settings, context.run.run_id)]
            placed = paper_materializations(settings, forces, months_in(context), papers)
            for force in forces:
                months = [
                    month_of(str(m.partition)) for m in placed if m.metadata["force"].text == force
                ]
                record_publication(con, force, months, context.run.run_id)
        point_current_at(published_dir, release)
        prune_releases(published_dir)
        open_tree(published_dir)
        open_folders(published_dir.parent, PROJECT_ROOT / "data")  # the default's data/ too
        context.log.info(f"published {release.name}: {rows}; {len(papers)} paper(s)")
        for materialization in placed:
            context.log_event(materialization)
        yield dg.Output(
            None,
            "published_marts",
            metadata={
                "release": dg.MetadataValue.path(str(release)),
                "current": dg.MetadataValue.path(str(published_dir / "current" / "pcp.duckdb")),
                "papers": dg.MetadataValue.md("\n".join(f"- `{p}`" for p in papers)),
                **{f"rows_{mart}": count for mart, count in rows.items()},
            },
        )

    return publish


def build_publication(
    source: Source, marts: tuple[MartEntry, ...], partitions: dg.PartitionsDefinition
) -> dg.AssetsDefinition:
    """`reports/board_paper` and `published/marts` for the source's paper and the marts the dbt
    project builds (pcp_assets/mart_catalog.py)."""
    reads = paper_reads(source)
    # every other asset of a run is upstream of publication, so it is the run's last step
    published_after = [*(dg.AssetKey(["marts", mart.name]) for mart in marts), RAW_REJECTS]
    render = build_render_board_paper(source)
    print_pdf = build_print_pdf()
    publish = build_publish(marts, published_after)
    print_word = build_print_word()
    upstream = list(dict.fromkeys([*reads, *published_after]))
    graph = dg.GraphDefinition(
        name="publication",
        node_defs=[render, print_pdf, publish, print_word],
        dependencies={
            print_pdf.name: {"rendered": dg.DependencyDefinition(render.name)},
            publish.name: {PAPERS_STAGED: dg.DependencyDefinition(print_pdf.name)},
            print_word.name: {
                "rendered": dg.DependencyDefinition(render.name),
                "published": dg.DependencyDefinition(publish.name, "published_marts"),
            },
        },
        input_mappings=[
            dg.InputMapping(
                graph_input_name=key.to_python_identifier(),
                mapped_node_name=step.name,
                mapped_node_input_name=key.to_python_identifier(),
            )
            for key in upstream
            for step, inputs in ((render, reads), (publish, published_after))
            if key in inputs
        ],
        output_mappings=[
            dg.OutputMapping("published_marts", publish.name, "published_marts"),
            dg.OutputMapping("board_paper", print_word.name, "board_paper"),
        ],
    )
    return dg.AssetsDefinition(
        node_def=graph,
        keys_by_input_name={key.to_python_identifier(): key for key in upstream},
        keys_by_output_name={"published_marts": PUBLISHED_MARTS, "board_paper": BOARD_PAPER},
        backfill_policy=dg.BackfillPolicy.single_run(),
        specs=[
            dg.AssetSpec(
                PUBLISHED_MARTS,
                deps=published_after,
                group_name="published",
                description="The marts as analysts read them (data/published/current/: Parquet "
                "files and a DuckDB copy) and the run's papers, put in place only when nothing "
                "in the run failed.",
                kinds={"parquet", "duckdb"},
                partitions_def=partitions,
            ),
            dg.AssetSpec(
                BOARD_PAPER,
                deps=reads,
                group_name="reports",
                description=DESCRIPTION,
                kinds={"html", "pdf"},
                partitions_def=partitions,
                skippable=True,
            ),
        ],
    )
