"""Run months of a source through Dagster, in-process, and say what happened."""

from __future__ import annotations

import os
from datetime import date

import dagster as dg
import yaml

from orchestration.faults import fault_of_error, fault_of_run
from orchestration.progress import (
    CheckTally,
    check_name,
    failure_lines,
    is_check_failure,
    run_loggers,
    step_failure_line,
    warnings_of,
)
from pcp_assets.partitions import run_tags
from pcp_assets.pseudonym_keys import refuse_another_key
from pcp_assets.run_forces import DELIVERIES_REFUSED, FORCES_REFUSED
from pcp_assets.settings import (
    DAGSTER_ENVIRONMENT,
    PROJECT_ROOT,
    RANGED_RUN_ENVIRONMENT,
    Settings,
    environment,
)
from pcp_assets.sources import source_named
from reports.phrases import counted


def say(message: str) -> None:
    print(f"pcp: {message}", flush=True)


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """The same instance `make ui` shows, so CLI runs appear in the Dagster UI. Its event log
    lives where Dagster's default one does (`<home>/history/runs`)."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((PROJECT_ROOT / "orchestration" / "dagster.yaml").read_text())
    config["event_log_storage"]["config"] = {"base_dir": str(home / "history" / "runs")}
    text, path = yaml.safe_dump(config, sort_keys=False), home / "dagster.yaml"
    # written once, not at every opening: another process (the UI's daemon, a second `pcp`)
    # may be reading it
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return dg.DagsterInstance.from_config(str(home))


PID_TAG = "pcp/pid"


def release_abandoned_runs(instance: dg.DagsterInstance) -> None:
    """A `pcp run` killed mid-way leaves its run 'started' and its pool slot claimed, which would
    hold the next run waiting forever: mark such runs failed and free their slots."""
    unfinished = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED])
    )
    for run in unfinished:
        pid = run.tags.get(PID_TAG)
        if pid is None or _process_alive(int(pid)):
            continue
        say(f"run {run.run_id[:8]} was stopped before it finished; releasing it")
        instance.report_run_failed(run, "the pcp process running it ended without finishing")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_months(
    settings: Settings,
    months: list[date],
    every_paper: bool = True,
    print_every_month: bool = False,
) -> bool:
    """Build `months` in one run; a paper for each, or (`every_paper=False`) for the last only,
    printed as PDF and Word for the last month or (`print_every_month`) for each.
    Raises RunFault when the machine stops it (a full disk), and
    PseudonymKeyChanged, before anything starts, for a run under another key than the
    warehouse's."""
    from orchestration.definitions import build_definitions

    source = source_named(settings.source)
    for each in settings.each_force():
        refuse_another_key(each, source.extracts, source.folder(each))
    defs = build_definitions(settings)
    job = defs.resolve_job_def(source.job_name)
    say(
        f"running {months[0]:%Y-%m}..{months[-1]:%Y-%m} ({counted(len(months), 'month')}) "
        f"into {settings.duckdb_path}"
    )
    try:
        with dagster_instance(settings) as instance:
            release_abandoned_runs(instance)
            ranged = RANGED_RUN_ENVIRONMENT if len(months) > 1 else {}
            with environment({**DAGSTER_ENVIRONMENT, **ranged}):
                result = job.execute_in_process(
                    instance=instance,
                    raise_on_error=False,
                    tags={
                        **run_tags(
                            months[0],
                            months[-1],
                            every_paper=every_paper,
                            print_every_month=print_every_month,
                        ),
                        PID_TAG: str(os.getpid()),
                    },
                    run_config={"loggers": run_loggers(settings.verbose)},
                )
    except Exception as error:
        if (fault := fault_of_error(settings, error)) is not None:
            raise fault from error
        raise
    if (fault := fault_of_run(settings, result)) is not None:
        raise fault
    return report_run(result)


def report_run(result: dg.ExecuteInProcessResult) -> bool:
    """Say what went wrong, most useful last: checks that failed, steps that failed, and one line
    per refused file, after a summary of the checks. Checks of severity WARN are said but do not
    fail the run."""
    evaluations = result.get_asset_check_evaluations()
    checks = CheckTally.of(evaluations)
    for evaluation in checks.failed:
        for line in failure_lines(evaluation):
            say(f"check failed: {line}")
    say(
        f"checks: {checks.counts}"
        + "".join(f"\npcp:   warned: {name}" for name in checks.warned)
        + "".join(f"\npcp:   failed: {check_name(e)}" for e in checks.failed)
    )
    for line in warnings_of(evaluations):
        say(f"warning: {line}")
    refused: list[str] = []
    failed_steps = [event for event in result.all_events if event.is_step_failure]
    for event in failed_steps:
        data = event.step_failure_data
        user = data.user_failure_data if data else None
        if user is not None and "files_refused" in user.metadata:
            lines = (user.description or "").splitlines()
            refused += lines
            say(f"step failed: {event.step_key}: {len(lines)} file(s) refused (below)")
            continue
        if not is_check_failure(event):  # else said above, as a check
            say(f"step failed: {event.step_key}: {step_failure_line(event)}")
    forces, lines = forces_left(result)
    for line in refused + lines:
        say(f"refused: {line}")
    if forces:
        say(
            f"left as they were: {', '.join(forces)} (deliveries refused, above); the run went "
            "on with the other forces"
        )
    return result.success and not checks.failed and not forces


def forces_left(result: dg.ExecuteInProcessResult) -> tuple[list[str], list[str]]:
    """The forces the run left as they were while the others went on, and what it refused of
    them (pcp_assets/run_forces.py)."""
    forces: dict[str, None] = {}
    lines: dict[str, None] = {}  # each month's materialization says them: said once
    for event in result.all_events:
        if not event.is_step_materialization:
            continue
        metadata = event.step_materialization_data.materialization.metadata
        if FORCES_REFUSED in metadata:
            forces.update(dict.fromkeys(metadata[FORCES_REFUSED].text.split(", ")))
            lines.update(dict.fromkeys(metadata[DELIVERIES_REFUSED].text.splitlines()))
    return list(forces), list(lines)
