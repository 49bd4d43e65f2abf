"""The dbt project as Dagster assets: staging, intermediate and marts, partitioned by month.

dbt learns where the warehouse is from one place: `--vars {warehouse_path: ...}` on every
invocation (the profile reads `var('warehouse_path')`), taken from the run's settings.
"""

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from dagster_dbt.core.dbt_cli_invocation import PARTIAL_PARSE_FILE_NAME
from packaging.version import Version

from data_contracts.registry import extracts as all_extracts
from pcp_assets.dbt_manifest import MANIFEST_PATH, read_manifest
from pcp_assets.dbt_test_findings import with_findings
from pcp_assets.mart_schemas import dbt_errors, drifted_marts, rebuild_selection
from pcp_assets.partitions import months_in
from pcp_assets.run_forces import force_groups, forces_going_on
from pcp_assets.settings import DBT_PROJECT_DIR, Settings, dbt_build_environment
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

# dbt is installed beside this interpreter, whose folder need not be on PATH (`.venv/bin/pcp`).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class DbtCli(DbtCliResource):
    """dagster-dbt's dbt resource without the dbt adapter it loads in this process before every
    invocation (loading the project and parsing every macro: a quarter of a one-month build's dbt
    step, by profile). dagster-dbt uses it only to fetch row counts and column metadata, which this
    project does not ask for; the dbt process itself is unchanged."""

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None

    @cached_property
    def _cli_version(self) -> Version:
        """The installed dbt-core's version. dagster-dbt asks `dbt --version` in a process of its
        own (2 to 3.5 s before every invocation, by profile); dbt here is the dbt-core installed
        beside this interpreter (DBT_EXECUTABLE)."""
        return Version(installed_version("dbt-core"))


def dbt_cli() -> DbtCliResource:
    return DbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def dbt_vars(warehouse: Path) -> str:
    """`--vars` of a dbt invocation: the warehouse. The same for every run of a warehouse, so dbt
    parses the project again only when it changed (partial parsing keys on the vars)."""
    return json.dumps({"warehouse_path": str(warehouse)})


# What dbt parses: a manifest newer than all of these is the project as it is now.
PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


def manifest_is_current() -> bool:
    manifest = MANIFEST_PATH
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
    checks built from the manifest are those of the models as they are now. The parse writes into
    a folder of its own and the manifest is then put in place whole: a process loading the
    definitions meanwhile (the UI's, another run's) never reads half a file."""
    if manifest_is_current():
        return
    args = ["parse", "--quiet", "--vars", dbt_vars(settings.duckdb_path)]
    manifest = MANIFEST_PATH
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=manifest.parent, prefix=".parse-") as folder:
        dbt_cli().cli(args, target_path=Path(folder)).wait()
        os.replace(Path(folder) / manifest.name, manifest)


def dbt_build_args(settings: Settings) -> list[str]:
    """`dbt build` of the warehouse; dbt unit tests run in CI, not in scheduled builds. No
    colour codes: dbt's lines end up in logs and files, not only on terminals. The months it
    writes and its force are in its environment (`dbt_build_environment`), not in its vars."""
    vars_ = dbt_vars(settings.duckdb_path)
    return ["build", "--no-use-colors", "--exclude", "test_type:unit", "--vars", vars_]


def build_models(
    dbt: DbtCliResource,
    context: dg.AssetExecutionContext,
    settings: Settings,
    *,
    rebuild: str | None = None,
) -> None:
    """`dbt build` of seeds and models, without tests, its lines to the event log at debug level:
    the step's models for a group of the run's forces (in the environment; the last group's build
    streams models' and tests' events, its tests reading every force of the run), or, given
    `rebuild` (a dbt selection), those models full-refreshed for every month and force. Seeds
    too, where `dbt run` would not load them: a first build's first group, or a rebuild, may read
    reference tables no build has written yet. Raises dg.Failure naming what broke."""
    kinds = ["--resource-type", "seed", "--resource-type", "model"]
    args = ["build", *kinds, "--no-use-colors", "--vars", dbt_vars(settings.duckdb_path)]
    if rebuild is not None:  # outside the run's month and forces: no selection from the step
        args += ["--full-refresh", "--select", rebuild]
    lines = DebugLines(context.log)
    try:
        with contextlib.redirect_stdout(lines):  # type: ignore[type-var]
            selecting = None if rebuild is not None else context
            invocation = dbt.cli(args, context=selecting, raise_on_error=False).wait()
    finally:
        lines.close()
    if not invocation.is_successful():
        errors = dbt_errors(invocation.get_artifact("run_results.json"))
        raise dg.Failure(description="dbt: " + ("; ".join(errors) or "the build failed"))
    shutil.rmtree(invocation.target_path, ignore_errors=True)


def keep_partial_parse(invocation: DbtCliInvocation) -> None:
    """Keep the invocation's parse state as the project's, so that the next invocation (each has
    a target folder of its own, seeded from the project's) parses only what changed since."""
    parsed = invocation.target_path / PARTIAL_PARSE_FILE_NAME
    if parsed.exists():
        kept = Path(dbt_project.project_dir, dbt_project.target_path, PARTIAL_PARSE_FILE_NAME)
        temp = kept.with_name(f".{kept.name}.{invocation.process.pid}")
        shutil.copy(parsed, temp)
        os.replace(temp, kept)


class DebugLines:
    """A stream that keeps dbt's per-model lines and logs them to Dagster at debug level as one
    entry when closed: in the UI's event log, not on the command line. One entry, not one per
    line: each entry is a write to the event log's database, and dbt prints hundreds of lines."""

    def __init__(self, log: dg.DagsterLogManager) -> None:
        self.log = log
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        """Everything is logged on close."""

    def close(self) -> None:
        lines = [line for line in self.text.splitlines() if line.strip()]
        if lines:
            self.log.debug("dbt:\n" + "\n".join(lines))
        self.text = ""


def streamed(
    invocation: DbtCliInvocation, log: dg.DagsterLogManager, verbose: bool
) -> Iterator[Any]:
    """The build's Dagster events; dbt prints a line per model and test, which without
    --verbose go to the event log (DebugLines), not the command line."""
    if verbose:
        yield from invocation.stream()
        return
    lines = DebugLines(log)
    try:
        with contextlib.redirect_stdout(lines):  # type: ignore[type-var]
            yield from invocation.stream()
    finally:
        lines.close()


def failed_blocking(event: Any) -> bool:
    """A dbt test of error severity that failed: said with what it found once dbt has exited."""
    return (
        isinstance(event, dg.AssetCheckResult)
        and not event.passed
        and event.severity == dg.AssetCheckSeverity.ERROR
    )


# Every load of a month records its file here (pcp_assets/loading.py).
LOADS = dg.AssetKey(["raw", "loads"])


class SchemaKeyedTranslator(DagsterDbtTranslator):
    """Key models and seeds by `<schema>/<name>`, so `marts/crime_volume` reads as it is queried,
    and group them by that layer (staging, intermediate, marts, reference) in the UI.

    The dbt sources are the raw tables. In the graph of one source's code location (`extracts`),
    a model reads `raw.loads` from the raw assets that write it (every load records its file
    there), and the other source's raw tables, which no asset here loads, are left out: their
    staging views read them empty."""

    def __init__(self, extracts: tuple[str, ...]) -> None:
        super().__init__()
        self.extracts = extracts

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id)
        if node is None or node["resource_type"] not in {"model", "seed"}:
            return spec
        return spec.replace_attributes(
            key=dg.AssetKey([node["schema"], node["name"]]),
            group_name=node["schema"],
            deps=[d for dep in spec.deps for d in self._loaded_by(dep)],
        )

    def _loaded_by(self, dep: dg.AssetDep) -> list[dg.AssetDep]:
        """What this location loads of a raw table a model reads (nothing for another source's)."""
        schema, name = dep.asset_key.path[0], dep.asset_key.path[-1]
        if dep.asset_key == LOADS:
            return [dg.AssetDep(dg.AssetKey(["raw", extract])) for extract in self.extracts]
        if schema == "raw" and name in all_extracts() and name not in self.extracts:
            return []
        return [dep]


def build_dbt_assets(
    settings: Settings, extracts: tuple[str, ...], partitions: dg.PartitionsDefinition
) -> dg.AssetsDefinition:
    """The dbt models, seeds and tests as assets and checks, reading the raw tables of the
    location's source's `extracts`; parses the project first."""
    prepare_dbt_manifest(settings)

    @dbt_assets(
        manifest=MANIFEST_PATH,
        project=dbt_project,
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dbt_translator=SchemaKeyedTranslator(extracts),
        pool=DUCKDB_POOL,
    )
    def pcp_dbt_assets(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> Iterator[Any]:
        with warehouse.connect(read_only=True) as con:
            drifted = drifted_marts(con, read_manifest())
            forces = [each.force_id for each in forces_going_on(con, settings, context.run.run_id)]
            groups = force_groups(con, forces, months_in(context), settings.dbt_force_months)
        if drifted:
            context.log.info(
                f"marts new or changed in this version, rebuilt for every month: "
                f"{', '.join(drifted)}"
            )
            build_models(dbt, context, settings, rebuild=rebuild_selection(drifted))
        for group in groups[:-1]:
            context.log.info(f"dbt models of {', '.join(group)} (PCP_DBT_FORCE_MONTHS)")
            with dbt_build_environment(months_in(context), group):
                build_models(dbt, context, settings)
        with dbt_build_environment(months_in(context), groups[-1], tested=forces):
            invocation = dbt.cli(dbt_build_args(settings), context=context, raise_on_error=False)
        failed_tests: list[dg.AssetCheckResult] = []
        for event in streamed(invocation, context.log, settings.verbose):
            if failed_blocking(event):
                failed_tests.append(event)
            else:
                yield event
        if failed_tests:  # dbt has exited: the warehouse can be read
            with warehouse.connect(read_only=True) as con:
                yield from with_findings(
                    failed_tests,
                    invocation.get_artifact("run_results.json"),
                    invocation.manifest,
                    con,
                    forces,
                )
        if (error := invocation.get_error()) is not None:
            errors = dbt_errors(invocation.get_artifact("run_results.json"))
            if errors:  # what broke, not only that the dbt process did
                # not chained: a step's failure is said by the error that started it, which
                # would then be dbt's "process failed" instead of these lines
                raise dg.Failure(description="dbt: " + "; ".join(errors)) from None
            raise error
        keep_partial_parse(invocation)
        # A build's own target folder (about 14 MB: manifest, compiled SQL, run results) would
        # pile up run after run; a failed build's is kept (its error is raised above) for its SQL
        # and log.
        shutil.rmtree(invocation.target_path, ignore_errors=True)

    return pcp_dbt_assets
