"""Publish the marts for analysts: only after every check passed, by an atomic swap.

A release is a folder holding one Parquet file per mart and a DuckDB file with the same tables.
`<published_dir>/current` is a symbolic link to the newest release, replaced with one `rename`, so
a reader sees the old release or the new one, never half of either. Readers open the release's
own files, never the warehouse, so they neither block the pipeline nor are blocked by it.
"""

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.partitions import monthly_partitions
from pcp_assets.settings import Settings
from pcp_assets.transform import dbt_project
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

RELEASES_KEPT = 3


def marts_in_manifest(manifest_path: Path) -> tuple[str, ...]:
    """Every model the dbt project builds in the marts schema, sorted."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    return tuple(
        sorted(n["name"] for n in nodes if n["resource_type"] == "model" and n["schema"] == "marts")
    )


# What analysts get: every mart, as the dbt manifest lists them.
MARTS_READ = marts_in_manifest(dbt_project.manifest_path)


def build_release(warehouse_path: Path, release: Path) -> dict[str, int]:
    """Copy every mart into `release` (Parquet and DuckDB); returns row counts per mart."""
    (release / "marts").mkdir(parents=True)
    rows = {}
    with duckdb.connect(str(release / "pcp.duckdb")) as con:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse_path)])
        con.execute("CREATE SCHEMA marts")
        for mart in MARTS_READ:
            con.execute(f"CREATE TABLE marts.{mart} AS SELECT * FROM warehouse.marts.{mart}")
            parquet = release / "marts" / f"{mart}.parquet"
            con.execute(f"COPY marts.{mart} TO '{parquet}' (FORMAT parquet)")
            rows[mart] = con.execute(f"SELECT count(*) FROM marts.{mart}").fetchone()[0]
        con.execute("DETACH warehouse")
    return rows


def point_current_at(published_dir: Path, release: Path) -> None:
    """Swap `current` to `release` atomically (rename of a new link over the old one)."""
    link = published_dir / "current"
    staged = published_dir / f".current-{release.name}"
    staged.symlink_to(release.relative_to(published_dir), target_is_directory=True)
    os.replace(staged, link)


def prune_releases(published_dir: Path, keep: int = RELEASES_KEPT) -> None:
    """Old releases go; a reader that still has one open keeps reading its open files."""
    current = (published_dir / "current").resolve()
    releases = sorted((published_dir / "releases").iterdir())
    for release in releases[:-keep]:
        if release.resolve() != current:
            shutil.rmtree(release)


@dg.asset(
    key=["published", "marts"],
    group_name="published",
    # Partitioned like the rest so it runs in the monthly job; it publishes every month's rows.
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[dg.AssetKey(["marts", mart]) for mart in MARTS_READ],
    pool=DUCKDB_POOL,
    kinds={"parquet", "duckdb"},
    description="The marts as analysts read them: data/published/current/ (Parquet files and "
    "a DuckDB copy), swapped in only after every blocking check of the run passed.",
)
def published_marts(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    published_dir = Settings.from_env().published_dir
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    release = published_dir / "releases" / f"{stamp}-{context.run.run_id[:8]}"
    rows = build_release(Path(warehouse.path), release)
    point_current_at(published_dir, release)
    prune_releases(published_dir)
    context.log.info(f"published {release.name}: {rows}")
    return dg.MaterializeResult(
        metadata={
            "release": dg.MetadataValue.path(str(release)),
            "current": dg.MetadataValue.path(str(published_dir / "current" / "pcp.duckdb")),
            **{f"rows_{mart}": count for mart, count in rows.items()},
        }
    )
