"""Case 6 of issue 22 end to end: a department writes `restricted: yes` over commentary that must
not be published. The run stops at the paper with the file and line, and the published edition
and marts stay as they were: the restricted words are nowhere a reader outside the force looks."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH

pytestmark = pytest.mark.minutes(3)

SECRET = "The panel discussed the named household at 4 Example Row."


def _published_files(settings: Settings) -> dict[Path, bytes]:
    month = settings.reports_dir / settings.force_id / REPORTING_MONTH
    papers = sorted(month.glob("board_paper_published.*"))
    return {path: path.read_bytes() for path in papers}


def test_a_misspelt_restricted_flag_stops_the_run_and_publishes_nothing(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = pipeline_copy
    published_before = _published_files(settings)
    current_before = (settings.published_dir / "current").resolve()
    commentary = settings.commentary_dir / settings.force_id / f"{REPORTING_MONTH}.md"
    for other in commentary.parent.glob(f"{REPORTING_MONTH}.*"):
        other.unlink()
    commentary.write_text(f"## 2.1 All crime\nrestricted: yes\n\n{SECRET}\n", encoding="utf-8")

    assert main(["run", "--month", REPORTING_MONTH]) == 1

    out = capsys.readouterr().out
    expected = (
        f"{commentary} line 2: 'restricted: yes' is not the flag's one spelling; a section is "
        "restricted by the line `restricted: true`, exactly, directly under its heading"
    )
    assert [line for line in out.splitlines() if expected in line], out
    assert (settings.published_dir / "current").resolve() == current_before
    assert _published_files(settings) == published_before
    assert all(SECRET.encode() not in data for data in published_before.values())
