"""dbt run by hand on a test's warehouse, in a subprocess (in-process, dbt-duckdb would keep the
warehouse file open)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from pcp_assets.settings import DBT_PROJECT_DIR


def dbt(
    warehouse: Path,
    *args: str,
    target: str,
    environment: Mapping[str, str] | None = None,
    succeeds: bool = True,
    **variables: str,
) -> subprocess.CompletedProcess[str]:
    """dbt on `warehouse` (the profile's `warehouse_path` var, with further `--vars`), with
    `environment` added to this process's; each invocation writes its own target folder
    (`target`, beside the warehouse), so one cannot overwrite the run_results.json another test
    reads. Fails the test unless dbt succeeds (or, with `succeeds=False`, fails)."""
    work = warehouse.parent
    command = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(work / target),
        "--log-path",
        str(work / "logs"),
        "--vars",
        json.dumps({"warehouse_path": str(warehouse), **variables}),
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(environment or {})},
        check=False,
    )
    assert (result.returncode == 0) == succeeds, result.stdout[-5000:] + result.stderr[-2000:]
    return result
