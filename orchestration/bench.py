"""`pcp bench <scale>`: generate a scale's forces into a folder of its own, time a full build and
one more month on top, stage by stage with peak memory, beside the floor (orchestration/floor.sql);
print the table and write it as JSON."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.bench_memory import Measured, run_measured
from orchestration.bench_scales import SCALES, Scale
from orchestration.bench_stages import STAGES, latest_run_step_seconds, stage_seconds
from orchestration.compiled_floor import run_compiled_floor
from orchestration.floor import (
    headline_figures,
    mart_figures,
    mart_region_figures,
    region_figures,
    run_floor,
)
from orchestration.runner import say
from pcp_assets.pseudonyms import GENERATED_MARKER
from pcp_assets.settings import PROJECT_ROOT, Settings

PCP = [sys.executable, "-m", "orchestration.cli"]


@dataclass
class Phase:
    """A full build or an incremental month: seconds per stage (generation summed over the
    forces; one run builds them all), the wall time, and the highest memory any one command's
    process tree held."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    wall: float = 0.0
    peak_rss_bytes: int = 0
    cpu_seconds: float = 0.0

    def add(self, stages: dict[str, float], measured: Measured) -> None:
        for stage, seconds in stages.items():
            self.seconds[stage] += seconds
        self.wall += measured.seconds
        self.peak_rss_bytes = max(self.peak_rss_bytes, measured.peak_rss_bytes)
        self.cpu_seconds += measured.cpu_seconds


class BenchError(Exception):
    """A command of the benchmark failed; its log is named."""


def environment(settings: Settings, root: Path) -> dict[str, str]:
    """Every path of a pipeline run inside `root`: the user's own data is never touched. Its
    landing folder is laid out by force: a run covers every force of the scale."""
    folders = {
        "PCP_DUCKDB_PATH": "warehouse/pcp.duckdb",
        "PCP_LANDING_DIR": "landing",
        "PCP_REPORTS_DIR": "reports",
        "PCP_PUBLISHED_DIR": "published",
        "PCP_DATA_DOCS_DIR": "data_docs",
        "PCP_COMMENTARY_DIR": "commentary",
        "PCP_LOGS_DIR": "logs",
        "DAGSTER_HOME": "dagster_home",
    }
    env = settings.child_environment()
    env.update({name: str(root / folder) for name, folder in folders.items()})
    env.update(PCP_SOURCE="force_extracts")
    return env


def checked(command: list[str], env: dict[str, str], log: Path) -> Measured:
    measured = run_measured(command, env, log)
    if measured.returncode != 0:
        raise BenchError(f"`pcp {' '.join(command[len(PCP) :])}` failed: see {log}")
    return measured


def deliver(root: Path, force: str, months: list[str]) -> None:
    """Land the generated files of `months` in the force's landing folder, as a delivery would."""
    source, landing = root / "generated" / force, root / "landing" / force
    for path in source.glob("*/*.csv"):
        if path.stem in months:
            target = landing / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    shutil.copy(source / GENERATED_MARKER, landing / GENERATED_MARKER)


def month_names(scale: Scale) -> list[str]:
    from pcp_assets.sources.force_extracts.synthetic import DEFAULT_END_MONTH
    from pcp_assets.sources.force_extracts.synthetic.reference import month_range

    return [str(period) for period in month_range(DEFAULT_END_MONTH, scale.months)]


def run_phase(settings: Settings, root: Path, month: str, phase: Phase) -> None:
    """One `pcp run` of every force of the scale up to `month`."""
    command = [*PCP, "run", "--month", month]
    measured = checked(command, environment(settings, root), root / "logs" / f"run-{month}.log")
    steps = latest_run_step_seconds(root / "dagster_home")
    phase.add(stage_seconds(steps, measured.seconds), measured)


def compare_with_floor(root: Path, scale: Scale, months: tuple[str, str]) -> dict[str, object]:
    """Both floors after a build of `months` (first, last): their time, and the headline figures
    of the last month beside the marts'. A figure is equal when all three are."""
    floor = run_floor(root / "landing", root / "floor.duckdb")
    warehouse = root / "warehouse" / "pcp.duckdb"
    first, last = (date.fromisoformat(f"{month}-01") for month in months)
    compiled = run_compiled_floor(warehouse, root / "compiled_floor", (first, last))
    compared = [
        (force, figure, at_compiled)
        for force in scale.force_ids()
        for figure, at_compiled in zip(
            headline_figures(floor, warehouse, force, last),
            mart_figures(compiled.con, force, last),
            strict=True,
        )
    ]
    compared += [
        ("all forces", figure, at_compiled)
        for figure, at_compiled in zip(
            region_figures(floor, warehouse, last),
            mart_region_figures(compiled.con, last),
            strict=True,
        )
    ]
    compiled.con.close()
    figures = [
        {"force": force, "month": months[1], "figure": name, "floor": at_floor,
         "compiled": at_compiled, "marts": in_marts,
         "equal": at_floor == in_marts == at_compiled}
        for force, (name, at_floor, in_marts), at_compiled in compared
    ]  # fmt: skip
    rows = floor.con.execute(
        "select (select count(*) from crimes), (select count(*) from outcomes)"
    ).fetchone()
    floor.con.close()
    return {
        "seconds": floor.seconds,
        "total": sum(floor.seconds.values()),
        "cpu_seconds": floor.cpu_seconds,
        "crimes": rows[0],
        "outcomes": rows[1],
        "compiled": {
            "seconds": compiled.seconds,
            "cpu_seconds": compiled.cpu_seconds,
            "compile_seconds": compiled.compile_seconds,
            "models": compiled.models,
        },
        "figures": figures,
    }


def bench(settings: Settings, scale: Scale) -> dict[str, object]:
    root = settings.bench_dir / scale.name
    shutil.rmtree(root, ignore_errors=True)
    (root / "logs").mkdir(parents=True)
    months = month_names(scale)
    full, incremental = Phase(), Phase()
    for force in scale.force_ids():
        env = environment(settings, root)
        env.update(PCP_LANDING_DIR=str(root / "generated" / force), PCP_FORCE_ID=force)
        say(f"{scale.name}: generating {scale.months} months of {force}")
        command = [*PCP, "generate", "--force", force, "--months", str(scale.months)]
        measured = checked(command, env, root / "logs" / f"generate-{force}.log")
        full.add({"generate": measured.seconds}, measured)
        deliver(root, force, months[:-1])
    say(f"{scale.name}: full build of {months[0]}..{months[-2]}")
    run_phase(settings, root, months[-2], full)
    floor_full = compare_with_floor(root, scale, (months[0], months[-2]))
    say(f"{scale.name}: one more month, {months[-1]}")
    started = time.perf_counter()
    for force in scale.force_ids():
        deliver(root, force, months[-1:])
    landed = time.perf_counter() - started
    incremental.add({"generate": landed}, Measured(landed, 0, 0, 0.0))
    run_phase(settings, root, months[-1], incremental)
    floor_incremental = compare_with_floor(root, scale, (months[-1], months[-1]))
    return {
        "scale": asdict(scale),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "cpus": os.cpu_count(),
        "full_build": asdict(full),
        "incremental": asdict(incremental),
        "floor_full": floor_full,
        "floor_incremental": floor_incremental,
    }


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def command_bench(args: argparse.Namespace, settings: Settings) -> int:
    """Run a scale; exit 1 if a command failed or a floor figure differs from the marts'."""
    from orchestration.bench_table import figures, table

    scale = SCALES[args.scale]
    try:
        result = bench(settings, scale)
    except (BenchError, ValueError) as error:
        say(str(error))
        return 1
    out = args.json or settings.bench_dir / scale.name / "bench.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(result), "", figures(result), sep="\n", flush=True)
    say(f"written to {out}")
    unequal = [
        f for phase in ("floor_full", "floor_incremental") for f in result[phase]["figures"]
        if not f["equal"]
    ]  # fmt: skip
    if unequal:
        say(f"{len(unequal)} figure(s) of the floor differ from the marts'")
        return 1
    return 0


def add_bench_command(commands: argparse._SubParsersAction) -> None:
    bench_parser = commands.add_parser(
        "bench",
        help="time a full build and one more month at a named scale, beside the DuckDB floor",
    )
    bench_parser.add_argument(
        "scale",
        choices=list(SCALES),
        help="; ".join(f"{s.name}: {s.about}" for s in SCALES.values()),
    )
    bench_parser.add_argument(
        "--json",
        type=Path,
        help="where to write the result (default <PCP_BENCH_DIR>/<scale>/bench.json)",
    )
    bench_parser.set_defaults(handler=command_bench)
