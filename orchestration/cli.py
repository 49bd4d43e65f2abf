"""`pcp`: generate extracts, run a month end to end, and say where the results are."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from importlib.metadata import version
from pathlib import Path

from orchestration.accept import add_accept_command
from orchestration.bench import add_bench_command
from orchestration.faults import RunFault
from orchestration.months import first_month, forces_that_delivered, months_to_rebuild
from orchestration.rekey import rekey
from orchestration.run_lock import holding_warehouse
from orchestration.runner import run_months, say
from orchestration.serve import add_serve_commands
from orchestration.status import command_status
from pcp_assets.file_modes import restrict_existing, restrict_new_files
from pcp_assets.force_id import checked_force_id
from pcp_assets.landing import force_folders
from pcp_assets.partitions import months_between
from pcp_assets.partitions import parse_month as parse_month_value
from pcp_assets.pseudonym_keys import PseudonymKeyChanged
from pcp_assets.settings import Settings
from pcp_assets.sources import SOURCES, source_named
from pcp_assets.sources.force_extracts.source import ForceExtracts
from pcp_assets.warehouse import WarehouseError
from reports.render import paper_path


def parse_month(text: str) -> date:
    """`--month` and `--end-month`: strict YYYY-MM, or argparse's one-line usage error."""
    try:
        return parse_month_value(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def say_ignored(settings: Settings) -> None:
    """Name, once, what lies in the source's folder that is not a delivery."""
    ignored = source_named(settings.source).ignored_files(settings)
    if ignored:
        names = ", ".join(f"'{path.name}'" + ("/" if path.is_dir() else "") for path in ignored)
        say(f"ignored {len(ignored)} item(s) that are not deliveries: {names}")


def command_generate(args: argparse.Namespace, settings: Settings) -> int:
    from pcp_assets.sources.force_extracts.synthetic import generate

    settings = generated_for(settings)
    if args.next:
        return command_generate_next(args, settings)
    source = source_named(ForceExtracts.name)  # the source the generator writes for
    if args.if_missing and source.landed_months(settings):
        say_ignored(settings)
        say(f"extracts already in {settings.landing_dir}; not generating")
        return 0
    say(
        f"generating {args.months} months of synthetic extracts of {settings.force_id} "
        f"ending {args.end_month}"
    )
    try:
        paths = generate(
            settings.landing_dir,
            end_month=args.end_month,
            months=args.months,
            seed=args.seed,
            force_id=settings.force_id,
            progress=say,
            commentary_dir=settings.commentary_dir,
        )
    except ValueError as error:
        say(str(error))
        return 2
    say(f"wrote {len(paths)} files under {settings.landing_dir}")
    return 0


def generated_for(settings: Settings) -> Settings:
    """The settings `pcp generate` writes with: into the landing folder, or into the force's own
    folder of a landing folder laid out by force."""
    source = source_named(ForceExtracts.name)
    if not force_folders(settings.landing_dir, source.extracts):
        return settings
    return replace(settings, landing_dir=settings.landing_dir / settings.force_id, forces=())


def command_generate_next(args: argparse.Namespace, settings: Settings) -> int:
    from pcp_assets.sources.force_extracts.synthetic.next_month import land_next

    try:
        paths = land_next(
            settings.landing_dir,
            seed=args.seed,
            force_id=settings.force_id,
            extracts=args.extract,
            delay=args.delay,
            progress=say,
            commentary_dir=settings.commentary_dir,
        )
    except ValueError as error:
        say(str(error))
        return 2
    say(f"landed {len(paths)} file(s) under {settings.landing_dir}")
    return 0


def run_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings of `pcp run|backfill --source ... --input ... --force ...`: the source, its
    folder, and the force (which a source may read from its files). Raises ValueError."""
    settings = replace(
        settings, source=args.source or settings.source, verbose=args.verbose or settings.verbose
    )
    source = source_named(settings.source)
    if args.input:
        settings = source.with_input(settings, args.input)
    return source.settle_force(settings)


def before_history(settings: Settings, month: date, option: str) -> bool:
    """Say so, in one line, when `month` is before the partitions' first month."""
    start = first_month(settings)
    if month >= start:
        return False
    say(
        f"{option} {month:%Y-%m} is before the first month of the history, {start:%Y-%m} "
        "(PCP_FIRST_MONTH; by default the first landed month)"
    )
    return True


def command_run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        settings = run_settings(args, settings)
    except ValueError as error:
        say(str(error))
        return 2
    source = source_named(settings.source)
    say_ignored(settings)
    landed = source.landed_months(settings)
    if args.month:
        month = args.month
        if month not in landed:
            say(
                f"{month:%Y-%m} has not landed for {_forces(settings)} in "
                f"{source.folder(settings)} (every extract of {source.label} is needed); "
                + (f"landed: {landed[0]:%Y-%m} to {landed[-1]:%Y-%m}" if landed else "none landed")
            )
            return 2
        if before_history(settings, month, "--month"):
            return 2
    elif landed:
        month = landed[-1]
    else:
        say(
            f"no deliveries of {_forces(settings)} in {source.folder(settings)}: "
            "run `pcp generate` or deliver files first"
        )
        return 2
    settings = delivering(settings, month)
    release_before = _release(settings.published_dir / "current")
    try:
        with holding_warehouse(settings.duckdb_path):
            ok = run_months(settings, months_to_rebuild(settings, month), every_paper=False)
    except (WarehouseError, RunFault, PseudonymKeyChanged) as error:
        say(str(error))
        return 2
    return said_after_run(settings, ok, release_before, month)


def _forces(settings: Settings) -> str:
    return ", ".join(settings.forces or (settings.force_id,))


def delivering(settings: Settings, month: date) -> Settings:
    """The settings of the forces that delivered `month`, saying which forces did not."""
    narrowed = forces_that_delivered(settings, month)
    waiting = [force for force in settings.forces if force not in narrowed.forces]
    if waiting:
        say(
            f"not delivered whole for {month:%Y-%m}, left as they were: {', '.join(waiting)}; "
            f"running {_forces(narrowed)}"
        )
    return narrowed


def said_after_run(
    settings: Settings, ok: bool, release_before: str | None, paper_month: date
) -> int:
    """The run's closing lines, and its exit code: where the paper and the marts are, or what
    was published, if anything, before the run failed."""
    published = settings.published_dir / "current"
    say(f"warehouse: {settings.duckdb_path}")
    if ok:
        for force in settings.forces or (settings.force_id,):
            paper = paper_path(settings.reports_dir, force, paper_month)
            say(f"board paper: {paper} (and .pdf, .docx; board_paper_published.* to circulate)")
        say(f"published marts for analysts: {published}/ (pcp.duckdb and marts/*.parquet)")
        return 0
    say("the run failed; see the messages above (the Dagster UI has the full log: make ui)")
    release_after = _release(published)
    if release_after != release_before:
        say(
            f"published {release_after} before the run failed: what it left out or failed after "
            "publication is above (Word files not written are missing until a run prints them "
            "again)"
        )
    elif release_before is None:
        say("nothing was published and no paper was written")
    else:
        say(f"nothing was published: analysts still read {release_before}; papers are unchanged")
    return 1


def command_backfill(args: argparse.Namespace, settings: Settings) -> int:
    """Every month from --from to --to, loaded and built in one run (a paper for each). The last
    month must have landed; a month inside the range that never did is recorded as missing."""
    try:
        settings = run_settings(args, settings)
    except ValueError as error:
        say(str(error))
        return 2
    source = source_named(settings.source)
    if args.first > args.last:
        say(f"--from {args.first:%Y-%m} is after --to {args.last:%Y-%m}")
        return 2
    if before_history(settings, args.first, "--from"):
        return 2
    landed = set(source.landed_months(settings))
    if args.last not in landed:
        say(
            f"{args.last:%Y-%m} has not landed for {_forces(settings)} in {source.folder(settings)}"
        )
        return 2
    settings = delivering(settings, args.last)
    months = months_between(args.first, args.last)
    gaps = [m for m in months if m not in landed]
    if gaps:
        names = ", ".join(f"{m:%Y-%m}" for m in gaps)
        say(f"not landed, recorded as missing (figures that need them are not available): {names}")
    release_before = _release(settings.published_dir / "current")
    try:
        with holding_warehouse(settings.duckdb_path):
            ok = run_months(settings, months, print_every_month=args.print_every_month)
    except (WarehouseError, RunFault, PseudonymKeyChanged) as error:
        say(str(error))
        return 2
    return said_after_run(settings, ok, release_before, args.last)


def command_rekey(args: argparse.Namespace, settings: Settings) -> int:
    try:
        settings = run_settings(args, settings)
    except ValueError as error:
        say(str(error))
        return 2
    if len(settings.forces) > 1:
        say(f"rekey one force at a time: --force (one of {_forces(settings)})")
        return 2
    return rekey(settings.of_force(settings.force_id))


def _release(current: Path) -> str | None:
    """The name of the release `current` points at, if any."""
    return current.resolve().name if current.exists() else None


def main(argv: list[str] | None = None) -> int:
    from pcp_assets.sources.force_extracts.synthetic import DEFAULT_END_MONTH

    parser = argparse.ArgumentParser(prog="pcp", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('pcp')}")
    commands = parser.add_subparsers(dest="command", required=True)
    force = argparse.ArgumentParser(add_help=False)
    force.add_argument(
        "--force",
        help="the force's id, e.g. midshire (PCP_FORCE_ID); for a landing folder of force "
        "folders, the one force to run (by default every force that delivered)",
    )

    generate = commands.add_parser(
        "generate", parents=[force], help="write synthetic force extracts to the landing folder"
    )
    generate.add_argument(
        "--end-month",
        default=DEFAULT_END_MONTH,
        type=lambda text: f"{parse_month(text):%Y-%m}",
        help=f"last month generated, YYYY-MM (default {DEFAULT_END_MONTH})",
    )
    generate.add_argument(
        "--months", type=int, default=36, help="how many months, ending --end-month (default 36)"
    )
    generate.add_argument(
        "--seed", type=int, default=2019, help="random seed: the same seed, the same files"
    )
    generate.add_argument("--if-missing", action="store_true", help="do nothing if extracts exist")
    generate.add_argument(
        "--next",
        action="store_true",
        help="land the month after the latest landed month, continuing the generated history "
        "(no landed file changes)",
    )
    generate.add_argument(
        "--extract",
        action="append",
        metavar="NAME",
        help="with --next: land only this extract's file (repeatable)",
    )
    generate.add_argument(
        "--delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --next: wait this long between one extract's file and the next",
    )
    generate.set_defaults(handler=command_generate)

    sourced = argparse.ArgumentParser(add_help=False)
    sourced.add_argument(
        "--source",
        choices=list(SOURCES),
        help="; ".join(f"{name}: {source.label}" for name, source in SOURCES.items())
        + " (PCP_SOURCE; default force_extracts)",
    )
    sourced.add_argument(
        "--input",
        type=Path,
        help="the source's folder (PCP_LANDING_DIR for force_extracts; PCP_POLICE_UK_DIR for "
        "police_uk, a folder of YYYY-MM/YYYY-MM-<force>-street.csv and -outcomes.csv downloads, "
        "plain or .gz)",
    )
    sourced.add_argument(
        "--verbose",
        action="store_true",
        help="also print Dagster's log and dbt's line per model and test",
    )
    run = commands.add_parser(
        "run", parents=[force, sourced], help="load, build, check and render a reporting month"
    )
    run.add_argument(
        "--month", type=parse_month, help="reporting month, YYYY-MM (default: the latest landed)"
    )
    run.set_defaults(handler=command_run)

    backfill = commands.add_parser(
        "backfill", parents=[force, sourced], help="rebuild a range of landed months in one run"
    )
    backfill.add_argument("--from", dest="first", type=parse_month, required=True, help="YYYY-MM")
    backfill.add_argument("--to", dest="last", type=parse_month, required=True, help="YYYY-MM")
    backfill.add_argument(
        "--print-every-month",
        action="store_true",
        help="print every month's paper as PDF and Word (by default the last month's only)",
    )
    backfill.set_defaults(handler=command_backfill)
    rekey_parser = commands.add_parser(
        "rekey",
        parents=[force, sourced],
        help="re-pseudonymise the history under the key now set (PCP_PSEUDONYM_KEY); rebuild",
    )
    rekey_parser.set_defaults(handler=command_rekey)
    status = commands.add_parser(
        "status", parents=[force], help="what has landed, been built, run and published"
    )
    status.set_defaults(handler=command_status)
    add_serve_commands(commands)
    add_bench_command(commands)
    add_accept_command(commands)

    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if getattr(args, "force", None) is not None:
            force = checked_force_id(args.force, "--force")
            settings = replace(settings, force_id=force, forces=(force,))
    except ValueError as error:  # a setting that cannot be read, or --force, in one line
        say(str(error))
        return 2
    restrict_new_files(settings.file_mode)
    restrict_existing(settings.file_mode, [settings.duckdb_path])
    return args.handler(args, settings)


if __name__ == "__main__":
    sys.exit(main())
