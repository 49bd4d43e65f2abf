"""Who may read what a real run wrote (PCP_FILE_MODE, docs/personal-data.md): the warehouse (names
and dates of birth in `raw`), the Dagster home, the logs, Data Docs and the board's edition of the
paper are for the owner and the pipeline's group only; the published edition and the published
marts are for anyone, as before."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.cli import main
from pcp_assets.file_modes import open_folders
from pcp_assets.settings import PROJECT_ROOT, Settings
from tests.conftest import REPORTING_MONTH


def _modes(root: Path) -> dict[Path, int]:
    """Every file and folder under `root` (and root) with its permission bits; links skipped."""
    found = {root: stat.S_IMODE(root.stat().st_mode)}
    for folder, folders, files in os.walk(root):
        for name in [*folders, *files]:
            path = Path(folder) / name
            if not path.is_symlink():
                found[path] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_a_run_writes_private_places_for_the_group_and_published_ones_for_anyone(
    completed_run: Settings,
) -> None:
    settings = completed_run
    private = [
        settings.duckdb_path.parent,
        settings.dagster_home,
        settings.data_docs_dir,
        *([settings.logs_dir] if settings.logs_dir.exists() else []),
    ]
    for root in private:
        modes = _modes(root)
        assert len(modes) > 1, root
        exposed = {str(p): oct(m) for p, m in modes.items() if m & 0o027}
        assert exposed == {}, f"group-writable or open to others under {root}"
    assert stat.S_IMODE(settings.duckdb_path.stat().st_mode) == 0o640
    assert stat.S_IMODE(settings.duckdb_path.parent.stat().st_mode) == 0o750
    assert stat.S_IMODE(settings.dagster_home.stat().st_mode) == 0o750

    month = settings.reports_dir / settings.force_id / REPORTING_MONTH
    papers = {p.name: stat.S_IMODE(p.stat().st_mode) for p in month.iterdir()}
    assert papers == {
        **{f"board_paper.{suffix}": 0o640 for suffix in ("html", "pdf", "docx")},
        **{f"board_paper_published.{suffix}": 0o644 for suffix in ("html", "pdf", "docx")},
        "board_paper_commentary.md": 0o640,  # the departments' template: exact counts
    }
    for folder in (month, month.parent, settings.reports_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder

    published = _modes(settings.published_dir)
    assert len(published) > 10
    for path, mode in published.items():
        assert mode == (0o755 if path.is_dir() else 0o644), (str(path), oct(mode))
    assert (settings.published_dir / "current" / "pcp.duckdb").is_file()


PRIVATE_WRITER = """
import sqlite3, sys
from pathlib import Path
import duckdb
from pcp_assets.file_modes import restrict_new_files
restrict_new_files(sys.argv[1])
folder = Path(sys.argv[2]) / "new" / "deeper"
folder.mkdir(parents=True)
duckdb.connect(str(folder / "pcp.duckdb")).execute("CREATE TABLE t AS SELECT 1 AS x").close()
sqlite3.connect(folder / "runs.db").execute("CREATE TABLE t (x)").connection.commit()
(folder / "run_failures.log").write_text("x")
"""


@pytest.mark.parametrize(("file_mode", "files", "folders"), [("private", 0o600, 0o700)])
def test_private_mode_gives_the_owner_alone_what_duckdb_sqlite_and_python_create(
    file_mode: str, files: int, folders: int, tmp_path: Path
) -> None:
    command = [sys.executable, "-c", PRIVATE_WRITER, file_mode, str(tmp_path)]
    subprocess.run(command, cwd=PROJECT_ROOT, check=True)
    folder = tmp_path / "new" / "deeper"
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes == {"pcp.duckdb": files, "runs.db": files, "run_failures.log": files}
    for each in (folder, folder.parent):
        assert stat.S_IMODE(each.stat().st_mode) == folders


def test_a_file_mode_that_is_not_one_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PCP_FILE_MODE", "0644")
    assert main(["status"]) == 2
    assert capsys.readouterr().out == (
        "pcp: PCP_FILE_MODE='0644' is not a file mode: set group or private (default group)\n"
    )


def test_folders_are_opened_from_a_published_one_up_to_the_top_only(tmp_path: Path) -> None:
    month = tmp_path / "reports" / "midshire" / "2026-10"
    month.mkdir(parents=True, mode=0o700)
    for folder in (tmp_path, tmp_path / "reports", month.parent):
        folder.chmod(0o700)
    open_folders(month, tmp_path / "reports")
    opened = {
        str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode))
        for p in (month, month.parent, tmp_path / "reports")
    }
    assert opened == {
        "reports/midshire/2026-10": "0o755",
        "reports/midshire": "0o755",
        "reports": "0o755",
    }
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700  # above the top: left alone
    open_folders(tmp_path / "elsewhere", tmp_path / "reports")  # not under the top: nothing
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
