"""A month never delivered inside the history is missing, never zero, and never stops the run:
the figures whose 12 months hold it say so, naming it, and the data-quality section lists it."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.cli import main
from orchestration.runner import dagster_instance
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH

pytestmark = pytest.mark.minutes(6)

GAP = "2026-09"


def _forget(settings: Settings, extract: str, month: str) -> None:
    """As if the month had never been delivered: no file, no rows, no bookkeeping."""
    (settings.landing_dir / extract / f"{month}.csv").unlink()
    with duckdb.connect(str(settings.duckdb_path)) as con:
        for table in (f"raw.{extract}", "raw.loads", "raw.rejects"):
            where = "month = ?" + (" AND extract = ?" if table != f"raw.{extract}" else "")
            params = [f"{month}-01"] + ([extract] if table != f"raw.{extract}" else [])
            con.execute(f"DELETE FROM {table} WHERE {where}", params)


def _text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_gap_is_reported_and_the_paper_is_still_written(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _forget(pipeline_copy, "crimes", GAP)
    assert main(["backfill", "--from", GAP, "--to", REPORTING_MONTH]) == 0
    out = capsys.readouterr().out
    assert (
        f"not landed, recorded as missing (figures that need them are not available): {GAP}" in out
    )

    paper = (
        pipeline_copy.reports_dir / pipeline_copy.force_id / REPORTING_MONTH / "board_paper.html"
    )
    text = _text(paper)
    assert f"missing months: {GAP}" in text  # the 12-month figures that include it
    assert f"No delivery was received for recorded crimes ({GAP})" in text
    with duckdb.connect(str(pipeline_copy.duckdb_path), read_only=True) as con:
        r12, month = con.execute(
            "SELECT crimes_r12, crimes FROM marts.crime_volume WHERE force_id = ? "
            "AND reporting_month = ? AND area = 'All' AND offence_group = 'All crime' "
            "AND offence_subgroup = 'All'",
            [pipeline_copy.force_id, f"{REPORTING_MONTH}-01"],
        ).fetchone()
    assert r12 is None  # missing, not a total short of a month
    assert month is not None and month > 0  # the reporting month itself is there

    # the backfill is one run; each month's materialization of the paper names its own paper
    with dagster_instance(pipeline_copy) as instance:
        for built in (GAP, REPORTING_MONTH):
            latest = instance.fetch_materializations(
                dg.AssetRecordsFilter(
                    asset_key=dg.AssetKey(["reports", "board_paper"]),
                    asset_partitions=[f"{built}-01"],
                ),
                limit=1,
            ).records[0]
            folder = pipeline_copy.reports_dir / pipeline_copy.force_id / built
            assert latest.asset_materialization.metadata["path"].value == str(
                folder / "board_paper.html"
            )
            assert (folder / "board_paper.html").is_file()


def test_a_missing_reporting_month_is_one_line_before_any_run(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    (pipeline_copy.landing_dir / "crimes" / f"{REPORTING_MONTH}.csv").unlink()
    assert main(["run", "--month", REPORTING_MONTH]) == 2
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"pcp: {REPORTING_MONTH} has not landed for {pipeline_copy.force_id}")
