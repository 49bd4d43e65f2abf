"""Hostile surroundings that are not a bad file's content: strangers in the landing folder, a
truncated download, a half-built release, a damaged warehouse. None may crash a run or lose data;
each is named."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from data_contracts.registry import extracts_of
from orchestration.cli import main
from pcp_assets.landing import scan_landing
from pcp_assets.loading import DeliveryError, load_delivery
from pcp_assets.mart_catalog import MartEntry
from pcp_assets.publication import build_release, prune_releases
from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.sources.force_extracts.synthetic import generate
from pcp_assets.sources.police_uk import downloads as police_uk

FIXTURE = Path(__file__).parent / "fixtures" / "police_uk" / "bedfordshire"
EXTRACTS = extracts_of("force_extracts")
STRANGERS = ("crimes/2026-10 (1).csv", "incidents/2026-13.csv", "outcomes/notes.txt", ".DS_Store")


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    generate(root, end_month="2026-10", months=2)
    for name in STRANGERS:
        (root / name).write_text("not a delivery\n")
    (root / "crimes" / "old").mkdir()
    return root


def test_strangers_in_the_landing_folder_are_listed_not_read(landing: Path) -> None:
    landed = scan_landing(landing, EXTRACTS)
    assert landed.complete_months() == [date(2026, 9, 1), date(2026, 10, 1)]
    ignored = {str(path.relative_to(landing)) for path in landed.ignored}
    assert ignored == {*STRANGERS, "crimes/old"}


def test_generate_if_missing_names_the_strangers_and_keeps_the_deliveries(
    landing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PCP_LANDING_DIR", str(landing))
    assert main(["generate", "--if-missing"]) == 0
    output = capsys.readouterr().out
    assert "ignored 5 item(s) that are not deliveries" in output
    assert "'2026-10 (1).csv'" in output and "'2026-13.csv'" in output
    assert "not generating" in output


def test_a_damaged_warehouse_is_named_with_what_to_do(
    landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    warehouse = tmp_path / "pcp.duckdb"
    warehouse.write_bytes(b"this is not a DuckDB database" * 100)
    monkeypatch.setenv("PCP_LANDING_DIR", str(landing))
    monkeypatch.setenv("PCP_DUCKDB_PATH", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    assert main(["run", "--month", "2026-10"]) == 2
    output = capsys.readouterr().out
    assert f"{warehouse}: the warehouse cannot be opened" in output
    assert "move it aside" in output


def test_a_truncated_download_is_named(tmp_path: Path) -> None:
    source = FIXTURE / "2022-01" / "2022-01-bedfordshire-street.csv.gz"
    truncated = tmp_path / "2022-01" / source.name
    truncated.parent.mkdir()
    truncated.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        create_raw_tables(con)
        with pytest.raises(DeliveryError) as raised:
            load_delivery(con, "police_uk_street", date(2022, 1, 1), truncated, "bedfordshire")
    message = str(raised.value)
    assert message.startswith(f"{truncated}: the gzip file is truncated or corrupt")


def test_download_folders_tolerate_strangers(tmp_path: Path) -> None:
    folder = tmp_path / "bedfordshire"
    shutil.copytree(FIXTURE, folder)
    (folder / "2022-13").mkdir()
    (folder / "2022-13" / "2022-13-bedfordshire-street.csv").write_text("x\n")
    (folder / "2022-01" / "2022-01-bedfordshire-street (1).csv").write_text("x\n")
    (folder / "README.txt").write_text("downloaded by hand\n")
    months = police_uk.forces_and_months(folder)
    delivered = sorted(date.fromisoformat(f"{p.name}-01") for p in FIXTURE.iterdir())
    assert months == {"bedfordshire": delivered}
    ignored = {str(path.relative_to(folder)) for path in police_uk.ignored_files(folder)}
    assert ignored == {
        "2022-13",
        "2022-13/2022-13-bedfordshire-street.csv",
        "2022-01/2022-01-bedfordshire-street (1).csv",
        "README.txt",
    }


def test_only_complete_releases_are_kept_or_counted(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    marts = (MartEntry("crime_volume"), MartEntry("outcome_rates"))
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA marts")
        for mart in marts:
            con.execute(f"CREATE TABLE marts.{mart.name} AS SELECT 1 AS n")
    published = tmp_path / "published"
    releases = published / "releases"
    for name in ("20260101T000000-a", "20260201T000000-b", "20260301T000000-c"):
        build_release(warehouse, releases / name, marts, 5)
    # a publication killed half-way, newer than every complete release
    (releases / ".building-20260401T000000-d" / "marts").mkdir(parents=True)
    (published / "current").symlink_to(Path("releases") / "20260301T000000-c")

    build_release(warehouse, releases / "20260501T000000-e", marts, 5)
    prune_releases(published, keep=3)

    assert sorted(p.name for p in releases.iterdir()) == [
        "20260201T000000-b",
        "20260301T000000-c",
        "20260501T000000-e",
    ]
    assert (releases / "20260501T000000-e" / "pcp.duckdb").exists()
