"""The dbt project as Dagster assets: staging, intermediate and marts, partitioned by month."""

import json
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pcp_assets.partitions import monthly_partitions, months_in
from pcp_assets.settings import DBT_PROJECT_DIR, Settings
from pcp_assets.warehouse import DUCKDB_POOL

# dbt is installed beside this interpreter, whose folder need not be on PATH (`.venv/bin/pcp`).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def prepare_dbt_manifest(force: bool = False) -> None:
    """Parse the dbt project when its manifest is absent (a fresh clone) or asked to."""
    if force or not dbt_project.manifest_path.exists():
        # The dbt profile reads the warehouse path from the environment.
        Settings.from_env().export()
        dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()


def dbt_build_args(months: list[date]) -> list[str]:
    """`dbt build` for a run's months; dbt unit tests run in CI, not in scheduled builds."""
    window = {"month_from": months[0].isoformat(), "month_to": months[-1].isoformat()}
    return ["build", "--exclude", "test_type:unit", "--vars", json.dumps(window)]


class SchemaKeyedTranslator(DagsterDbtTranslator):
    """Key models and seeds by `<schema>/<name>`, so `marts/crime_volume` reads as it is queried."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id)
        if node is None or node["resource_type"] not in {"model", "seed"}:
            return spec
        return spec.replace_attributes(key=dg.AssetKey([node["schema"], node["name"]]))


prepare_dbt_manifest()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_dbt_translator=SchemaKeyedTranslator(),
    pool=DUCKDB_POOL,
)
def pcp_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    yield from dbt.cli(dbt_build_args(months_in(context)), context=context).stream()
