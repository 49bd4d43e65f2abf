"""The file-arrival sensor: a new or corrected delivery asks for the runs it changes, once."""

from __future__ import annotations

import re
from datetime import date

import dagster as dg
import pandas as pd
import pytest

from orchestration.runner import dagster_instance
from orchestration.sensors import _arriving, delivery_sensor
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from tests.conftest import REPORTING_MONTH
from tests.sensor_ticks import asked_range, failed_run_of, tick

SOURCE = ForceExtracts()


def test_a_fresh_landing_asks_for_its_whole_history_once(two_generated_months: Settings) -> None:
    settings = two_generated_months
    first = tick(settings)
    assert isinstance(first, dg.SensorResult)
    assert asked_range(first) == ("2026-09-01", "2026-10-01")
    again = tick(settings, cursor=first.cursor)  # its run has not loaded them yet
    assert isinstance(again, dg.SkipReason) and "already asked for" in again.skip_message


def test_a_corrected_delivery_reruns_its_month_and_every_later_one(pipeline_copy: Settings) -> None:
    settled = tick(pipeline_copy)
    assert isinstance(settled, dg.SkipReason)
    assert "every landed delivery is loaded" in settled.skip_message

    corrected = pipeline_copy.landing_dir / "crimes" / "2026-07.csv"
    frame = pd.read_csv(corrected, dtype=str, keep_default_na=False)
    frame.loc[0, "status"] = "cancelled" if frame.loc[0, "status"] != "cancelled" else "recorded"
    frame.to_csv(corrected, index=False)

    result = tick(pipeline_copy, cursor=None)
    assert isinstance(result, dg.SensorResult)
    assert asked_range(result) == ("2026-07-01", f"{REPORTING_MONTH}-01")


def test_the_sensor_looks_as_often_as_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert delivery_sensor(SOURCE, Settings.from_env()).minimum_interval_seconds == 60
    monkeypatch.setenv("PCP_SENSOR_INTERVAL", "7")
    assert delivery_sensor(SOURCE, Settings.from_env()).minimum_interval_seconds == 7


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "soon"])
def test_an_interval_that_is_not_whole_seconds_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PCP_SENSOR_INTERVAL", value)
    with pytest.raises(ValueError, match=rf"PCP_SENSOR_INTERVAL='{re.escape(value)}' is not"):
        Settings.from_env()


def test_nothing_is_asked_for_while_a_run_of_the_job_is_under_way(
    two_generated_months: Settings,
) -> None:
    settings = two_generated_months
    with dagster_instance(settings) as instance:
        running = instance.add_run(
            dg.DagsterRun(job_name=SOURCE.job_name, status=dg.DagsterRunStatus.STARTED)
        )
        context = dg.build_sensor_context(instance=instance)
        waiting = delivery_sensor(SOURCE, settings)(context)
        assert isinstance(waiting, dg.SkipReason)
        assert f"run {running.run_id[:8]} of {SOURCE.job_name} is running" in waiting.skip_message
        instance.report_run_failed(running)
        asked = delivery_sensor(SOURCE, settings)(dg.build_sensor_context(instance=instance))
    assert isinstance(asked, dg.SensorResult) and asked_range(asked)[0] == "2026-09-01"


def test_a_refused_file_put_back_as_it_was_is_run_again(pipeline_copy: Settings) -> None:
    """The broken file's run failed and loaded nothing of it; the file as it was before is what
    the warehouse holds, yet the engineer's correction must start a run."""
    custody = pipeline_copy.landing_dir / "custody" / f"{REPORTING_MONTH}.csv"
    good = custody.read_bytes()
    custody.write_bytes(good.replace(b"suite", b"custody_suite", 1))
    broken = tick(pipeline_copy)
    assert isinstance(broken, dg.SensorResult)
    (request,) = broken.run_requests
    failed_run_of(request, pipeline_copy)
    custody.write_bytes(good)
    mended = tick(pipeline_copy, cursor=broken.cursor)
    assert isinstance(mended, dg.SensorResult)
    assert asked_range(mended) == (f"{REPORTING_MONTH}-01", f"{REPORTING_MONTH}-01")
    assert mended.run_requests[0].run_key != request.run_key
    # asked for, and its run not failed: nothing more to ask for
    assert isinstance(tick(pipeline_copy, cursor=mended.cursor), dg.SkipReason)


def test_a_month_whose_last_file_lands_while_a_tick_looks_is_said_to_have_landed(
    two_generated_months: Settings,
) -> None:
    """A tick lists the months landed, then what the next one awaits: October's last file may
    land in between (a UI-started month end did), and nothing is then awaited."""
    said = _arriving(SOURCE, two_generated_months, date(2026, 9, 1))
    assert said == "2026-10 has landed whole as this tick looked: its run starts at the next"
    (two_generated_months.landing_dir / "operations" / "2026-10.csv").unlink()
    said = _arriving(SOURCE, two_generated_months, date(2026, 9, 1))
    awaiting = f"{len(SOURCE.extracts) - 1} of {len(SOURCE.extracts)} extracts landed, awaiting"
    assert said.startswith(f"2026-10 is arriving: {awaiting} operations;")
