"""`pcp`: generate extracts, run a month end to end, and say where the results are."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import dagster as dg

from data_contracts.extracts import SOURCES, extracts_of
from pcp_assets import police_uk
from pcp_assets.landing import scan_landing
from pcp_assets.loading import sha256_of
from pcp_assets.partitions import parse_month, partition_key
from pcp_assets.settings import PROJECT_ROOT, Settings
from pcp_assets.warehouse import WarehouseError, open_warehouse

JOB_NAMES = {"synthetic": "monthly_board_paper", "police-uk": "police_uk_board_paper"}


def say(message: str) -> None:
    print(f"pcp: {message}", flush=True)


def landed_months(settings: Settings) -> list[date]:
    """Months for which every extract of the run's source has a file."""
    if settings.source == police_uk.SOURCE:
        if not settings.police_uk_dir.is_dir():
            return []
        return police_uk.forces_and_months(settings.police_uk_dir).get(settings.force_id, [])
    return scan_landing(settings.landing_dir, extracts_of(settings.source)).complete_months()


def ignored_files(settings: Settings) -> list[Path]:
    """What lies in the source's folder that is not a delivery."""
    if settings.source == police_uk.SOURCE:
        return police_uk.ignored_files(settings.police_uk_dir)
    return list(scan_landing(settings.landing_dir, extracts_of(settings.source)).ignored)


def say_ignored(settings: Settings) -> None:
    ignored = ignored_files(settings)
    if ignored:
        names = ", ".join(f"'{path.name}'" + ("/" if path.is_dir() else "") for path in ignored)
        say(f"ignored {len(ignored)} item(s) that are not deliveries: {names}")


def months_to_rebuild(settings: Settings, month: date) -> list[date]:
    """The reporting month plus every earlier landed month whose files are new or changed.

    A fresh warehouse loads the whole history in one run; a month-end run touches one month.
    """
    landed = [m for m in landed_months(settings) if m <= month]
    loaded: dict[tuple[str, date], str] = {}
    if settings.duckdb_path.exists():
        with open_warehouse(settings.duckdb_path, read_only=True) as con:
            has_loads = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = 'loads'"
            ).fetchone()[0]
            if has_loads:
                rows = con.execute(
                    "SELECT DISTINCT extract, month, sha256 FROM raw.loads WHERE force_id = ?",
                    [settings.force_id],
                ).fetchall()
                loaded = {(extract, m): sha for extract, m, sha in rows}
    stale = [
        m
        for m in landed
        for extract in extracts_of(settings.source)
        if loaded.get((extract, m)) != _sha256(police_uk.delivery_path(settings, extract, m))
    ]
    first = min([*stale, month])
    return [m for m in landed if first <= m <= month] or [month]


def _sha256(path: Path) -> str | None:
    """The file's digest; None when it cannot be read (the run then names the file and why)."""
    try:
        return sha256_of(path)
    except OSError:
        return None


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """The same instance `make ui` shows, so CLI runs appear in the Dagster UI."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
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


def run_months(settings: Settings, months: list[date]) -> bool:
    from orchestration.definitions import build_definitions
    from pcp_assets.transform import prepare_dbt_manifest

    prepare_dbt_manifest(force=True)
    defs = build_definitions(settings)
    job = defs.resolve_job_def(JOB_NAMES[settings.source])
    first, last = partition_key(months[0]), partition_key(months[-1])
    say(
        f"running {months[0]:%Y-%m}..{months[-1]:%Y-%m} ({len(months)} month(s)) "
        f"into {settings.duckdb_path}"
    )
    with dagster_instance(settings) as instance:
        release_abandoned_runs(instance)
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={
                "dagster/asset_partition_range_start": first,
                "dagster/asset_partition_range_end": last,
                PID_TAG: str(os.getpid()),
            },
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        )
    return report_run(result)


def report_run(result: dg.ExecuteInProcessResult) -> bool:
    """Say what went wrong, most useful last: checks that failed, steps that failed, and one line
    per refused file. Checks of severity WARN are said but do not fail the run."""
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        name = f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}"
        if evaluation.severity == dg.AssetCheckSeverity.WARN:
            say(f"warning: {name} did not pass (a warning: the run goes on)")
            continue
        details = evaluation.metadata.get("failed")
        say(f"check failed: {name}" + (f"\n{details.value}" if details else ""))
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
        reason = data.error.message.strip().splitlines()[0] if data and data.error else ""
        say(f"step failed: {event.step_key}: {reason}")
    for line in refused:
        say(f"refused: {line}")
    failed_checks = [
        e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    return result.success and not failed_checks


def command_generate(args: argparse.Namespace, settings: Settings) -> int:
    from pcp_assets.synthetic import generate

    if args.if_missing and landed_months(settings):
        say_ignored(settings)
        say(f"extracts already in {settings.landing_dir}; not generating")
        return 0
    say(f"generating {args.months} months of synthetic extracts ending {args.end_month}")
    paths = generate(
        settings.landing_dir,
        end_month=args.end_month,
        months=args.months,
        seed=args.seed,
        force_id=settings.force_id,
        progress=say,
    )
    say(f"wrote {len(paths)} files under {settings.landing_dir}")
    return 0


def for_source(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings of `pcp run --source ... --input ...`: the source and its folder, and for
    data.police.uk the force named in the files; published to the environment for the assets."""
    source = args.source or settings.source
    changes: dict[str, object] = {"source": source}
    if args.input:
        changes["police_uk_dir" if source == police_uk.SOURCE else "landing_dir"] = (
            args.input.resolve()
        )
    settings = replace(settings, **changes)
    if source == police_uk.SOURCE and settings.police_uk_dir.is_dir():
        force = police_uk.the_force(settings.police_uk_dir, settings.force_id)
        settings = replace(settings, force_id=force)
    settings.export()
    return settings


def command_run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        settings = for_source(args, settings)
    except ValueError as error:
        say(str(error))
        return 2
    say_ignored(settings)
    landed = landed_months(settings)
    if args.month:
        month = args.month
    elif landed:
        month = landed[-1]
    else:
        folder = (
            settings.police_uk_dir if settings.source == police_uk.SOURCE else settings.landing_dir
        )
        say(f"no extracts in {folder}: run `pcp generate` or deliver files first")
        return 2
    published = settings.published_dir / "current"
    release_before = _release(published)
    try:
        ok = run_months(settings, months_to_rebuild(settings, month))
    except WarehouseError as error:
        say(str(error))
        return 2
    paper = settings.reports_dir / f"{month:%Y-%m}" / "board_paper.html"
    say(f"warehouse: {settings.duckdb_path}")
    if ok:
        say(f"board paper: {paper}")
        say(f"published marts for analysts: {published}/ (pcp.duckdb and marts/*.parquet)")
        return 0
    say("the run failed; see the messages above (the Dagster UI has the full log: make ui)")
    release_after = _release(published)
    if release_after != release_before:
        say(f"the published marts moved to {release_after} although the run failed")
    elif release_before is None:
        say("nothing was published and no paper was written")
    else:
        say(
            f"nothing was published: analysts still read {release_before}; the papers are unchanged"
        )
    return 1


def _release(current: Path) -> str | None:
    """The name of the release `current` points at, if any."""
    return current.resolve().name if current.exists() else None


def main(argv: list[str] | None = None) -> int:
    from pcp_assets.synthetic import DEFAULT_END_MONTH

    parser = argparse.ArgumentParser(prog="pcp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser(
        "generate", help="write synthetic force extracts to the landing folder"
    )
    generate.add_argument("--end-month", default=DEFAULT_END_MONTH, help="last month, YYYY-MM")
    generate.add_argument("--months", type=int, default=36)
    generate.add_argument("--seed", type=int, default=2019)
    generate.add_argument("--if-missing", action="store_true", help="do nothing if extracts exist")
    generate.set_defaults(handler=command_generate)

    run = commands.add_parser("run", help="load, build, check and render a reporting month")
    run.add_argument(
        "--month", type=parse_month, help="reporting month, YYYY-MM (default: the latest landed)"
    )
    run.add_argument(
        "--source",
        choices=SOURCES,
        help="synthetic (force extracts in PCP_LANDING_DIR, the default) or police-uk "
        "(data.police.uk downloads; PCP_SOURCE)",
    )
    run.add_argument(
        "--input",
        type=Path,
        help="the source's folder: for police-uk a folder of YYYY-MM/YYYY-MM-<force>-street.csv "
        "and -outcomes.csv downloads, plain or .gz (PCP_POLICE_UK_DIR)",
    )
    run.set_defaults(handler=command_run)

    args = parser.parse_args(argv)
    settings = Settings.from_env()
    settings.export()
    return args.handler(args, settings)


if __name__ == "__main__":
    sys.exit(main())
