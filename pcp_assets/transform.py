"""The dbt project as Dagster assets: staging, intermediate and marts, partitioned by month."""

import json
import os
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pcp_assets.partitions import monthly_partitions, months_in
from pcp_assets.settings import DBT_PROJECT_DIR, Settings
from pcp_assets.warehouse import DUCKDB_POOL


def put_dbt_on_path() -> None:
    """dbt is installed beside this interpreter, whose folder need not be on PATH (`.venv/bin/pcp`).
    Called where dbt is about to be found, not only at import: a caller (a test restoring its
    environment) may have reset PATH since."""
    here = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if here not in path.split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([here, path])


put_dbt_on_path()

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_dbt_manifest(force: bool = False) -> None:
    """Parse the dbt project when its manifest is absent (a fresh clone) or asked to."""
    put_dbt_on_path()
    if force or not dbt_project.manifest_path.exists():
        # The dbt profile reads the warehouse path from the environment.
        Settings.from_env().export()
        dbt_project.preparer.prepare(dbt_project)


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
