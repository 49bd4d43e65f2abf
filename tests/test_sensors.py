"""The file-arrival sensor: a new or corrected delivery asks for the runs it changes, once."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from orchestration.runner import dagster_instance
from orchestration.sensors import delivery_sensor
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from tests.conftest import REPORTING_MONTH

SOURCE = ForceExtracts()


def tick(settings: Settings, cursor: str | None = None) -> dg.SensorResult | dg.SkipReason:
    with dagster_instance(settings) as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor)
        return delivery_sensor(SOURCE, settings)(context)


def asked_range(result: dg.SensorResult) -> tuple[str, str]:
    (request,) = result.run_requests
    return (
        request.tags["dagster/asset_partition_range_start"],
        request.tags["dagster/asset_partition_range_end"],
    )


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
