"""The second floor of `pcp bench`: the dbt project's models as `dbt compile` writes them, run by
plain DuckDB as one script over the warehouse's raw tables and seeds (attached read-only). Every
model is created in dependency order as dbt materialises it: a view as a view, a mart (incremental)
as a table of its compiled SQL for the build's months of every force, as a first build writes it.
What the models' SQL costs, without dbt, Dagster, data tests, checks or papers."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

# The catalog name of the warehouse attached to the floor's database (which takes the warehouse's
# own name, the catalog the compiled SQL names).
LOADED = "loaded"


@dataclass(frozen=True)
class CompiledFloor:
    seconds: float  # the models' script
    cpu_seconds: float  # of this process (DuckDB's threads included)
    compile_seconds: float  # `dbt compile`, not part of the floor
    models: int
    con: duckdb.DuckDBPyConnection  # the database holding its tables, marts.* among them


def compile_models(warehouse: Path, months: tuple[date, date]) -> tuple[dict[str, Any], float]:
    """The manifest of `dbt compile` of every model for `months` (first, last) of every force, and
    the seconds it took. With the warehouse's own vars, as the build's, dbt parses only what changed
    since (the models read no state of the warehouse: none asks whether it is incremental); into a
    target folder of its own, so the project's manifest is left as it is."""
    from pcp_assets.settings import dbt_build_environment
    from pcp_assets.transform import dbt_cli, dbt_vars

    args = ["compile", "--quiet", "--no-use-colors", "--select", "resource_type:model"]
    args += ["--vars", dbt_vars(warehouse)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="compiled-floor-") as folder:
        with dbt_build_environment(list(months), []):
            invocation = dbt_cli().cli(args, target_path=Path(folder))
        invocation.wait()
        manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    return manifest, time.perf_counter() - started


def models_in_order(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The project's models, each after the models it reads."""
    models = {
        node_id: node
        for node_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    graph = {
        node_id: sorted(set(node["depends_on"]["nodes"]) & models.keys())
        for node_id, node in sorted(models.items())
    }
    return [models[node_id] for node_id in TopologicalSorter(graph).static_order()]


def inputs(manifest: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(schema, table, relation name in the compiled SQL) of every source and seed a model reads."""
    read = {
        dependency
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        for dependency in node["depends_on"]["nodes"]
    }
    found = [
        (source["schema"], source["identifier"], source["relation_name"])
        for source_id, source in manifest["sources"].items()
        if source_id in read
    ]
    found += [
        (node["schema"], node["alias"], node["relation_name"])
        for node_id, node in manifest["nodes"].items()
        if node["resource_type"] == "seed" and node_id in read
    ]
    return sorted(found)


def model_sql(node: dict[str, Any]) -> str:
    """A model's statement: a view as a view; a table as dbt-duckdb creates one, with its enforced
    contract's columns and types, then its rows inserted."""
    relation, code = node["relation_name"], node["compiled_code"].strip().rstrip(";")
    if node["config"]["materialized"] == "view":
        return f"create view {relation} as (\n{code}\n);"
    if not node["config"]["contract"]["enforced"]:
        return f"create table {relation} as (\n{code}\n);"
    columns = node["columns"].values()
    declared = ", ".join(f'"{column["name"]}" {column["data_type"]}' for column in columns)
    names = ", ".join(f'"{column["name"]}"' for column in columns)
    return (
        f"create table {relation} ({declared});\n"
        f"insert into {relation} ({names}) (select {names} from (\n{code}\n) as model_subq);"
    )


def script(models: list[dict[str, Any]]) -> str:
    """The models' statements in their order, their schemas created first."""
    schemas = sorted({node["schema"] for node in models})
    created = [f"create schema if not exists {schema};" for schema in schemas]
    return "\n\n".join([*created, *map(model_sql, models)]) + "\n"


def run_compiled_floor(warehouse: Path, folder: Path, months: tuple[date, date]) -> CompiledFloor:
    """The models' compiled SQL for `months` as one script into a fresh database in `folder` (on
    disk, as the warehouse is), over the warehouse's sources and seeds; the script is kept there
    as `models.sql`."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / warehouse.name
    database.unlink(missing_ok=True)
    manifest, compile_seconds = compile_models(warehouse, months)
    con = duckdb.connect(str(database))
    con.execute("SET enable_progress_bar = false")
    con.execute(f"ATTACH '{warehouse}' AS {LOADED} (READ_ONLY)")
    for schema, table, relation in inputs(manifest):
        con.execute(f"create schema if not exists {schema}")
        con.execute(f"create view {relation} as select * from {LOADED}.{schema}.{table}")
    models = models_in_order(manifest)
    statements = script(models)
    (folder / "models.sql").write_text(statements, encoding="utf-8")
    cpu_before, started = time.process_time(), time.perf_counter()
    con.execute(statements)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_before
    return CompiledFloor(seconds, cpu_seconds, compile_seconds, len(models), con)
