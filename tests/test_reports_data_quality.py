"""The paper's data-quality section, from hand-made raw.loads and raw.rejects rows.

The figure marts are those of test_reports_render.py; the raw bookkeeping below is worked by hand
and dbt builds marts.deliveries and marts.delivery_rejects from it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.settings import DBT_PROJECT_DIR
from pcp_assets.transform import dbt_vars
from reports.render import build_board_paper, render_html
from reports.sections import paper_for
from reports.sections.data_quality import _in_sentence, label, load_data_quality
from tests.hand_marts import FORCE, MONTH, build_warehouse, marts
from tests.paper_html import readable, visible_text

pytestmark = pytest.mark.minutes(10)

AT = datetime(2026, 11, 3, 6, 0)
FILES = {e: f"/landing/{e}/2026-10.csv" for e in ("crimes", "outcomes", "incidents")}


def load_row(
    extract: str,
    delivered: int,
    rejected: int,
    force: str = FORCE,
    month=MONTH,
    landed: datetime | None = AT,
    due: date = date(2026, 11, 4),
):
    return (
        extract,
        month,
        force,
        FILES[extract],
        "sha",
        delivered,
        delivered - rejected,
        rejected,
        AT,
        landed,
        due,
    )


def reject_row(
    extract: str, row: int, rule: str, month=MONTH, file: str | None = None, force: str = FORCE
):
    return (extract, month, file or FILES[extract], row, rule, None, f"row {row} text", AT, force)


def warehouse(tmp_path: Path, loads: list[tuple], rejects: list[tuple]) -> Path:
    path = tmp_path / "warehouse.duckdb"
    build_warehouse(path, marts())
    with duckdb.connect(str(path)) as con:
        create_raw_tables(con)
        if loads:
            con.executemany(
                "insert into raw.loads (extract, month, force_id, source_file, sha256, "
                "rows_delivered, rows_loaded, rows_rejected, loaded_at, landed_at, due_by) "
                f"values ({', '.join('?' * 11)})",
                loads,
            )
        if rejects:
            con.executemany("insert into raw.rejects values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rejects)
    command = [
        str(Path(sys.executable).parent / "dbt"),
        *("run", "--select", "+deliveries", "+delivery_rejects", "+delivery_files"),
        *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
        *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        *("--vars", dbt_vars(path)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return path


def paper_html(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        paper = build_board_paper(
            con,
            paper_for("force_extracts"),
            FORCE,
            MONTH,
            commentary_dir=path.parent / "none",
            paper_date=date(2026, 11, 20),
        )
    return render_html(paper)


def section_text(html_text: str) -> str:
    start = html_text.index('id="section-6.0"')
    end = html_text.index('<footer class="definitions"')
    assert start < end, "the data-quality section comes before the definitions"
    return visible_text(readable(html_text[start:end]))


def appendix_text(html_text: str) -> str:
    return visible_text(readable(html_text[html_text.index('id="appendix"') :]))


def test_rejected_rows_by_extract_and_rule(tmp_path: Path) -> None:
    loads = [
        load_row("crimes", 6000, 3),
        load_row("outcomes", 4000, 1),
        load_row("incidents", 8000, 0),
        # Another force's delivery and another month are not this paper's.
        load_row("crimes", 500, 50, force="otherforce"),
        load_row("crimes", 5900, 9, month=date(2026, 9, 1)),
    ]
    rejects = [
        reject_row("crimes", 4, "offence_code is a known Home Office code"),
        reject_row("crimes", 9, "offence_code is a known Home Office code"),
        # Row 12 broke two rules: counted under each, once in the total.
        reject_row("crimes", 12, "recorded_at within 2026-10"),
        reject_row("crimes", 12, "offence_code is a known Home Office code"),
        reject_row("outcomes", 7, "outcome_date not before the crime was recorded"),
        # Another force's delivery: not this paper's.
        reject_row("crimes", 1, "status in {recorded, cancelled, transferred}", force="otherforce"),
        reject_row("crimes", 2, "crime_ref not blank", month=date(2026, 9, 1)),
    ]
    path = warehouse(tmp_path, loads, rejects)
    with duckdb.connect(str(path), read_only=True) as con:
        quality = load_data_quality(con, FORCE, MONTH)
    assert quality is not None
    totals = (quality.delivered.value, quality.loaded.value, quality.rejected.value)
    assert totals == (18000, 17996, 4)
    assert [(r["extract"], r["rule"], r["rejected_rows"]) for r in quality.rejects] == [
        ("crimes", "offence_code is a known Home Office code", 3),
        ("crimes", "recorded_at within 2026-10", 1),
        ("outcomes", "outcome_date not before the crime was recorded", 1),
    ]

    text = section_text(paper_html(path))
    assert "6.0 Data quality" in text
    assert (
        "18,000 rows were delivered for October 2026 (6,000 recorded crimes, 8,000 incidents and "
        "4,000 outcomes). 17,996 were loaded and 4 (under 0.1%) were rejected by the data checks"
    ) in text
    assert "Recorded crimes 6,000 5,997 3" in text
    assert "Outcomes 4,000 3,999 1" in text
    assert "Incidents 8,000 8,000 0" in text
    assert "No rows were rejected" not in text
    # the rejected rows by rule are for the record: in the board's appendix, not the section
    record = appendix_text(paper_html(path))
    for rule in (
        "Recorded crimes offence_code is a known Home Office code 3",
        "Recorded crimes recorded_at within 2026-10 1",
        "Outcomes outcome_date not before the crime was recorded 1",
    ):
        assert rule not in text and rule in record, rule
    assert "status in" not in record and "crime_ref not blank" not in record


def test_no_rejects_said_plainly(tmp_path: Path) -> None:
    loads = [load_row("crimes", 6000, 0), load_row("outcomes", 0, 0)]
    text = section_text(paper_html(warehouse(tmp_path, loads, [])))
    assert (
        "6,000 rows were delivered for October 2026 (6,000 recorded crimes and 0 outcomes) and "
        "all of them were loaded. No rows were rejected."
    ) in text
    assert "Rejected rows by extract and rule" not in text


def test_no_deliveries_recorded(tmp_path: Path) -> None:
    text = section_text(paper_html(warehouse(tmp_path, [], [])))
    assert "No deliveries of extracts are recorded for October 2026." in text


@pytest.mark.parametrize("mart", ["deliveries", "delivery_rejects"])
def test_no_section_without_the_delivery_marts(tmp_path: Path, mart: str) -> None:
    path = warehouse(tmp_path, [], [])
    with duckdb.connect(str(path)) as con:
        con.execute(f"drop table marts.{mart}")
    html_text = paper_html(path)
    assert 'id="section-6.0"' not in html_text
    assert "Data quality" not in html_text


def test_late_files_named_with_their_due_day(tmp_path: Path) -> None:
    loads = [
        load_row("crimes", 6000, 0, landed=datetime(2026, 11, 6, 9, 15)),  # due Wed 4 Nov
        load_row("outcomes", 4000, 0, landed=datetime(2026, 11, 4, 23, 59)),  # on its due day
        load_row("incidents", 8000, 0, landed=datetime(2026, 11, 5, 7, 0)),
        # September's late crimes are not October's paper's
        load_row("crimes", 5900, 0, month=date(2026, 9, 1), landed=datetime(2026, 10, 30)),
    ]
    text = section_text(paper_html(warehouse(tmp_path, loads, [])))
    assert (
        "Late for October 2026: recorded crimes landed on Friday 6 November, 2 days late (due by "
        "Wednesday 4 November) and incidents landed on Thursday 5 November, 1 day late (due by "
        "Wednesday 4 November). The figures include them."
    ) in text


def test_a_file_landing_over_a_month_after_its_due_day_is_a_backfill_not_late(
    tmp_path: Path,
) -> None:
    loads = [
        # due Wed 4 Nov 2026: 31 days later (Sat 5 Dec) is still late, 32 (Sun 6 Dec) a backfill
        load_row("crimes", 6000, 0, landed=datetime(2026, 12, 5, 9, 0)),
        load_row("outcomes", 4000, 0, landed=datetime(2026, 12, 6, 9, 0)),
        # an archive: landed in 2027, more than a month after its due day
        load_row("incidents", 8000, 0, landed=datetime(2027, 3, 1, 12, 0)),
    ]
    text = section_text(paper_html(warehouse(tmp_path, loads, [])))
    assert (
        "Late for October 2026: recorded crimes landed on Saturday 5 December, 31 days late (due "
        "by Wednesday 4 November). The figures include them. The October 2026 files of incidents "
        "(landed 1 March 2027, due by 4 November) and outcomes (landed 6 December, due by "
        "4 November) were delivered as part of a backfill, more than a month after they were "
        "due: they are not judged late."
    ) in text
    assert "days late" not in text.split("The figures include them.")[1]
    # one landing day for both: said once
    (tmp_path / "one").mkdir()
    loads = [
        load_row(e, 4000, 0, landed=datetime(2026, 12, 6, 9, 0)) for e in ("crimes", "outcomes")
    ]
    text = section_text(paper_html(warehouse(tmp_path / "one", loads, [])))
    assert (
        "The October 2026 files of recorded crimes and outcomes were delivered on 6 December as "
        "part of a backfill, more than a month after they were due (by 4 November): they are not "
        "judged late."
    ) in text
    assert "Late for" not in text


def test_all_on_time_said_once_and_unknown_landings_not_guessed(tmp_path: Path) -> None:
    on_time = [load_row("crimes", 6000, 0), load_row("outcomes", 4000, 0)]
    text = section_text(paper_html(warehouse(tmp_path, on_time, [])))
    assert text.count("Every extract for October 2026 landed by the day it was due.") == 1
    unknown = [load_row("crimes", 6000, 0, landed=None), load_row("outcomes", 4000, 0)]
    (tmp_path / "unknown").mkdir()
    text = section_text(paper_html(warehouse(tmp_path / "unknown", unknown, [])))
    assert "landed by the day" not in text and "Late for" not in text


def test_every_extract_counts_its_rows_with_a_real_noun() -> None:
    """ "221 IOM cohort members", never "221 IOM cohort": a row of each extract is what its
    label names, in the plural."""
    named = {e: _in_sentence(label(e)) for e in ("iom_cohort", "imu_queue", "operations")}
    assert named == {
        "iom_cohort": "IOM cohort members",
        "imu_queue": "IMU queues",  # a row is one queue's month-end snapshot
        "operations": "proactive operations",  # a row is one operation's month
    }
