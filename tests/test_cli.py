"""The `pcp` command line: its default month, `generate --if-missing`, and the pre-flight errors
that stop a run before anything is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_contracts.registry import extracts_of
from orchestration.cli import main
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic import generate
from tests.conftest import REPORTING_MONTH, isolate

pytestmark = pytest.mark.minutes(4)

POLICE_UK_SLICE = Path(__file__).parent / "fixtures" / "police_uk" / "bedfordshire"


@pytest.fixture()
def empty_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every path setting in a fresh folder; no extracts anywhere."""
    isolate(monkeypatch, tmp_path)
    return tmp_path


def files_of(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.csv")}


def test_generate_if_missing_generates_once(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = empty_project / "landing"
    generate = ["generate", "--if-missing", "--end-month", "2026-10", "--months", "2"]
    assert main(generate) == 0
    written = files_of(landing)
    assert set(written) == {
        f"{extract}/{month}.csv"
        for extract in extracts_of("force_extracts")
        for month in ("2026-09", "2026-10")
    }
    capsys.readouterr()

    assert main([*generate[:2], "--end-month", "2026-12", "--months", "5"]) == 0
    assert files_of(landing) == written  # nothing added, nothing rewritten
    assert "not generating" in capsys.readouterr().out


def test_run_without_extracts_stops_before_loading(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"]) == 2
    out = capsys.readouterr().out
    assert f"no deliveries of midshire in {empty_project / 'landing'}" in out
    assert "pcp generate" in out
    assert not (empty_project / "warehouse").exists()


def test_police_uk_run_without_downloads_stops(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = empty_project / "nowhere"
    assert main(["run", "--source", "police_uk", "--input", str(missing)]) == 2
    assert f"no deliveries of midshire in {missing}" in capsys.readouterr().out


def test_police_uk_force_not_in_the_folder_stops(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = empty_project / "downloads"
    month = sorted(p.name for p in POLICE_UK_SLICE.iterdir())[0]
    for kind in ("street", "outcomes"):
        source = POLICE_UK_SLICE / month / f"{month}-bedfordshire-{kind}.csv.gz"
        target = folder / month / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    code = main(["run", "--source", "police_uk", "--input", str(folder), "--force", "kent"])
    assert code == 2
    out = capsys.readouterr().out
    assert f"no downloads of kent in {folder}; its forces: bedfordshire" in out
    assert not (empty_project / "warehouse").exists()


def test_force_not_in_the_landing_folder_stops(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = empty_project / "landing"
    (landing / "northvale" / extracts_of("force_extracts")[0]).mkdir(parents=True)
    assert main(["run", "--input", str(landing), "--force", "kent"]) == 2
    out = capsys.readouterr().out
    assert f"no folder of kent in {landing}; its forces: northvale" in out
    assert not (empty_project / "warehouse").exists()


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["run", "--month", "2026-13"], "argument --month"),
        (["run", "--month", "October"], "argument --month"),
        (["run", "--month", "2026-1"], "month from 01 to 12, got '2026-1'"),
        (["generate", "--end-month", "2026-00"], "argument --end-month"),
        (["run", "--source", "ons"], "argument --source: invalid choice: 'ons'"),
    ],
)
def test_bad_arguments_exit_2_naming_the_argument(
    empty_project: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], complaint: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    assert complaint in capsys.readouterr().err


def test_a_month_that_has_not_landed_is_one_line_before_any_run(
    empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate(empty_project / "landing", end_month="2026-10", months=1)
    assert main(["run", "--month", "2026-11"]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("pcp: 2026-11 has not landed for midshire")
    assert out[-1].endswith("landed: 2026-10 to 2026-10")
    assert not (empty_project / "warehouse").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("pcp ")


def test_run_defaults_to_the_latest_month_every_extract_has_landed(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # a later crimes file alone is not a landed month: the run stays on the reporting month
    early = pipeline_copy.landing_dir / "crimes" / "2026-11.csv"
    shutil.copy(pipeline_copy.landing_dir / "crimes" / f"{REPORTING_MONTH}.csv", early)
    capsys.readouterr()
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert f"running {REPORTING_MONTH}..{REPORTING_MONTH} (1 month)" in out


def test_status_says_what_landed_was_built_run_and_published(
    completed_run: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"pcp: landed: 2024-10..{REPORTING_MONTH} (25 months)" in lines
    assert "pcp: every landed delivery is loaded" in lines
    release = (completed_run.published_dir / "current").resolve().name
    assert f"pcp: latest month published: {REPORTING_MONTH} (release {release})" in lines
    (run,) = [line for line in lines if line.startswith("pcp: last run: ")]
    assert " success for " in run and ", 0 failed" in run
