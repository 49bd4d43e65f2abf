"""`pcp ui` and `pcp docs`: the Dagster UI and the dbt docs site, each with nothing to export."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from orchestration.data_docs_server import serve_data_docs
from orchestration.runner import dagster_instance, say
from orchestration.supervise import run_until_stopped
from pcp_assets.settings import PROJECT_ROOT, Settings
from pcp_assets.transform import dbt_vars

DBT = Path(sys.executable).with_name("dbt")
DAGSTER = Path(sys.executable).with_name("dagster")


def command_ui(args: argparse.Namespace, settings: Settings) -> int:
    """`dagster dev` on this project's instance (the one `pcp run` records its runs in), and the
    Data Docs its checks link to."""
    dagster_instance(settings).dispose()  # writes the instance's dagster.yaml into its home
    serve_data_docs(settings)
    say(f"Dagster UI on http://{args.host}:{args.port} (Ctrl-C stops it)")
    command = [str(DAGSTER), "dev", "-w", "workspace.yaml", "-h", args.host, "-p", str(args.port)]
    return run_until_stopped(command, PROJECT_ROOT, settings.child_environment())


def command_docs(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the dbt docs (models, columns, lineage, the warehouse's catalog) and serve them,
    with the Data Docs of the marts' checks."""
    target = settings.duckdb_path.parent / "dbt_docs"
    project = PROJECT_ROOT / "dbt_project"
    vars_ = ["--vars", dbt_vars(settings.duckdb_path), "--target-path", str(target)]
    say(f"generating dbt docs into {target}")
    generated = subprocess.call([str(DBT), "docs", "generate", *vars_, "--quiet"], cwd=project)
    if generated != 0:
        say("dbt docs generate failed (is a pipeline run holding the warehouse?)")
        return generated
    if args.no_serve:
        say(f"dbt docs: {target / 'index.html'}")
        return 0
    serve_data_docs(settings)
    say(f"dbt docs on http://{args.host}:{args.port} (Ctrl-C stops it)")
    serve = ["docs", "serve", *vars_, "--host", args.host, "--port", str(args.port), "--no-browser"]
    return run_until_stopped([str(DBT), *serve], project, settings.child_environment())


def add_serve_commands(commands: argparse._SubParsersAction) -> None:
    ui = commands.add_parser("ui", help="start the Dagster UI on this project's runs")
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    ui.add_argument("--port", type=int, default=3000, help="port (default 3000)")
    ui.set_defaults(handler=command_ui)
    docs = commands.add_parser(
        "docs", help="generate and serve the dbt docs of the marts (and the Data Docs)"
    )
    docs.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    docs.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    docs.add_argument("--no-serve", action="store_true", help="generate only, print where")
    docs.set_defaults(handler=command_docs)
