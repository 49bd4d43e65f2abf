"""Faults of the surroundings rather than the data, each one line naming what to do, with the exit
code the README gives: a `--force` that is not a force id, a symbolic link in the landing folder,
another run holding the warehouse, a full disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from orchestration.cli import main
from pcp_assets.force_id import checked_force_id
from pcp_assets.loading import CheckedDelivery, DeliveryError
from pcp_assets.settings import PROJECT_ROOT, Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from pcp_assets.warehouse import WarehouseError, open_warehouse
from tests.conftest import FRESHNESS_DAY

pytestmark = pytest.mark.minutes(4.5)

PCP = Path(sys.executable).parent / "pcp"
SECRET_LINE = "root-of-the-secret:x:0:0"


@pytest.fixture
def two_months(
    two_generated_months: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """September and October 2026 generated, nothing loaded; every path in the test's folder."""
    for name in ("reports", "published", "data_docs", "logs"):
        monkeypatch.setenv(f"PCP_{name.upper()}_DIR", str(tmp_path / name))
    monkeypatch.setenv("PCP_TODAY", FRESHNESS_DAY)
    return Settings.from_env()


@pytest.mark.parametrize("force", ["../etc", "/etc", "Midshire", "mid shire", "-x", ""])
def test_a_force_that_is_not_a_force_id_stops_before_anything_runs(
    force: str, two_months: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", f"--force={force}"]) == 2
    assert capsys.readouterr().out == (
        f"pcp: --force {force!r} is not a force id (lowercase letters, digits, '-' and '_', "
        "starting with a letter or digit, e.g. midshire)\n"
    )
    assert not two_months.duckdb_path.parent.exists() and not two_months.reports_dir.exists()


def test_force_ids_of_the_known_forces_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    for force in ("midshire", "wealdshire", "bedfordshire", "avon-and-somerset", "city_of_london"):
        assert checked_force_id(force, "--force") == force
    monkeypatch.setenv("PCP_FORCE_ID", "../etc")
    with pytest.raises(ValueError, match=r"^PCP_FORCE_ID '\.\./etc' is not a force id"):
        Settings.from_env()


def _secret_outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET_LINE}\nsecond\n")
    return secret


def test_a_symlinked_delivery_or_extract_folder_is_refused_without_reading_it(
    two_months: Settings, tmp_path: Path
) -> None:
    secret = _secret_outside(tmp_path)
    crimes = two_months.landing_dir / "crimes" / "2026-10.csv"
    crimes.unlink()
    crimes.symlink_to(secret)
    outcomes = two_months.landing_dir / "outcomes"
    moved = shutil.move(outcomes, tmp_path / "outside" / "outcomes")
    outcomes.symlink_to(moved, target_is_directory=True)
    source = ForceExtracts()
    october = date(2026, 10, 1)
    [refused] = source.months_checker(two_months, "crimes")([october])
    assert isinstance(refused, DeliveryError)
    assert str(refused) == (
        f"{crimes}: it is a symbolic link, not followed; put the delivered file itself in the "
        "folder"
    )
    [refused] = source.months_checker(two_months, "outcomes")([october])
    assert isinstance(refused, DeliveryError)
    assert str(refused) == (
        f"{outcomes / '2026-10.csv'}: its folder 'outcomes' is a symbolic link, not followed; put "
        "the delivered file itself in the folder"
    )
    # a file that is not a link, in a folder that is not, is read as before
    [read] = source.months_checker(two_months, "incidents")([october])
    assert isinstance(read, CheckedDelivery)
    assert read.file.rows_delivered > 0


def test_a_run_over_a_symlink_to_a_secret_refuses_it_and_prints_nothing_of_it(
    two_months: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crimes = two_months.landing_dir / "crimes" / "2026-10.csv"
    crimes.unlink()
    crimes.symlink_to(_secret_outside(tmp_path))
    assert main(["run", "--month", "2026-10"]) == 1
    output = capsys.readouterr()
    refused = [line for line in output.out.splitlines() if line.startswith("pcp: refused: ")]
    assert refused == [
        f"pcp: refused: {crimes}: it is a symbolic link, not followed; put the delivered file "
        "itself in the folder"
    ]
    assert SECRET_LINE not in output.out + output.err
    assert "nothing was published" in output.out


HOLD = """
import sys, time
from pathlib import Path
{hold}
print("holding", flush=True)
time.sleep(120)
"""


def _holder(code: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(hold=code)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "holding\n"
    return process


def test_a_second_run_stops_in_one_line_naming_the_run_that_holds_the_warehouse(
    two_months: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    warehouse = two_months.duckdb_path
    holder = _holder(
        "from orchestration.run_lock import holding_warehouse\n"
        f"held = holding_warehouse(Path({str(warehouse)!r}))\n"
        "held.__enter__()"
    )
    try:
        assert main(["run", "--month", "2026-10"]) == 2
    finally:
        holder.kill()
        holder.wait()
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"pcp: another run holds the warehouse {warehouse} (pid {holder.pid}); wait for it to "
        "finish"
    )
    assert not warehouse.exists()  # nothing of the second run ran


def test_a_warehouse_another_process_has_open_is_named_with_its_pid(tmp_path: Path) -> None:
    warehouse = tmp_path / "pcp.duckdb"
    holder = _holder(f"import duckdb\ncon = duckdb.connect({str(warehouse)!r})")
    try:
        with pytest.raises(WarehouseError) as held:
            open_warehouse(warehouse, read_only=True)
    finally:
        holder.kill()
        holder.wait()
    assert str(held.value) == (
        f"another run holds the warehouse {warehouse} (pid {holder.pid}); wait for it to finish"
    )
    open_warehouse(warehouse).close()  # free again once it has gone


def _can_mount_in_a_namespace(folder: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = ["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.mark.parametrize(("setting", "size"), [("warehouse", "3m"), ("dagster_home", "700k")])
def test_a_full_disk_is_said_in_one_line_naming_where_to_free_space(
    two_months: Settings, setting: str, size: str
) -> None:
    """A small tmpfs mounted over the folder, in a private mount namespace: writes there fail
    with ENOSPC, as on a full disk."""
    folder = {"warehouse": two_months.duckdb_path.parent, "dagster_home": two_months.dagster_home}
    full = folder[setting]
    full.mkdir(parents=True)
    if not _can_mount_in_a_namespace(full):
        pytest.skip("cannot mount a tmpfs in a user and mount namespace here (unshare -rm)")
    script = f'mount -t tmpfs -o size={size} tmpfs "$1" && exec "$2" run --month 2026-10'
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", str(full), str(PCP)],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=600,
    )
    named = two_months.duckdb_path if setting == "warehouse" else full
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"pcp: the disk holding {named} is full; free space and run again"
    )
    for noise in ("Traceback", "TransactionContext", "sqlalchemy"):
        assert noise not in result.stdout + result.stderr
