"""The instance's event log (orchestration/event_log.py) keeps each database's engine open between
writes: what one instance writes, another reads at once, and wiping or many runs leave it sound."""

from dataclasses import replace
from pathlib import Path

import dagster as dg
import pytest

from orchestration import event_log
from orchestration.event_log import BatchedSqliteEventLogStorage
from orchestration.runner import dagster_instance
from pcp_assets.settings import Settings


@dg.asset(partitions_def=dg.StaticPartitionsDefinition(["a", "b"]))
def counted(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"partition": context.partition_key})


def _materialize(instance: dg.DagsterInstance, partition: str) -> str:
    result = dg.materialize([counted], instance=instance, partition_key=partition)
    assert result.success
    return result.run_id


@pytest.fixture
def instances(tmp_path: Path) -> tuple[dg.DagsterInstance, dg.DagsterInstance]:
    settings = replace(Settings.from_env(), dagster_home=tmp_path / "home")
    writer, reader = dagster_instance(settings), dagster_instance(settings)
    assert isinstance(writer.event_log_storage, BatchedSqliteEventLogStorage)
    yield writer, reader
    writer.dispose()
    reader.dispose()


def test_what_one_instance_writes_another_reads_at_once(instances) -> None:
    writer, reader = instances
    for partition in ("a", "b", "a"):
        run_id = _materialize(writer, partition)
        logged = reader.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
        assert [r.dagster_event.partition for r in logged] == [partition]
    assert reader.get_materialized_partitions(counted.key) == {"a", "b"}
    latest = reader.get_latest_materialization_event(counted.key)
    assert latest is not None and latest.run_id == run_id


def test_more_runs_than_open_engines_are_all_kept(instances, monkeypatch) -> None:
    monkeypatch.setattr(event_log, "OPEN_ENGINES", 2)
    writer, reader = instances
    run_ids = [_materialize(writer, partition) for partition in "abab"]
    storage = writer.event_log_storage
    assert len(storage._engines) <= 2
    for run_id in run_ids:
        assert writer.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
        assert reader.all_logs(run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)


def test_a_wiped_log_takes_new_runs(instances) -> None:
    writer, reader = instances
    before = _materialize(writer, "a")
    writer.event_log_storage.wipe()
    assert not writer.all_logs(before)
    after = _materialize(writer, "b")
    assert reader.get_materialized_partitions(counted.key) == {"b"}
    assert writer.all_logs(after, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
