"""Publish the run: the marts for analysts and the papers, as the last step of a run that passed
(the step, `publication.publish`, is built in pcp_assets/publication_graph.py).

Publication depends on every other asset of the run, and before it writes anything it checks the
run's own event log: a failed step or a failed check of severity ERROR (a contract, a dbt test, a
Great Expectations suite) stops it, so a failed run leaves the published marts and the papers
exactly as they were.

A release is a folder holding one Parquet file per mart and a DuckDB file with the same tables,
built under a hidden name and renamed into `releases/` only when complete, so a publication killed
half-way leaves no release that could be kept or counted. `<published_dir>/current` is a symbolic
link to the newest release, replaced with one `rename`, so a reader sees the old release or the
new one, never half of either. Readers open the release's own files, never the warehouse, so they
neither block the pipeline nor are blocked by it.
"""

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.data_dictionary import DICTIONARY, render_data_dictionary
from pcp_assets.file_modes import open_folders
from pcp_assets.mart_catalog import MartEntry
from pcp_assets.small_counts import SUPPRESSED_COLUMN, SUPPRESSED_DESCRIPTION, published_select

RELEASES_KEPT = 3


BUILDING = ".building-"
# Papers are rendered here (per run) and put in place only when the run publishes.
STAGED_PAPERS = ".staged"


def staged_papers_dir(reports_dir: Path, run_id: str) -> Path:
    return reports_dir / STAGED_PAPERS / run_id


PAPER_FILES = "board_paper*.*"


def promote_papers(reports_dir: Path, run_id: str) -> list[Path]:
    """Move the run's staged papers into place (one rename each), then drop every staged folder
    (what failed runs left). A month's papers the run did not render again (an older month's
    PDF and Word files when a backfill printed only its last month) go: they would disagree with
    the month's new HTML."""
    staged = staged_papers_dir(reports_dir, run_id)
    placed = []
    for folder in sorted({p.parent for p in staged.rglob(PAPER_FILES) if p.is_file()}):
        target_folder = reports_dir / folder.relative_to(staged)
        target_folder.mkdir(parents=True, exist_ok=True)
        fresh = {p.name for p in folder.glob(PAPER_FILES)}
        for paper in sorted(folder.glob(PAPER_FILES)):
            os.replace(paper, target_folder / paper.name)
            placed.append(target_folder / paper.name)
        for stale in target_folder.glob(PAPER_FILES):
            if stale.name not in fresh:
                stale.unlink()
        open_folders(target_folder, reports_dir)  # to reach the published edition
    shutil.rmtree(reports_dir / STAGED_PAPERS, ignore_errors=True)
    return placed


def _run_events(
    context: dg.AssetExecutionContext, kinds: set[dg.DagsterEventType]
) -> list[dg.DagsterEvent]:
    records = context.instance.get_records_for_run(context.run.run_id, of_type=kinds).records
    return [r.event_log_entry.dagster_event for r in records if r.event_log_entry.dagster_event]


def run_check_evaluations(context: dg.AssetExecutionContext) -> list[dg.AssetCheckEvaluation]:
    """The check evaluations recorded so far in this run."""
    return [
        event.event_specific_data
        for event in _run_events(context, {dg.DagsterEventType.ASSET_CHECK_EVALUATION})
    ]


def run_failures(context: dg.AssetExecutionContext) -> list[str]:
    """Failed steps and failed ERROR-severity checks recorded so far in this run."""
    kinds = {dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.ASSET_CHECK_EVALUATION}
    failures = []
    for event in _run_events(context, kinds):
        if event.is_step_failure:
            failures.append(f"step {event.step_key} failed")
            continue
        evaluation = event.event_specific_data
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            failures.append(
                f"check {evaluation.asset_key.to_user_string()} {evaluation.check_name} failed"
            )
    return failures


def _quoted(text: str) -> str:
    return "'" + text.strip().replace("'", "''") + "'"


def describe(con: duckdb.DuckDBPyConnection, mart: MartEntry) -> None:
    """The mart's and its columns' descriptions as DuckDB comments, for SQL tools to show."""
    con.execute(f"COMMENT ON TABLE marts.{mart.name} IS {_quoted(mart.description)}")
    present = {row[0] for row in con.execute(f"DESCRIBE marts.{mart.name}").fetchall()}
    for column, text in mart.columns.items():
        if column in present and text:
            con.execute(f"COMMENT ON COLUMN marts.{mart.name}.{column} IS {_quoted(text)}")
    if SUPPRESSED_COLUMN in present:
        con.execute(
            f"COMMENT ON COLUMN marts.{mart.name}.{SUPPRESSED_COLUMN} IS "
            f"{_quoted(SUPPRESSED_DESCRIPTION)}"
        )


def build_release(
    warehouse_path: Path, release: Path, marts: tuple[MartEntry, ...], threshold: int
) -> dict[str, int]:
    """Copy every mart into `release` (Parquet and DuckDB, with the marts' descriptions, and the
    data dictionary), small breakdown counts suppressed (pcp_assets/small_counts.py), building it
    under a hidden name and renaming it into place when complete; returns row counts per mart."""
    building = release.with_name(BUILDING + release.name)
    (building / "marts").mkdir(parents=True)
    rows = {}
    with duckdb.connect(str(building / "pcp.duckdb")) as con:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse_path)])
        con.execute("CREATE SCHEMA marts")
        for mart in marts:
            select = published_select(f"warehouse.marts.{mart.name}", mart.small_counts, threshold)
            con.execute(f"CREATE TABLE marts.{mart.name} AS {select}")
            describe(con, mart)
            parquet = building / "marts" / f"{mart.name}.parquet"
            con.execute(f"COPY marts.{mart.name} TO '{parquet}' (FORMAT parquet)")
            rows[mart.name] = con.execute(f"SELECT count(*) FROM marts.{mart.name}").fetchone()[0]
        con.execute("DETACH warehouse")
    (building / DICTIONARY).write_text(render_data_dictionary(marts, threshold), encoding="utf-8")
    os.replace(building, release)
    return rows


def point_current_at(published_dir: Path, release: Path) -> None:
    """Swap `current` to `release` atomically (rename of a new link over the old one)."""
    link = published_dir / "current"
    staged = published_dir / f".current-{release.name}"
    staged.symlink_to(release.relative_to(published_dir), target_is_directory=True)
    os.replace(staged, link)


def prune_releases(published_dir: Path, keep: int = RELEASES_KEPT) -> None:
    """Old releases go, and what killed publications left half-built; a reader that still has a
    release open keeps reading its open files. Only complete releases are kept or counted."""
    current = (published_dir / "current").resolve()
    entries = sorted((published_dir / "releases").iterdir())
    for unfinished in (e for e in entries if e.name.startswith(BUILDING)):
        shutil.rmtree(unfinished)
    releases = [e for e in entries if not e.name.startswith(".")]
    for release in releases[:-keep]:
        if release.resolve() != current:
            shutil.rmtree(release)
