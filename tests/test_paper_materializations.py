"""The Dagster UI shows a month of `reports/board_paper` materialised exactly when its paper is in
place: a run of many months that prints its last month's paper only materialises that month, a
backfill materialises every month it published, and a run that fails publishes no paper and
records none (pcp_assets/publication_graph.py). Printing: PDF and Word for the last month only,
or for every month a backfill asks for; Word is written after publication, which does not wait
for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from reports import word
from tests.conftest import REPORTING_MONTH
from tests.paper_months import (
    first_run,
    latest_run,
    materialised_months,
    months_in_place,
    months_recorded_by,
)

pytestmark = pytest.mark.minutes(6)


def test_a_run_of_the_whole_history_materialises_the_one_paper_it_put_in_place(
    completed_run: Settings,
) -> None:
    # `pcp run --month 2026-10` on a fresh warehouse builds the 25 months from October 2024 in
    # one run and prints October 2026's paper only (later tests may run months again)
    run = first_run(completed_run)
    assert run.tags["dagster/asset_partition_range_start"] == "2024-10-01"
    assert run.tags["dagster/asset_partition_range_end"] == f"{REPORTING_MONTH}-01"
    assert months_recorded_by(completed_run, run) == [REPORTING_MONTH]
    assert REPORTING_MONTH in months_in_place(completed_run)
    assert materialised_months(completed_run) == months_in_place(completed_run)


def test_a_backfill_materialises_its_months_and_a_failed_one_none(
    pipeline_copy: Settings,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["backfill", "--from", "2026-08", "--to", "2026-09"]) == 0
    assert months_recorded_by(pipeline_copy, latest_run(pipeline_copy)) == ["2026-08", "2026-09"]
    assert months_in_place(pipeline_copy) == {"2026-08", "2026-09", REPORTING_MONTH}
    assert materialised_months(pipeline_copy) == {"2026-08", "2026-09", REPORTING_MONTH}
    # printed (PDF and Word) for its last month only
    assert formats_in_place(pipeline_copy, "2026-08") == {"html", "md"}
    assert formats_in_place(pipeline_copy, "2026-09") == {"html", "md", "pdf", "docx"}

    # July to September rendered, then publication cannot write its release: no paper is put in
    # place, July's included, and none is recorded
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv("PCP_PUBLISHED_DIR", str(blocker / "published"))
    assert main(["backfill", "--from", "2026-07", "--to", "2026-09"]) == 1
    assert "step failed: publication.publish" in capsys.readouterr().out
    assert months_recorded_by(pipeline_copy, latest_run(pipeline_copy)) == []
    assert months_in_place(pipeline_copy) == {"2026-08", "2026-09", REPORTING_MONTH}
    assert materialised_months(pipeline_copy) == {"2026-08", "2026-09", REPORTING_MONTH}


def formats_in_place(settings: Settings, month: str) -> set[str]:
    """The suffixes of the month's paper files in place (both editions, the commentary
    template's `md`)."""
    folder = settings.reports_dir / settings.force_id / month
    return {path.suffix.lstrip(".") for path in folder.glob("board_paper*.*")}


def test_a_backfill_prints_every_month_it_asks_for_and_publication_does_not_wait_for_word(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # python-docx refuses to write the Word files (as lxml does a string with a control
    # character); the HTML and PDF of both months are published before Word is written
    def refusing(*_args: object) -> None:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(word, "Document", refusing)
    release_before = (pipeline_copy.published_dir / "current").resolve()
    assert main(["backfill", "--from", "2026-08", "--to", "2026-09", "--print-every-month"]) == 1
    out = capsys.readouterr().out
    assert "step failed: publication.print_word" in out
    release_after = (pipeline_copy.published_dir / "current").resolve()
    assert release_after != release_before
    assert f"published {release_after.name} before the run failed" in out
    for month in ("2026-08", "2026-09"):
        assert formats_in_place(pipeline_copy, month) == {"html", "md", "pdf"}
    assert months_recorded_by(pipeline_copy, latest_run(pipeline_copy)) == ["2026-08", "2026-09"]
