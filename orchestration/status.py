"""`pcp status`: what has landed, what the warehouse holds, how the last run went, what is
published; read-only, safe while a run goes."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

import dagster as dg

from orchestration.months import stale_months
from orchestration.progress import CheckTally
from orchestration.runner import dagster_instance, say
from pcp_assets.punctuality import as_of, from_landing
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.warehouse import WarehouseError, open_warehouse
from reports.paper import has_tables


def _months(months: list[date]) -> str:
    return f"{months[0]:%Y-%m}..{months[-1]:%Y-%m} ({len(months)} months)" if months else "none"


def latest_built(settings: Settings) -> date | None:
    if not settings.duckdb_path.exists():
        return None
    with open_warehouse(settings.duckdb_path, read_only=True) as con:
        if not has_tables(con, ("marts.deliveries",)):
            return None
        return con.execute(
            "SELECT max(reporting_month) FROM marts.deliveries WHERE force_id = ?",
            [settings.force_id],
        ).fetchone()[0]


def last_run_line(settings: Settings) -> str:
    with dagster_instance(settings) as instance:
        runs = instance.get_runs(
            filters=dg.RunsFilter(job_name=source_named(settings.source).job_name), limit=1
        )
        if not runs:
            return "no run recorded"
        run = runs[0]
        checks = CheckTally.of(
            record.dagster_event.event_specific_data
            for record in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
        )
        stats = instance.get_run_stats(run.run_id)
    first = run.tags.get("dagster/asset_partition_range_start", "")[:7]
    last = run.tags.get("dagster/asset_partition_range_end", "")[:7]
    moment = stats.end_time or stats.start_time
    when = f"{datetime.fromtimestamp(moment, UTC):%Y-%m-%d %H:%M} UTC" if moment else "not ended"
    return (
        f"{run.run_id[:8]} {run.status.value.lower()} for {first}..{last} ({when}): "
        f"checks {checks.counts}"
    )


def command_status(args: argparse.Namespace, settings: Settings) -> int:
    source = source_named(settings.source)
    landed = source.landed_months(settings)
    say(f"force {settings.force_id}, source {source.name} ({source.folder(settings)})")
    say(f"landed: {_months(landed)}")
    try:
        stale = stale_months(settings, landed[-1]) if landed else []
        built = latest_built(settings)
    except WarehouseError as error:
        say(str(error))
        return 2
    say("every landed delivery is loaded" if not stale else f"to load: {_months(stale)}")
    say(f"latest month built: {built:%Y-%m}" if built else "latest month built: none")
    say(f"last run: {last_run_line(settings)}")
    today = as_of(settings)
    late = [p for e in source.extracts if (p := from_landing(settings, e, today)).is_late]
    say(
        f"freshness on {today:%Y-%m-%d}: "
        + (
            f"{len(late)} extract(s) late"
            if late
            else "every extract's month now due landed on time"
        )
    )
    for punctuality in late:
        say(f"  {punctuality.describe()}")
    current = settings.published_dir / "current"
    say(f"published: {current.resolve().name if current.exists() else 'nothing yet'}")
    return 0
