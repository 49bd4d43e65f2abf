"""Freshness: each extract is due by a working day of the month after; a late or missing file
fails its `freshness` check (a warning), the sensor reports it between runs, and the paper's
data-quality section names it. Due days are worked out here from the published England and Wales
bank holidays, not from the project's calendar."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from data_contracts.calendar import working_day
from data_contracts.registry import extracts
from orchestration.runner import dagster_instance
from orchestration.sensors import freshness_sensor
from pcp_assets.punctuality import Punctuality, from_landing, landing_state
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from tests.conftest import FRESHNESS_DAY, HISTORY_MONTHS, REPORTING_MONTH

UK = ZoneInfo("Europe/London")
# gov.uk's list of England and Wales bank holidays for the months the tests generate.
BANK_HOLIDAYS = {
    date(2024, 1, 1), date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 6), date(2024, 5, 27),
    date(2024, 8, 26), date(2024, 12, 25), date(2024, 12, 26),
    date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 5), date(2025, 5, 26),
    date(2025, 8, 25), date(2025, 12, 25), date(2025, 12, 26),
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
}  # fmt: skip
# Each extract's due day, as its owners agreed it: working day n of the month after.
WORKING_DAY = {
    "crimes": 3, "outcomes": 3, "incidents": 3, "custody": 5, "offender_links": 5,
    "dvpn_dvpo": 5, "case_files": 7, "imu_queue": 2, "outstanding_suspects": 2,
    "iom_cohort": 10, "operations": 10,
}  # fmt: skip


def due_by(extract: str, month: date) -> date:
    day = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    counted = 0
    while True:
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            counted += 1
            if counted == WORKING_DAY[extract]:
                return day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("extract", "month", "expected"),
    [
        ("crimes", date(2026, 10, 1), date(2026, 11, 4)),  # Mon 2, Tue 3, Wed 4 November
        ("crimes", date(2025, 12, 1), date(2026, 1, 6)),  # New Year's Day, then Fri 2, Mon 5, Tue 6
        ("imu_queue", date(2024, 3, 1), date(2024, 4, 3)),  # Easter Monday 1 April, Tue 2, Wed 3
        ("iom_cohort", date(2026, 4, 1), date(2026, 5, 15)),  # early May bank holiday on the 4th
        ("police_uk_street", date(2026, 10, 1), date(2026, 12, 21)),  # the second month after
    ],
)
def test_due_days_count_working_days_of_the_month_after(extract, month, expected) -> None:
    assert extracts()[extract].due.date_for(month) == expected


def test_a_due_day_past_the_months_working_days_is_its_last_working_day() -> None:
    # April 2022: Good Friday the 15th and Easter Monday the 18th leave 19 working days
    assert working_day(2022, 4, 19) == working_day(2022, 4, 25) == date(2022, 4, 29)
    assert extracts()["police_uk_street"].due.date_for(date(2022, 2, 1)) == date(2022, 4, 25)


def test_every_force_extract_declares_its_due_day_as_agreed() -> None:
    for name, spec in extracts().items():
        if spec.source == ForceExtracts.name:
            assert spec.due.date_for(date(2026, 10, 1)) == due_by(name, date(2026, 10, 1)), name


def _landed(path: Path, when: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("force_id\n")
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def test_the_latest_month_due_is_on_time_late_overdue_or_not_yet_due(tmp_path) -> None:
    settings = replace(Settings.from_env(), landing_dir=tmp_path)
    # crimes for October 2026 are due by Wed 4 November
    assert from_landing(settings, "crimes", date(2026, 11, 4)).month == date(2026, 9, 1)
    overdue = from_landing(settings, "crimes", date(2026, 11, 9))
    assert (overdue.month, overdue.state, overdue.days_late) == (date(2026, 10, 1), "overdue", 5)
    assert "not landed as of Mon 9 Nov 2026 (5 days overdue)" in overdue.describe()

    _landed(tmp_path / "crimes" / "2026-10.csv", datetime(2026, 11, 4, 23, 30, tzinfo=UK))
    assert from_landing(settings, "crimes", date(2026, 11, 9)).state == "on time"
    _landed(tmp_path / "crimes" / "2026-10.csv", datetime(2026, 11, 6, 8, 0, tzinfo=UK))
    late = from_landing(settings, "crimes", date(2026, 11, 9))
    assert (late.state, late.days_late, late.is_late) == ("late", 2, True)


def test_a_file_landing_over_a_month_after_its_due_day_is_a_backfill_and_does_not_warn() -> None:
    due = date(2023, 6, 21)  # data.police.uk street records for April 2023
    assert landing_state(due, date(2023, 6, 21)) == "on time"
    assert landing_state(due, date(2023, 7, 22)) == "late"  # 31 days: late
    assert landing_state(due, date(2023, 7, 23)) == "backfill"  # 32 days
    archive = Punctuality(
        "police_uk_street",
        date(2023, 4, 1),
        due,
        datetime(2026, 12, 6, 20, 17, tzinfo=UK),
        date(2026, 12, 6),
        landed=True,
    )
    assert (archive.state, archive.is_late) == ("backfill", False)
    assert "delivered as part of a backfill, not judged late" in archive.describe()
    assert "1,264" not in archive.describe() and "1264" not in archive.describe()


def _tick(settings: Settings, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    with dagster_instance(settings) as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor)
        return freshness_sensor(ForceExtracts(), settings)(context)


def test_the_sensor_fails_an_overdue_extracts_check_once(pipeline_copy: Settings) -> None:
    (pipeline_copy.landing_dir / "custody" / f"{REPORTING_MONTH}.csv").unlink()
    first = _tick(pipeline_copy, None)
    assert isinstance(first, dg.SensorResult)
    failed = [e for e in first.asset_events if not e.passed]
    assert [(e.asset_key.path, e.check_name, e.partition) for e in failed] == [
        (["raw", "custody"], "freshness", f"{REPORTING_MONTH}-01")
    ]
    assert failed[0].severity == dg.AssetCheckSeverity.WARN
    again = _tick(pipeline_copy, first.cursor)
    assert isinstance(again, dg.SkipReason) and "late: custody" in again.skip_message


def test_the_runs_timeliness_matches_the_files_modification_times(completed_run) -> None:
    today = date.fromisoformat(FRESHNESS_DAY)
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "SELECT extract, reporting_month, due_by, is_late, days_late "
            "FROM marts.delivery_files WHERE force_id = ?",
            [completed_run.force_id],
        ).fetchall()
    assert len(rows) == len(WORKING_DAY) * HISTORY_MONTHS
    late = []
    for extract, month, due, is_late, days_late in rows:
        path = completed_run.landing_dir / extract / f"{month:%Y-%m}.csv"
        landed = datetime.fromtimestamp(path.stat().st_mtime, tz=UK).date()
        assert due == due_by(extract, month), (extract, month)
        assert is_late == (landed > due), (extract, month)
        assert days_late == max((landed - due).days, 0)
        assert landed <= today
        if is_late:
            late.append((extract, month))
    # the generator's one in 25, give or take: some late files, most on time
    assert 0 < len(late) < len(rows) // 5

    paper = (completed_run.reports_dir / completed_run.force_id / REPORTING_MONTH).glob("*.html")
    text = next(paper).read_text(encoding="utf-8")
    october = [extract for extract, month in late if month == date(2026, 10, 1)]
    if october:
        assert "Late for October 2026:" in text
    else:
        assert "Every extract for October 2026 landed by the day it was due." in text
