"""The dbt project as Dagster assets: staging, intermediate and marts, partitioned by month.

dbt learns where the warehouse is from one place: `--vars {warehouse_path: ...}` on every
invocation (the profile reads `var('warehouse_path')`), taken from the run's settings.
"""

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pcp_assets.partitions import months_in
from pcp_assets.settings import DBT_PROJECT_DIR, Settings
from pcp_assets.warehouse import DUCKDB_POOL

# dbt is installed beside this interpreter, whose folder need not be on PATH (`.venv/bin/pcp`).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def dbt_vars(warehouse: Path, months: list[date] | None = None) -> str:
    """`--vars` of a dbt invocation: the warehouse, and the run's months when it builds some."""
    values: dict[str, str] = {"warehouse_path": str(warehouse)}
    if months:
        values |= {"month_from": months[0].isoformat(), "month_to": months[-1].isoformat()}
    return json.dumps(values)


# What dbt parses: a manifest newer than all of these is the project as it is now.
PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


def read_manifest() -> dict[str, Any]:
    """The dbt manifest as parsed last; read once per parse, however many callers ask."""
    return _manifest_of(dbt_project.manifest_path.stat().st_mtime_ns)


@cache
def _manifest_of(mtime_ns: int) -> dict[str, Any]:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


def manifest_is_current() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return False
    parsed_at = manifest.stat().st_mtime
    for name in PROJECT_INPUTS:
        path = DBT_PROJECT_DIR / name
        files = path.rglob("*") if path.is_dir() else [path]
        if any(f.stat().st_mtime >= parsed_at for f in files if f.is_file()):
            return False
    return True


def prepare_dbt_manifest(settings: Settings) -> None:
    """Parse the dbt project unless its manifest is newer than all of it, so that the assets and
    checks built from the manifest are those of the models as they are now."""
    if manifest_is_current():
        return
    args = ["parse", "--quiet", "--vars", dbt_vars(settings.duckdb_path)]
    dbt_cli().cli(args, target_path=dbt_project.target_path).wait()


def dbt_build_args(settings: Settings, months: list[date]) -> list[str]:
    """`dbt build` for a run's months; dbt unit tests run in CI, not in scheduled builds. No
    colour codes: dbt's lines end up in logs and files, not only on terminals."""
    vars_ = dbt_vars(settings.duckdb_path, months)
    return ["build", "--no-use-colors", "--exclude", "test_type:unit", "--vars", vars_]


class DebugLines:
    """A stream whose lines go to a Dagster log at debug level (dbt's per-model lines: in the UI's
    event log, not on the command line)."""

    def __init__(self, log: dg.DagsterLogManager) -> None:
        self.log = log
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            if line.strip():
                self.log.debug(line)
        return len(text)

    def flush(self) -> None:
        """Lines are logged as they complete; nothing is buffered elsewhere."""


class SchemaKeyedTranslator(DagsterDbtTranslator):
    """Key models and seeds by `<schema>/<name>`, so `marts/crime_volume` reads as it is queried,
    and group them by that layer (staging, intermediate, marts, reference) in the UI."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id)
        if node is None or node["resource_type"] not in {"model", "seed"}:
            return spec
        return spec.replace_attributes(
            key=dg.AssetKey([node["schema"], node["name"]]), group_name=node["schema"]
        )


def build_dbt_assets(
    settings: Settings, partitions: dg.PartitionsDefinition
) -> dg.AssetsDefinition:
    """The dbt models, seeds and tests as assets and checks; parses the project first."""
    prepare_dbt_manifest(settings)

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dbt_translator=SchemaKeyedTranslator(),
        pool=DUCKDB_POOL,
    )
    def pcp_dbt_assets(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        settings: dg.ResourceParam[Settings],
    ) -> Iterator[Any]:
        invocation = dbt.cli(dbt_build_args(settings, months_in(context)), context=context)
        if settings.verbose:
            yield from invocation.stream()
            return
        # dbt prints a line per model and test; without --verbose they go to the event log only
        with contextlib.redirect_stdout(DebugLines(context.log)):  # type: ignore[type-var]
            yield from invocation.stream()

    return pcp_dbt_assets
