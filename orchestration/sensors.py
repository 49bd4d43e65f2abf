"""Sensors: a new or corrected delivery starts the runs it needs; a failed run leaves a message.

`deliveries_<source>` looks at the source's folder every PCP_SENSOR_INTERVAL seconds (a minute by
default). Months whose files the warehouse has not loaded as they are now (new, corrected or broken
since: compared by SHA-256 with raw.loads) are rebuilt with every later landed month, in one run,
as `pcp run` would. The run's key is the digests of those files and of what the warehouse holds in
their place: every new contents starts exactly one run, however often the same months ran before,
and the same contents never a second (a failed run's files wait for a correction, even one back to
what the warehouse holds; the skip says so). A month runs once every extract of it has landed (the
skip says what it awaits), and nothing is asked for while a run of the job is under way.

`freshness_<source>` looks at the folder every hour: an extract whose latest month now due has not
landed (or landed late) fails its `freshness` check for that month in the UI, before any run; each
change of an extract's state is reported once (the cursor holds the states last reported).

`run_failures` writes, for any failed run, what failed and what to do, to
`<PCP_LOGS_DIR>/run_failures.log` and to the run's tags in the Dagster UI.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import dagster as dg
from dagster._core.storage.tags import RUN_KEY_TAG

from data_contracts.calendar import add_months
from orchestration.jobs import JOBS
from orchestration.months import StaleDelivery, awaited_extracts, stale_deliveries
from orchestration.progress import (
    CheckTally,
    failure_lines,
    is_check_failure,
    step_failure_line,
)
from pcp_assets.checking import sha256_of
from pcp_assets.freshness import CHECK_NAME, evaluation_metadata
from pcp_assets.partitions import parse_month, partition_key, run_tags
from pcp_assets.punctuality import as_of, from_landing
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import WarehouseError

FAILURE_LOG = "run_failures.log"
FAILURE_TAG = "pcp/failure"

UNFINISHED_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def delivery_sensor(source: Source, settings: Settings) -> dg.SensorDefinition:
    """`settings` are the location's, settled (orchestration/months.py)."""
    job = JOBS[source.name]

    @dg.sensor(
        name=f"deliveries_{source.name}",
        job=job,
        minimum_interval_seconds=settings.sensor_interval,
        default_status=_default_status(source),
        description=f"Starts one run for every new, corrected or broken delivery of "
        f"{source.label}: from its month to the latest landed month. A run is keyed by the "
        "files' contents, so the same files are run once and any other contents run again.",
    )
    def deliveries(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        landed = source.landed_months(settings)
        if not landed:
            return dg.SkipReason(f"no deliveries in {source.folder(settings)}")
        running = _under_way(context.instance, job.name)
        if running is not None:
            return dg.SkipReason(
                f"run {running.run_id[:8]} of {job.name} {_how_it_goes(running)}: "
                "the deliveries are looked at again once it has ended"
            )
        asked = Asked.of(context.cursor)
        try:
            stale = stale_deliveries(settings, landed[-1])
        except WarehouseError as error:  # a run holds the warehouse: look again next time
            return dg.SkipReason(str(error))
        acting = stale + _corrected_after_failure(context.instance, asked, stale, source, settings)
        if not acting:
            arriving = _arriving(source, settings, landed[-1])
            return dg.SkipReason(arriving or "every landed delivery is loaded as it is")
        acting.sort(key=lambda d: (d.month, d.extract))
        first, last = acting[0].month, landed[-1]
        run_key = delivery_run_key(acting, last)
        if asked is not None and run_key == asked.run_key:
            return dg.SkipReason(_already_asked(context.instance, run_key, acting))
        request = dg.RunRequest(run_key=run_key, tags=run_tags(first, last, every_paper=False))
        return dg.SensorResult(run_requests=[request], cursor=Asked.made(run_key, acting).cursor())

    return deliveries


@dataclass(frozen=True)
class Asked:
    """What the delivery sensor last asked a run for (its cursor): the run's key and the digest
    of each file it acted on (`StaleDelivery.name`), as they were then."""

    run_key: str
    files: dict[str, str | None]

    @classmethod
    def made(cls, run_key: str, deliveries: list[StaleDelivery]) -> Asked:
        return cls(run_key, {d.name: d.sha256 for d in deliveries})

    @classmethod
    def of(cls, cursor: str | None) -> Asked | None:
        if not cursor:
            return None
        if not cursor.startswith("{"):  # a cursor written before the files were kept: the key
            return cls(cursor, {})
        held = json.loads(cursor)
        return cls(held["run_key"], held["files"])

    def cursor(self) -> str:
        return json.dumps({"run_key": self.run_key, "files": self.files})


def _under_way(instance: dg.DagsterInstance | None, job_name: str) -> dg.DagsterRun | None:
    """A run of the job queued or running: its loads are not all in the warehouse yet, so the
    files it is loading would look new again (and start a second run) until it has ended."""
    if instance is None:
        return None
    runs = instance.get_runs(
        filters=dg.RunsFilter(job_name=job_name, statuses=UNFINISHED_STATUSES), limit=1
    )
    return runs[0] if runs else None


def _corrected_after_failure(
    instance: dg.DagsterInstance | None,
    asked: Asked | None,
    stale: list[StaleDelivery],
    source: Source,
    settings: Settings,
) -> list[StaleDelivery]:
    """The files of the sensor's last run, when it failed, that changed since and are now as the
    warehouse holds them: a refused file put back as it was before. Nothing else would start the
    run the engineer's correction asks for (the failed run loaded nothing of it)."""
    if instance is None or asked is None or not asked.files:
        return []
    runs = instance.get_runs(filters=dg.RunsFilter(tags={RUN_KEY_TAG: asked.run_key}), limit=1)
    if not runs or runs[0].status not in (
        dg.DagsterRunStatus.FAILURE,
        dg.DagsterRunStatus.CANCELED,
    ):
        return []
    held = {d.name for d in stale}
    corrected = []
    for name, then in asked.files.items():
        if name in held:
            continue
        *force, extract, month = name.split("/")
        of = settings.of_force(force[0]) if force else settings
        path = source.delivery_path(of, extract, parse_month(month))
        digest = sha256_of(path) if path.is_file() else None
        if digest is not None and digest != then:
            found = StaleDelivery(extract, parse_month(month), path, digest, digest, *force)
            corrected.append(found)
    return corrected


def _arriving(source: Source, settings: Settings, last: date) -> str:
    """The month after the latest landed one, when some of its files have landed: what it awaits
    (a month runs once every extract has landed), or that it has just landed whole; else
    nothing."""
    month = add_months(last, 1)
    awaited = awaited_extracts(source, settings, month)
    expected = len(source.extracts) * len(settings.each_force())
    if len(awaited) == expected:
        return ""
    if not awaited:  # its last file landed after this tick listed the months landed
        return f"{month:%Y-%m} has landed whole as this tick looked: its run starts at the next"
    return (
        f"{month:%Y-%m} is arriving: {expected - len(awaited)} of {expected} extracts landed, "
        f"awaiting {', '.join(awaited)}; it runs once every extract has landed (the months "
        "before it are loaded as they are)"
    )


def delivery_run_key(stale: list[StaleDelivery], last: date) -> str:
    """The run's key: what the files are now and what the warehouse holds in their place, so a
    correction, a second correction, a return to an earlier file, or a refused file put back as
    it was each make a new key, and the same files dropped again make the same one (Dagster
    starts one run per key)."""
    text = json.dumps(
        [
            str(last),
            [
                [d.name, d.sha256, d.loaded_sha256]
                if d.force
                else [d.extract, str(d.month), d.sha256, d.loaded_sha256]
                for d in stale
            ],
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _already_asked(
    instance: dg.DagsterInstance | None, run_key: str, stale: list[StaleDelivery]
) -> str:
    """Why no run is asked for: these very files were; with how that run went."""
    names = ", ".join(f"{d.extract}/{d.path.name}" for d in stale[:3])
    more = ", ..." if len(stale) > 3 else ""
    files = f"{len(stale)} file{'' if len(stale) == 1 else 's'} ({names}{more})"
    runs = (
        instance.get_runs(filters=dg.RunsFilter(tags={RUN_KEY_TAG: run_key}), limit=1)
        if instance is not None
        else []
    )
    if not runs:
        return f"the run for these deliveries, {files}, was already asked for"
    run = runs[0]
    said = f"run {run.run_id[:8]} for {files} {_how_it_goes(run)}"
    if run.status == dg.DagsterRunStatus.FAILURE:
        said += f" (why: {FAILURE_LOG} and the run's page); deliver a corrected file to run again"
    return said


def _how_it_goes(run: dg.DagsterRun) -> str:
    """ "is running", "failed": the run's status in words."""
    words = {
        dg.DagsterRunStatus.NOT_STARTED: "is queued",
        dg.DagsterRunStatus.STARTED: "is running",
        dg.DagsterRunStatus.CANCELING: "is being canceled",
        dg.DagsterRunStatus.SUCCESS: "succeeded",
        dg.DagsterRunStatus.FAILURE: "failed",
        dg.DagsterRunStatus.CANCELED: "was canceled",
    }
    return words.get(run.status, f"is {run.status.value.lower()}")


def freshness_sensor(source: Source, settings: Settings) -> dg.SensorDefinition:
    """`settings` are the location's, settled (orchestration/months.py)."""

    @dg.sensor(
        name=f"freshness_{source.name}",
        minimum_interval_seconds=3600,
        default_status=_default_status(source),
        description=f"Looks every hour at {source.label}: fails the freshness check of an "
        "extract whose month now due has not landed, or landed late (its contract's due day).",
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


def failure_message(context: dg.RunFailureSensorContext) -> str:
    run = context.dagster_run
    tags = run.tags
    months = (
        f"{tags.get('dagster/asset_partition_range_start', '?')[:7]}.."
        f"{tags.get('dagster/asset_partition_range_end', '?')[:7]}"
        if "dagster/asset_partition_range_start" in tags
        else tags.get("dagster/partition", "?")[:7]
    )
    evaluations = [
        record.event_log_entry.dagster_event.event_specific_data
        for record in context.instance.get_records_for_run(
            run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        if record.event_log_entry.dagster_event
    ]
    checks = [line for e in CheckTally.of(evaluations).failed for line in failure_lines(e)]
    steps = [
        f"{event.step_key}: {step_failure_line(event)}"
        for event in context.get_step_failure_events()
        if not is_check_failure(event)
    ]
    what = (context.failure_event.message or "").strip().splitlines()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC run {run.run_id[:8]} of {run.job_name} "
        f"for {months} failed: {what[0] if what else 'see the run'}\n"
        + "".join(f"  failed: check {line}\n" for line in checks)
        + "".join(f"  failed: {line}\n" for line in steps)
        + "  nothing was published; analysts and the board still see the last good release.\n"
        "  what to do: open the run in the Dagster UI (Runs) to read the failed step or check; "
        "a refused or quarantined delivery is named there with its file, row and rule: correct "
        "it in the landing folder (the file sensor starts the run again), or run the months "
        f"again with `pcp backfill --from {months[:7]} --to {months[-7:]}`.\n"
    )


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
