"""The schedule evaluated as Dagster would: on the 5th at 06:00, for the month just ended."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from orchestration.jobs import monthly_schedule
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts

# As the code location resolves it (the partitions come from the job's assets), with a history
# that reaches back before every month below.
SCHEDULE = build_definitions(
    replace(Settings.from_env(), first_month=date(2024, 1, 1))
).resolve_schedule_def(monthly_schedule.name)


def run_request_at(moment: datetime) -> dg.RunRequest:
    context = dg.build_schedule_context(scheduled_execution_time=moment)
    requests = list(SCHEDULE.evaluate_tick(context).run_requests or [])
    assert len(requests) == 1
    return requests[0]


def test_fires_on_the_fifth_at_six_london_time_and_is_on_from_the_start() -> None:
    assert SCHEDULE.cron_schedule == "0 6 5 * *"
    assert SCHEDULE.execution_timezone == "Europe/London"
    assert SCHEDULE.default_status == dg.DefaultScheduleStatus.RUNNING
    assert SCHEDULE.job_name == ForceExtracts.job_name


@pytest.mark.parametrize(
    ("moment", "partition"),
    [
        (datetime(2026, 11, 5, 6, 0, tzinfo=UTC), "2026-10-01"),
        (datetime(2027, 1, 5, 6, 0, tzinfo=UTC), "2026-12-01"),  # across the year end
        (datetime(2024, 3, 5, 6, 0, tzinfo=UTC), "2024-02-01"),  # a leap February
    ],
)
def test_a_tick_runs_the_month_just_ended(moment: datetime, partition: str) -> None:
    assert run_request_at(moment).partition_key == partition
