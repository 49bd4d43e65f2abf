"""The delivery sensor as the Dagster daemon runs it: every new, corrected or broken delivery
starts exactly one run, a failed run's reason reaches run_failures.log, and the same files
dropped again start nothing.

The daemon's own sensor iteration (`execute_sensor_iteration`, with the code location loaded
from `orchestration.definitions` in a code server, as `pcp ui` does) evaluates every sensor of
the location, applies Dagster's run keys and queues the runs; each queued run is then launched on
the instance as the daemon's run queue would, and runs the real pipeline."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from dagster._core.test_utils import create_test_daemon_workspace_context, freeze_time
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._core.workspace.load_target import ModuleTarget
from dagster._daemon.sensor import execute_sensor_iteration

from orchestration.runner import dagster_instance
from orchestration.sensors import FAILURE_LOG
from pcp_assets.settings import PROJECT_ROOT, Settings
from tests.conftest import REPORTING_MONTH
from tests.sensor_ticks import sensor_ticks

pytestmark = pytest.mark.minutes(10)

SENSOR = "deliveries_force_extracts"


class Daemon:
    """The daemon's sensor loop, one tick at a time, a minute apart (the sensors' interval)."""

    def __init__(self, context: WorkspaceProcessContext) -> None:
        self.context = context
        self.instance = context.instance
        self.clock = time.time()

    def tick(self) -> list[dg.DagsterRun]:
        """Evaluate every sensor once; launch and finish the runs it queued; those runs."""
        self.clock += 120
        before = {run.run_id for run in self.instance.get_runs()}
        with freeze_time(self.clock):
            list(execute_sensor_iteration(self.context, logging.getLogger("daemon"), None, None))
        queued = [run for run in self.instance.get_runs() if run.run_id not in before]
        for run in queued:
            self.instance.launch_run(run.run_id, self.context.create_request_context())
            while not self.instance.get_run_by_id(run.run_id).is_finished:
                time.sleep(1)
        return [self.instance.get_run_by_id(run.run_id) for run in queued]

    def last_skip(self) -> str:
        return sensor_ticks(self.instance, SENSOR)[0].skip_reason or ""


@pytest.fixture
def daemon(pipeline_copy: Settings) -> Iterator[Daemon]:
    target = ModuleTarget(
        module_name="orchestration.definitions",
        attribute=None,
        working_directory=str(PROJECT_ROOT),
        location_name="pcp",
    )
    with (
        dagster_instance(pipeline_copy) as instance,
        create_test_daemon_workspace_context(target, instance) as context,
    ):
        yield Daemon(context)


def edit_crimes(settings: Settings, status: str) -> Path:
    """October's crimes with the first row's status set to `status`: a corrected delivery."""
    path = settings.landing_dir / "crimes" / f"{REPORTING_MONTH}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "status"] = status
    frame.to_csv(path, index=False)
    return path


# Three real runs of a month (two print the paper) after the 25-month build the fixture shares.
@pytest.mark.timeout(2400)
def test_every_delivery_starts_one_run_and_a_failure_says_why(
    pipeline_copy: Settings, daemon: Daemon
) -> None:
    settled = daemon.tick()
    assert settled == [] and "every landed delivery is loaded" in daemon.last_skip()

    edit_crimes(pipeline_copy, "cancelled")
    (first,) = daemon.tick()
    assert first.status == dg.DagsterRunStatus.SUCCESS
    assert first.tags["dagster/asset_partition_range_start"] == f"{REPORTING_MONTH}-01"

    # a broken file in the month just run: a run, which fails, and says why
    custody = pipeline_copy.landing_dir / "custody" / f"{REPORTING_MONTH}.csv"
    good_custody = custody.read_text(encoding="utf-8")
    header, rest = good_custody.split("\n", 1)
    custody.write_text(header.replace("suite", "custody_suite", 1) + "\n" + rest, encoding="utf-8")
    (broken,) = daemon.tick()
    assert broken.status == dg.DagsterRunStatus.FAILURE
    daemon.tick()  # the run-failure sensor writes its message on the next tick
    log = (pipeline_copy.logs_dir / FAILURE_LOG).read_text(encoding="utf-8")
    assert broken.run_id[:8] in log
    assert f"custody/{REPORTING_MONTH}.csv" in log and "missing column 'suite'" in log
    # the same broken file is not run again; the skip says which run failed and where to look
    assert daemon.tick() == []
    assert broken.run_id[:8] in daemon.last_skip() and FAILURE_LOG in daemon.last_skip()

    # the corrected file, with a second correction of the crimes: one run, which succeeds
    custody.write_text(good_custody, encoding="utf-8")
    edit_crimes(pipeline_copy, "transferred")
    (second,) = daemon.tick()
    assert second.status == dg.DagsterRunStatus.SUCCESS

    # the same file dropped again (a copy over itself): nothing to run
    crimes = pipeline_copy.landing_dir / "crimes" / f"{REPORTING_MONTH}.csv"
    crimes.write_bytes(crimes.read_bytes())
    assert daemon.tick() == []
    assert "every landed delivery is loaded" in daemon.last_skip()
