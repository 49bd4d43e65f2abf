"""Dagster's SQLite event log, writing a batch of asset events in one transaction.

A run of many months records every asset's materialization once per month: 6,902 events in the
dbt step of a ten-year full build, which Dagster's SQLite storage writes one at a time, each with
new database connections and commits (about 11 ms each here, most of that step's three minutes).
Dagster hands a ranged step's materializations over as one batch when `DAGSTER_EVENT_BATCH_SIZE`
is set (pcp_assets/settings.py `DAGSTER_ENVIRONMENT`), but its SQLite storage then still writes
them one by one; this one writes a batch's asset events to the run's log and to the cross-run
index in one transaction each (the planned events a run starts with, too). Other events (planned
checks) and batches of several runs are written as Dagster writes them.
"""

from collections.abc import Sequence

from dagster._core.event_api import EventLogEntry
from dagster._core.events import ASSET_EVENTS
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._serdes import ConfigurableClassData


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, str]
    ) -> "BatchedSqliteEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        runs = {event.run_id for event in events}
        asset_events = [event for event in events if _is_asset_event(event)]
        if len(runs) != 1 or len(asset_events) < 2:
            super().store_event_batch(events)
            return
        # a run's planned checks come in one batch with its assets' planned events
        super().store_event_batch([event for event in events if not _is_asset_event(event)])
        with self.run_connection(runs.pop()) as conn:
            conn.execute(self.prepare_insert_event_batch(asset_events))
        # as store_event mirrors each asset event into the index, in one transaction
        with self.index_transaction() as conn:
            ids = [
                conn.execute(self.prepare_insert_event(event)).inserted_primary_key[0]
                for event in asset_events
            ]
            self._store_asset_event_tags(conn, asset_events, ids)
            for event, event_id in zip(asset_events, ids, strict=True):
                self._store_asset_event(conn, event, event_id)


def _is_asset_event(event: EventLogEntry) -> bool:
    dagster_event = event.dagster_event
    return (
        dagster_event is not None
        and dagster_event.event_type in ASSET_EVENTS
        and dagster_event.asset_key is not None
    )
