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
import duckdb

from data_contracts.extracts import SOURCES, extracts_of
from pcp_assets import police_uk
from pcp_assets.loading import sha256_of
from pcp_assets.partitions import parse_month, partition_key
from pcp_assets.settings import PROJECT_ROOT, Settings

JOB_NAMES = {"synthetic": "monthly_board_paper", "police-uk": "police_uk_board_paper"}


def say(message: str) -> None:
    print(f"pcp: {message}", flush=True)


def landed_months(settings: Settings) -> list[date]:
    """Months for which every extract of the run's source has a file."""
    if settings.source == police_uk.SOURCE:
        if not settings.police_uk_dir.is_dir():
            return []
        return police_uk.forces_and_months(settings.police_uk_dir).get(settings.force_id, [])
    per_extract = [
        {parse_month(path.stem) for path in (settings.landing_dir / extract).glob("*.csv")}
        for extract in extracts_of(settings.source)
    ]
    return sorted(set.intersection(*per_extract)) if per_extract else []


def months_to_rebuild(settings: Settings, month: date) -> list[date]:
    """The reporting month plus every earlier landed month whose files are new or changed.

    A fresh warehouse loads the whole history in one run; a month-end run touches one month.
    """
    landed = [m for m in landed_months(settings) if m <= month]
    loaded: dict[tuple[str, date], str] = {}
    if settings.duckdb_path.exists():
        with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
            has_loads = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = 'loads'"
            ).fetchone()[0]
            if has_loads:
                rows = con.execute(
                    "SELECT DISTINCT extract, month, sha256 FROM raw.loads"
                ).fetchall()
                loaded = {(extract, m): sha for extract, m, sha in rows}
    stale = [
        m
        for m in landed
        for extract in extracts_of(settings.source)
        if loaded.get((extract, m)) != sha256_of(police_uk.delivery_path(settings, extract, m))
    ]
    first = min([*stale, month])
    return [m for m in landed if first <= m <= month] or [month]


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
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for evaluation in failed:
        details = evaluation.metadata.get("failed")
        say(
            f"check failed: {evaluation.asset_key.to_user_string()} {evaluation.check_name}"
            + (f"\n{details.value}" if details else "")
        )
    return result.success and not failed


def command_generate(args: argparse.Namespace, settings: Settings) -> int:
    from pcp_assets.synthetic import generate

    if args.if_missing and landed_months(settings):
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
    ok = run_months(settings, months_to_rebuild(settings, month))
    paper = settings.reports_dir / settings.force_id / f"{month:%Y-%m}" / "board_paper.html"
    say(f"warehouse: {settings.duckdb_path}")
    published = settings.published_dir / "current"
    if ok:
        say(f"board paper: {paper}")
        say(f"published marts for analysts: {published}/ (pcp.duckdb and marts/*.parquet)")
        return 0
    say("the run failed; see the messages above (the Dagster UI has the full log: make ui)")
    if published.exists():
        say(f"the published marts were left as they were: {published.resolve().name}")
    return 1


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
