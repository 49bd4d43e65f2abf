"""The schedule evaluated as Dagster would: each morning it looks at the month just ended and runs
it once all its extracts have landed, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from orchestration.schedule import month_just_ended
from pcp_assets.partitions import LAST_MONTH_ONLY, PAPERS_TAG
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts

NAME = f"{ForceExtracts.job_name}_schedule"


def schedule_of(settings: Settings) -> dg.ScheduleDefinition:
    """As the code location resolves it (the partitions come from the job's assets)."""
    return build_definitions(settings).resolve_schedule_def(NAME)


def tick(settings: Settings, moment: datetime) -> dg.RunRequest | dg.SkipReason:
    context = dg.build_schedule_context(scheduled_execution_time=moment)
    result = schedule_of(settings).evaluate_tick(context)
    if result.skip_message:
        return dg.SkipReason(result.skip_message)
    (request,) = result.run_requests or []
    return request


def test_looks_each_morning_at_six_london_time_and_is_on_from_the_start(
    two_generated_months,
) -> None:
    schedule = schedule_of(two_generated_months)
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == ForceExtracts.job_name
    other = schedule_of(
        replace(
            two_generated_months, schedule_cron="30 7 * * 1-5", schedule_timezone="Europe/Belfast"
        )
    )
    assert (other.cron_schedule, other.execution_timezone) == ("30 7 * * 1-5", "Europe/Belfast")


@pytest.mark.parametrize(
    ("day", "month"),
    [
        (date(2026, 11, 5), date(2026, 10, 1)),
        (date(2027, 1, 14), date(2026, 12, 1)),  # across the year end
        (date(2024, 3, 1), date(2024, 2, 1)),  # a leap February
    ],
)
def test_the_month_looked_at_is_the_one_just_ended(day: date, month: date) -> None:
    assert month_just_ended(day) == month


def test_a_landed_month_runs_with_the_months_before_it_not_yet_loaded(two_generated_months) -> None:
    request = tick(two_generated_months, datetime(2026, 11, 12, 6, 0, tzinfo=UTC))
    assert isinstance(request, dg.RunRequest)
    assert request.tags["dagster/asset_partition_range_start"] == "2026-09-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-10-01"
    assert request.tags[PAPERS_TAG] == LAST_MONTH_ONLY


def test_a_month_not_all_landed_is_awaited_by_name(two_generated_months) -> None:
    (two_generated_months.landing_dir / "iom_cohort" / "2026-10.csv").unlink()
    skipped = tick(two_generated_months, datetime(2026, 11, 5, 6, 0, tzinfo=UTC))
    assert isinstance(skipped, dg.SkipReason)
    assert skipped.skip_message == "2026-10 has not landed: awaiting iom_cohort"


def test_a_month_already_built_is_not_run_again(pipeline_copy: Settings) -> None:
    skipped = tick(pipeline_copy, datetime(2026, 11, 20, 6, 0, tzinfo=UTC))
    assert isinstance(skipped, dg.SkipReason)
    assert skipped.skip_message == "2026-10 is built from its files as they are"
