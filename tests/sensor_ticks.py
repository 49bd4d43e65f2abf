"""What a sensor said at its ticks, as the Dagster UI shows it (Automation, the sensor's ticks)."""

from __future__ import annotations

import dagster as dg
from dagster._core.scheduler.instigation import InstigatorTick


def sensor_ticks(instance: dg.DagsterInstance, sensor: str) -> list[InstigatorTick]:
    """The sensor's ticks, newest first; none before its first evaluation."""
    state = next((s for s in instance.all_instigator_state() if s.instigator_name == sensor), None)
    if state is None:
        return []
    return list(instance.get_ticks(state.instigator_origin_id, state.selector_id, limit=10_000))
