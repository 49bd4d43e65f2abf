"""Dagster's SQLite event log, writing a batch of asset events in one transaction.

A run of many months records every asset's materialization once per month: 6,902 events in the
dbt step of a ten-year full build, which Dagster's SQLite storage writes one at a time, each with
new database connections and commits (about 11 ms each here, most of that step's three minutes).
Dagster hands a ranged step's materializations over as one batch when `DAGSTER_EVENT_BATCH_SIZE`
is set (pcp_assets/settings.py `DAGSTER_ENVIRONMENT`), but its SQLite storage then still writes
them one by one; this one writes a batch's asset events to the run's log and to the cross-run
index in one transaction each (the planned events a run starts with, too). Other events (planned
checks) and batches of several runs are written as Dagster writes them.

Dagster's SQLite storage also builds a new SQLAlchemy engine (and SQLite connection) for every
read and write, three for an asset event; a one-month run's 1,213 events took 10.8 s so, 3.5 s
with each database's engine kept open (connections are pooled; a transaction still commits per
event, and no lock is held between transactions).
"""

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as db
from dagster._core.event_api import EventLogEntry
from dagster._core.events import ASSET_EVENTS
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

# Databases whose engine stays open: the cross-run index and the latest runs' logs (the UI's
# process reads many runs over its life; each open engine holds a file handle).
OPEN_ENGINES = 8


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, str]
    ) -> "BatchedSqliteEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        """As Dagster's, in a transaction under the storage's lock, on the shard's kept engine."""
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = db.create_engine(
            self.conn_string_for_shard(shard),
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        )
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        if len(self._engines) > OPEN_ENGINES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    def _dispose_engines(self) -> None:
        while self._engines:
            _, engine = self._engines.popitem()
            engine.dispose()

    def wipe(self) -> None:
        """Wiping deletes the runs' database files: their engines are closed first."""
        with self._db_lock:
            self._dispose_engines()
        super().wipe()

    def dispose(self) -> None:
        with self._db_lock:
            self._dispose_engines()
        super().dispose()

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
