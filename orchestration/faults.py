"""Faults of the machine rather than of the data, each said in one line with what to do.

A full disk shows itself as DuckDB's `IO Error: ... No space left on device` (or, once DuckDB has
ended the transaction, only a failed ROLLBACK above it) or SQLite's `database or disk is full`
under SQLAlchemy tracebacks from Dagster's storage. Either way the run cannot go on, and what
helps is where to free space.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster._utils.error import SerializableErrorInfo

from pcp_assets.settings import DBT_PROJECT_DIR, Settings

DISK_FULL_SIGNS = (
    "no space left on device",
    "database or disk is full",
    f"[errno {errno.ENOSPC}]",
)


class RunFault(RuntimeError):
    """The run cannot go on for a reason outside the data (exit 2)."""


def _is_disk_full(message: str) -> bool:
    return any(sign in message.lower() for sign in DISK_FULL_SIGNS)


def _messages_of(error: BaseException) -> Iterator[str]:
    """The exception and those it was raised from or while handling."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield f"{type(current).__name__}: {current}"
        todo += [current.__cause__, current.__context__]


def _messages_of_info(info: SerializableErrorInfo | None) -> Iterator[str]:
    """The same, for an error Dagster recorded of a step."""
    todo = [info]
    while todo:
        current = todo.pop()
        if current is not None:
            yield current.message
            todo += [current.cause, current.context]


def _written_places(settings: Settings) -> list[Path]:
    return [
        settings.duckdb_path,
        settings.dagster_home,
        settings.reports_dir,
        settings.published_dir,
        settings.data_docs_dir,
        settings.logs_dir,
        DBT_PROJECT_DIR,
    ]


def _free_bytes(path: Path) -> int:
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("/"))
    stats = os.statvfs(existing)
    return stats.f_bavail * stats.f_frsize


def disk_full(settings: Settings, messages: list[str]) -> RunFault | None:
    """A RunFault naming the full disk when any message says the disk is full: by the place a
    message names, else the written place with the least free space."""
    full = [message for message in messages if _is_disk_full(message)]
    if not full:
        return None
    places = _written_places(settings)
    named = [place for place in places if any(str(place) in message for message in full)]
    place = named[0] if named else min(places, key=_free_bytes)
    return RunFault(f"the disk holding {place} is full; free space and run again")


def fault_of_error(settings: Settings, error: BaseException) -> RunFault | None:
    """What `error`, raised while a run was being made or run, says of the machine."""
    return disk_full(settings, list(_messages_of(error)))


def fault_of_run(settings: Settings, result: dg.ExecuteInProcessResult) -> RunFault | None:
    """What the run's failed steps say of the machine."""
    messages = [
        message
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data is not None
        for message in _messages_of_info(event.step_failure_data.error)
    ]
    return disk_full(settings, messages)
