"""Faults: re-runs change nothing, a killed run recovers, readers of the published marts are
never blocked, and a corrected re-delivery rebuilds exactly the months it affects."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.processes import Lines, wait_until_writable
from tests.warehouse_state import mart_fingerprint

pytestmark = pytest.mark.minutes(12)

# An analyst's session: one read-only connection to the published copy, held open and queried
# until told to stop. It says `ready` after its first query (so the test knows the connection is
# open before the run swaps the release) and, at the end, how many queries succeeded.
ANALYST = """
import pathlib, sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
# no progress bar: on a loaded machine a slow query would print one into the count below
con.execute("SET enable_progress_bar = false")
stop = pathlib.Path(sys.argv[2])
con.execute("SELECT sum(crimes_r12) FROM marts.crime_volume").fetchone()
print("ready", flush=True)
queries = 1
while not stop.exists():
    con.execute("SELECT sum(crimes_r12) FROM marts.crime_volume").fetchone()
    queries += 1
    time.sleep(0.05)
print(queries)
"""


def test_rerun_with_an_analyst_reading_changes_nothing(
    pipeline_copy: Settings, tmp_path: Path
) -> None:
    before = mart_fingerprint(pipeline_copy.duckdb_path)
    current = pipeline_copy.published_dir / "current"
    release_before = current.resolve()
    stop = tmp_path / "stop"
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(current / "pcp.duckdb"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    output = Lines(analyst)
    try:
        output.wait_for(lambda line: line == "ready", timeout=60)
        assert current.resolve() == release_before  # connected to the release the run replaces
        assert main(["run", "--month", REPORTING_MONTH]) == 0
    finally:
        stop.touch()
        analyst.wait(timeout=60)
    assert analyst.returncode == 0
    assert int(output.rest(timeout=10)[-1]) > 1  # it went on querying through the swap
    assert mart_fingerprint(pipeline_copy.duckdb_path) == before
    assert current.resolve() != release_before
    assert mart_fingerprint(current / "pcp.duckdb") == before


def test_run_killed_during_dbt_recovers_on_plain_rerun(pipeline_copy: Settings) -> None:
    before = mart_fingerprint(pipeline_copy.duckdb_path)
    run = subprocess.Popen(
        # --verbose: dbt's line per model tells when it is building the marts
        [sys.executable, "-m", "orchestration.cli", "run", "--month", REPORTING_MONTH, "--verbose"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    Lines(run).wait_for(lambda line: "model marts." in line and "START" in line, timeout=600)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    wait_until_writable(pipeline_copy.duckdb_path, timeout=60)  # the killed dbt has let go

    assert main(["run", "--month", REPORTING_MONTH]) == 0
    assert mart_fingerprint(pipeline_copy.duckdb_path) == before


def relabel_as_robbery(path: Path, rows: int) -> int:
    """A corrected re-delivery: `rows` recorded theft offences turn out to have been robberies."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    thefts = frame.index[(frame["offence_code"] == "49") & (frame["status"] == "recorded")][:rows]
    frame.loc[thefts, ["offence_code", "offence_description"]] = [
        "34B",
        "Robbery of personal property",
    ]
    frame.to_csv(path, index=False)
    return len(thefts)


def loads(con: duckdb.DuckDBPyConnection) -> dict:
    rows = con.execute("SELECT extract, month, loaded_at FROM raw.loads").fetchall()
    return {(extract, month): loaded_at for extract, month, loaded_at in rows}


def robbery_r12(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "SELECT strftime(reporting_month, '%Y-%m'), crimes_r12 FROM marts.crime_volume "
            "WHERE area = 'All' AND offence_group = 'Robbery' AND offence_subgroup = 'All'"
        ).fetchall()
    return dict(rows)


def test_corrected_redelivery_rebuilds_exactly_the_months_it_affects(
    pipeline_copy: Settings,
) -> None:
    # Work on a copy, so the other tests keep the original delivery.
    settings = pipeline_copy
    before = robbery_r12(settings.duckdb_path)
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        loaded_before = loads(con)

    corrected = relabel_as_robbery(settings.landing_dir / "crimes" / "2026-08.csv", rows=20)
    assert corrected == 20
    assert main(["run", "--month", REPORTING_MONTH]) == 0

    after = robbery_r12(settings.duckdb_path)
    for month, total in before.items():
        affected = "2026-08" <= month <= REPORTING_MONTH
        assert after[month] == (total + corrected if affected and total is not None else total)
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        reloaded = {
            month.strftime("%Y-%m")
            for (extract, month), loaded_at in loads(con).items()
            if loaded_at != loaded_before[extract, month]
        }
    assert reloaded == {"2026-08", "2026-09", "2026-10"}
