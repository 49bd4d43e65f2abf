"""Sensors: a new or corrected delivery starts the runs it needs; a failed run leaves a message.

`deliveries_<source>` looks at the source's folder every minute. Months whose files the warehouse
has not loaded as they are now (new, or corrected since: compared by SHA-256 with raw.loads) are
rebuilt with every later landed month, in one run, as `pcp run` would. Its cursor is the set of
files it last asked for, so a run in flight is not asked for twice.

`freshness_<source>` looks at the folder every hour: an extract whose latest month now due has not
landed (or landed late) fails its `freshness` check for that month in the UI, before any run; each
change of an extract's state is reported once (the cursor holds the states last reported).

`run_failures` writes, for any failed run, what failed and what to do, to
`<PCP_LOGS_DIR>/run_failures.log` and to the run's tags in the Dagster UI.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import dagster as dg

from orchestration.jobs import JOBS
from orchestration.months import stale_months
from orchestration.progress import innermost
from pcp_assets.freshness import CHECK_NAME, evaluation_metadata
from pcp_assets.partitions import partition_key, run_tags
from pcp_assets.punctuality import as_of, from_landing
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import WarehouseError

FAILURE_LOG = "run_failures.log"
FAILURE_TAG = "pcp/failure"


def delivery_sensor(source: Source, settings: Settings) -> dg.SensorDefinition:
    """`settings` are the location's, settled (orchestration/months.py)."""

    @dg.sensor(
        name=f"deliveries_{source.name}",
        job=JOBS[source.name],
        minimum_interval_seconds=60,
        default_status=_default_status(source),
        description=f"Runs the months a new or corrected {source.label} delivery changes, and "
        "every later landed month.",
    )
    def deliveries(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        landed = source.landed_months(settings)
        if not landed:
            return dg.SkipReason(f"no deliveries in {source.folder(settings)}")
        try:
            stale = stale_months(settings, landed[-1])
        except WarehouseError as error:  # a run holds the warehouse: look again next time
            return dg.SkipReason(str(error))
        if not stale:
            return dg.SkipReason("every landed delivery is loaded as it is")
        first, last = stale[0], landed[-1]
        asked = _fingerprint(first, last, stale)
        if asked == context.cursor:
            return dg.SkipReason("the run for these deliveries was already asked for")
        request = dg.RunRequest(run_key=asked, tags=run_tags(first, last, every_paper=False))
        return dg.SensorResult(run_requests=[request], cursor=asked)

    return deliveries


def freshness_sensor(source: Source, settings: Settings) -> dg.SensorDefinition:
    """`settings` are the location's, settled (orchestration/months.py)."""

    @dg.sensor(
        name=f"freshness_{source.name}",
        minimum_interval_seconds=3600,
        default_status=_default_status(source),
        description=f"Fails the freshness check of a {source.label} extract whose month now due "
        "has not landed, or landed late (its contract's due day).",
    )
    def freshness(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        if not source.landed_months(settings):
            return dg.SkipReason(f"no deliveries in {source.folder(settings)}")
        today = as_of(settings)
        found = [from_landing(settings, extract, today) for extract in source.extracts]
        states = {p.extract: f"{p.month:%Y-%m} {p.state}" for p in found}
        reported = json.loads(context.cursor) if context.cursor else {}
        changed = [p for p in found if reported.get(p.extract) != states[p.extract]]
        if not changed:
            late = [p.extract for p in found if p.is_late]
            return dg.SkipReason(f"unchanged; late: {', '.join(late) or 'none'}")
        evaluations = [
            dg.AssetCheckEvaluation(
                asset_key=dg.AssetKey(["raw", p.extract]),
                check_name=CHECK_NAME,
                passed=not p.is_late,
                severity=dg.AssetCheckSeverity.WARN,
                partition=partition_key(p.month),
                metadata=evaluation_metadata(p),
            )
            for p in changed
        ]
        return dg.SensorResult(asset_events=evaluations, cursor=json.dumps(states))

    return freshness


def _default_status(source: Source) -> dg.DefaultSensorStatus:
    """A scheduled source's deliveries are watched from the start; published downloads, which
    come when a person fetches them, on request."""
    return dg.DefaultSensorStatus.RUNNING if source.scheduled else dg.DefaultSensorStatus.STOPPED


def _fingerprint(first: object, last: object, stale: list) -> str:
    text = json.dumps([str(first), str(last), [str(m) for m in stale]])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def failure_message(context: dg.RunFailureSensorContext) -> str:
    run = context.dagster_run
    tags = run.tags
    months = (
        f"{tags.get('dagster/asset_partition_range_start', '?')[:7]}.."
        f"{tags.get('dagster/asset_partition_range_end', '?')[:7]}"
        if "dagster/asset_partition_range_start" in tags
        else tags.get("dagster/partition", "?")[:7]
    )
    steps = [
        f"{event.step_key}: {_first_line(event)}" for event in context.get_step_failure_events()
    ]
    what = (context.failure_event.message or "").strip().splitlines()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC run {run.run_id[:8]} of {run.job_name} "
        f"for {months} failed: {what[0] if what else 'see the run'}\n"
        + "".join(f"  failed: {line}\n" for line in steps)
        + "  nothing was published; analysts and the board still see the last good release.\n"
        "  what to do: open the run in the Dagster UI (Runs) to read the failed step or check; "
        "a refused or quarantined delivery is named there with its file, row and rule: correct "
        "it in the landing folder (the file sensor starts the run again), or run the months "
        f"again with `pcp backfill --from {months[:7]} --to {months[-7:]}`.\n"
    )


def _first_line(event: dg.DagsterEvent) -> str:
    data = event.step_failure_data
    error = innermost(data.error if data else None)
    if error is None:
        return "failed"
    line = error.message.strip().splitlines()[0]
    named, _, said = line.partition(": ")  # "package.module.SomeError: what it said"
    return said if named.endswith(error.cls_name) and said else line


def failure_sensor(settings: Settings) -> dg.SensorDefinition:
    @dg.run_failure_sensor(
        name="run_failures",
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=f"Writes what failed and what to do to {FAILURE_LOG} and the run's tags.",
    )
    def run_failures(context: dg.RunFailureSensorContext) -> None:
        message = failure_message(context)
        settings.logs_dir.mkdir(parents=True, exist_ok=True)
        with (settings.logs_dir / FAILURE_LOG).open("a", encoding="utf-8") as log:
            log.write(message)
        context.instance.add_run_tags(context.dagster_run.run_id, {FAILURE_TAG: message[:4000]})

    return run_failures


def build_sensors(source: Source, settings: Settings) -> list[dg.SensorDefinition]:
    """The location's source's delivery and freshness sensors, and the failure sensor."""
    return [
        delivery_sensor(source, settings),
        freshness_sensor(source, settings),
        failure_sensor(settings),
    ]
