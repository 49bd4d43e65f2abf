"""`pcp status`: what has landed, what the warehouse holds, how the last run went, what is
published; read-only, safe while a run goes."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

import dagster as dg
import duckdb

from orchestration.months import settled, stale_months
from orchestration.progress import CheckTally, failure_lines
from orchestration.runner import dagster_instance, say
from orchestration.sensors import FAILURE_LOG, FAILURE_TAG, step_failure_line
from pcp_assets.corrections import latest_corrections
from pcp_assets.partitions import month_of, months_between
from pcp_assets.punctuality import as_of, from_landing
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import WarehouseError, open_warehouse
from reports.paper import has_tables
from reports.phrases import counted


def _months(months: list[date]) -> str:
    if not months:
        return "none"
    return f"{months[0]:%Y-%m}..{months[-1]:%Y-%m} ({counted(len(months), 'month')})"


def _latest_month(con: duckdb.DuckDBPyConnection, force_id: str) -> date | None:
    if not has_tables(con, ("marts.deliveries",)):
        return None
    return con.execute(
        "SELECT max(reporting_month) FROM marts.deliveries WHERE force_id = ?", [force_id]
    ).fetchone()[0]


CORRECTIONS_LISTED = 3


def correction_lines(con: duckdb.DuckDBPyConnection, force_id: str) -> list[str]:
    """The latest corrections: months delivered again with other contents (raw.corrections)."""
    if not has_tables(con, ("raw.corrections",)):
        return []
    latest = latest_corrections(con, force_id, CORRECTIONS_LISTED)
    if not latest:
        return ["corrections: none"]
    return ["last corrections (months delivered again with other contents):"] + [
        f"  {extract} {month:%Y-%m}, loaded {loaded_at:%Y-%m-%d %H:%M}: "
        f"{counted(before, 'row')} before, {after:,} now"
        for extract, month, before, after, loaded_at in latest
    ]


def published_lines(settings: Settings, built: date | None) -> list[str]:
    """The latest month analysts and the board can read, and a later month the warehouse holds
    (`built`) that no run published (its run failed, or runs still)."""
    current = settings.published_dir / "current"
    published = None
    if (current / "pcp.duckdb").exists():
        with open_warehouse(current / "pcp.duckdb", read_only=True) as con:
            published = _latest_month(con, settings.force_id)
    lines = [
        f"latest month published: {published:%Y-%m} (release {current.resolve().name})"
        if published
        else "latest month published: none"
    ]
    if built and (published is None or built > published):
        lines.append(
            f"  the warehouse holds {built:%Y-%m}, not published: its run failed or has not "
            "finished (see the last run below)"
        )
    return lines


def warehouse_lines(settings: Settings) -> list[str]:
    """What is published and the latest corrections, the working warehouse read once."""
    if not settings.duckdb_path.exists():
        return published_lines(settings, None)
    with open_warehouse(settings.duckdb_path, read_only=True) as con:
        built = _latest_month(con, settings.force_id)
        corrections = correction_lines(con, settings.force_id)
    return [*published_lines(settings, built), *corrections]


def _run_months(run: dg.DagsterRun) -> str:
    """The months a run covers, from its tags: a range (command line, backfill, sensor) or one
    partition (a month launched from the Dagster UI)."""
    tags = run.tags
    first = tags.get("dagster/asset_partition_range_start", tags.get("dagster/partition", ""))
    last = tags.get("dagster/asset_partition_range_end", first)
    if not first:
        return "no months"
    months = months_between(month_of(first), month_of(last))
    return _months(months) if len(months) > 1 else f"{months[0]:%Y-%m}"


def _failure_reason(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    """What failed, in one line: the failure sensor's message when it wrote one, else the run's
    failed checks and steps from its event log."""
    tagged = run.tags.get(FAILURE_TAG, "")
    for line in tagged.splitlines():
        if line.strip().startswith("failed: "):
            return line.strip().removeprefix("failed: ")
    kinds = {dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.ASSET_CHECK_EVALUATION}
    records = instance.get_records_for_run(run.run_id, of_type=kinds).records
    events = [r.event_log_entry.dagster_event for r in records if r.event_log_entry.dagster_event]
    failed_checks = CheckTally.of(
        e.event_specific_data for e in events if not e.is_step_failure
    ).failed
    if failed_checks:
        return f"check failed: {failure_lines(failed_checks[0])[0]}" + (
            f" (and {counted(len(failed_checks) - 1, 'other check')})"
            if len(failed_checks) > 1
            else ""
        )
    steps = [f"{e.step_key}: {step_failure_line(e)}" for e in events if e.is_step_failure]
    return steps[0] if steps else "the run did not finish"


def last_run_lines(settings: Settings) -> list[str]:
    with dagster_instance(settings) as instance:
        runs = instance.get_runs(
            filters=dg.RunsFilter(job_name=source_named(settings.source).job_name), limit=1
        )
        if not runs:
            return ["last run: none recorded"]
        run = runs[0]
        checks = CheckTally.of(
            record.dagster_event.event_specific_data
            for record in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
        )
        stats = instance.get_run_stats(run.run_id)
        failed = run.status == dg.DagsterRunStatus.FAILURE
        reason = _failure_reason(instance, run) if failed else ""
    if stats.end_time:
        when = f"ended {datetime.fromtimestamp(stats.end_time, UTC):%Y-%m-%d %H:%M} UTC"
    elif stats.start_time:
        when = f"started {datetime.fromtimestamp(stats.start_time, UTC):%Y-%m-%d %H:%M} UTC"
    else:
        when = "not started"
    lines = [
        f"last run: {run.run_id[:8]} {run.status.value.lower()} for {_run_months(run)}, "
        f"{when}: checks {checks.counts}"
    ]
    if failed:
        lines.append(f"  why: {reason}")
        lines.append(
            f"  details: {settings.logs_dir / FAILURE_LOG} and the run's page in the Dagster UI "
            "(make ui, Runs)"
        )
    return lines


def command_status(args: argparse.Namespace, settings: Settings) -> int:
    """What has landed, been built, run and published: of each force of the landing folder."""
    source = source_named(settings.source)
    for each in settled(settings).each_force():
        if code := _force_status(source, each):
            return code
    return 0


def _force_status(source: Source, settings: Settings) -> int:
    landed = source.landed_months(settings)
    say(f"force {settings.force_id}, source {source.name} ({source.folder(settings)})")
    say(f"landed: {_months(landed)}")
    try:
        stale = stale_months(settings, landed[-1]) if landed else []
        warehouse = warehouse_lines(settings)
    except WarehouseError as error:
        say(str(error))
        return 2
    say("every landed delivery is loaded" if not stale else f"to load: {_months(stale)}")
    for line in [*warehouse, *last_run_lines(settings)]:
        say(line)
    today = as_of(settings)
    late = [p for e in source.extracts if (p := from_landing(settings, e, today)).is_late]
    say(
        f"freshness on {today:%Y-%m-%d}: "
        + (
            f"{counted(len(late), 'extract')} late"
            if late
            else "every extract's month now due landed on time"
        )
    )
    for punctuality in late:
        say(f"  {punctuality.describe()}")
    return 0
