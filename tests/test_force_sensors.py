"""The delivery sensor and the schedule over a landing folder of many forces: a corrected file
of one force asks for a run from its month, and a month is awaited until some force has
delivered it whole (its run leaves the others as they were: tests/test_force_failures.py)."""

from __future__ import annotations

import csv
import json
from datetime import date

import dagster as dg

from orchestration.months import awaited_extracts, settled
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from tests.conftest import REPORTING_MONTH
from tests.sensor_ticks import asked_range, failed_run_of, tick

SOURCE = ForceExtracts()


def test_a_corrected_file_of_one_force_asks_for_a_run_from_its_month(
    two_forces_copy: Settings,
) -> None:
    settings = two_forces_copy
    quiet = tick(settings)
    assert isinstance(quiet, dg.SkipReason), quiet
    assert "every landed delivery is loaded" in quiet.skip_message

    corrected = settings.landing_dir / "wealdshire" / "crimes" / "2026-09.csv"
    with corrected.open(newline="") as file:
        rows = list(csv.reader(file))
    with corrected.open("w", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows[:-1])

    asked = tick(settings)
    assert isinstance(asked, dg.SensorResult), asked
    assert asked_range(asked) == ("2026-09-01", f"{REPORTING_MONTH}-01")
    assert list(json.loads(asked.cursor)["files"]) == ["wealdshire/crimes/2026-09"]
    again = tick(settings, cursor=asked.cursor)
    assert isinstance(again, dg.SkipReason) and "already asked for" in again.skip_message


def test_a_refused_file_of_one_force_put_back_as_it_was_is_run_again(
    two_forces_copy: Settings,
) -> None:
    """wealdshire's broken file's run failed and loaded nothing of it; the file as it was
    before is what the warehouse holds, yet the engineer's correction must start a run: the
    file is found again in the force's own folder from its name in the cursor."""
    settings = two_forces_copy
    custody = settings.landing_dir / "wealdshire" / "custody" / f"{REPORTING_MONTH}.csv"
    good = custody.read_bytes()
    custody.write_bytes(good.replace(b"suite", b"custody_suite", 1))
    broken = tick(settings)
    assert isinstance(broken, dg.SensorResult), broken
    assert list(json.loads(broken.cursor)["files"]) == [f"wealdshire/custody/{REPORTING_MONTH}"]
    (request,) = broken.run_requests
    failed_run_of(request, settings)
    custody.write_bytes(good)

    mended = tick(settings, cursor=broken.cursor)

    assert isinstance(mended, dg.SensorResult), mended
    assert asked_range(mended) == (f"{REPORTING_MONTH}-01", f"{REPORTING_MONTH}-01")
    assert mended.run_requests[0].run_key != request.run_key


def test_a_month_is_awaited_until_some_force_has_delivered_it_whole(
    two_forces_copy: Settings,
) -> None:
    settings = settled(two_forces_copy)
    month = date.fromisoformat(f"{REPORTING_MONTH}-01")
    assert settings.forces == ("midshire", "wealdshire")
    for path in (settings.landing_dir / "wealdshire").glob(f"*/{REPORTING_MONTH}.csv"):
        path.unlink()
    assert awaited_extracts(SOURCE, settings, month) == []  # midshire's month is whole

    (settings.landing_dir / "midshire" / "custody" / f"{REPORTING_MONTH}.csv").unlink()
    awaited = awaited_extracts(SOURCE, settings, month)
    assert awaited == ["midshire custody"] + [f"wealdshire {e}" for e in SOURCE.extracts]
