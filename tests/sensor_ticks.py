"""The delivery sensor evaluated as the daemon would, and what a sensor said at its ticks, as the
Dagster UI shows it (Automation, the sensor's ticks)."""

from __future__ import annotations

import dagster as dg
from dagster._core.scheduler.instigation import InstigatorTick

from orchestration.months import settled
from orchestration.runner import dagster_instance
from orchestration.sensors import delivery_sensor
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts


def tick(settings: Settings, cursor: str | None = None) -> dg.SensorResult | dg.SkipReason:
    """One evaluation of the force extracts' delivery sensor, from `cursor`, with the settings
    the code location would give it (settled: the forces the landing folder names)."""
    with dagster_instance(settings) as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor)
        return delivery_sensor(ForceExtracts(), settled(settings))(context)


def asked_range(result: dg.SensorResult) -> tuple[str, str]:
    """The first and last month of the one run the sensor asked for."""
    (request,) = result.run_requests
    return (
        request.tags["dagster/asset_partition_range_start"],
        request.tags["dagster/asset_partition_range_end"],
    )


def sensor_ticks(instance: dg.DagsterInstance, sensor: str) -> list[InstigatorTick]:
    """The sensor's ticks, newest first; none before its first evaluation."""
    state = next((s for s in instance.all_instigator_state() if s.instigator_name == sensor), None)
    if state is None:
        return []
    return list(instance.get_ticks(state.instigator_origin_id, state.selector_id, limit=10_000))


def failed_run_of(request: dg.RunRequest, settings: Settings) -> None:
    """A run of the sensor's request recorded as failed (as a refused delivery's run ends)."""
    with dagster_instance(settings) as instance:
        instance.add_run(
            dg.DagsterRun(
                job_name=ForceExtracts().job_name,
                status=dg.DagsterRunStatus.FAILURE,
                tags={"dagster/run_key": request.run_key},
            )
        )
