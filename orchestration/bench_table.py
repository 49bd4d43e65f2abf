"""The benchmark's result as people read it: one table of stages, and the floor's figures."""

from __future__ import annotations

from orchestration.bench_stages import STAGES

# A pipeline stage and the floor's stage that does the same work.
FLOOR_STAGE = {"load": "load", "dbt": "marts"}


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} s"


def _ratio(pipeline: float, floor: float | None) -> str:
    return "-" if not floor else f"{pipeline / floor:,.1f}x"


def _megabytes(value: int) -> str:
    return f"{value / 2**20:,.0f} MB" if value else "-"


def _row(
    name: str,
    full: float,
    incremental: float,
    at_floor: float | None,
    compiled: float | None,
    compiled_month: float | None,
) -> tuple[str, ...]:
    """A row's cells: both builds, the floor beside the full build, the compiled SQL beside each."""
    return (
        name,
        _seconds(full),
        _seconds(incremental),
        _seconds(at_floor),
        _ratio(full, at_floor),
        _seconds(compiled),
        _ratio(full, compiled),
        _seconds(compiled_month),
        _ratio(incremental, compiled_month),
    )


def table(result: dict) -> str:
    scale, full, incremental = result["scale"], result["full_build"], result["incremental"]
    floor = result["floor_full"]
    compiled, compiled_month = floor["compiled"], result["floor_incremental"]["compiled"]
    header = ("stage", "full build", "incremental", "floor", "full / floor", "compiled SQL",
              "full / compiled", "compiled, month", "incremental / compiled")  # fmt: skip
    rows = []
    for stage in STAGES:
        at_floor = floor["seconds"].get(FLOOR_STAGE.get(stage, ""))
        # the compiled SQL is what the dbt stage runs
        at_compiled = (
            (compiled["seconds"], compiled_month["seconds"]) if stage == "dbt" else (None,) * 2
        )
        rows.append(
            _row(
                stage, full["seconds"][stage], incremental["seconds"][stage], at_floor, *at_compiled
            )
        )
    rows.append(
        _row("total", full["wall"], incremental["wall"], floor["total"], compiled["seconds"],
             compiled_month["seconds"])
    )  # fmt: skip
    # the pipeline's own time: the full build's 'generate' is making the scale's data
    rows.append(
        _row("total less generate", full["wall"] - full["seconds"]["generate"],
             incremental["wall"] - incremental["seconds"]["generate"], floor["total"],
             compiled["seconds"], compiled_month["seconds"])
    )  # fmt: skip
    rows.append(
        _row("CPU (user + system)", full["cpu_seconds"], incremental["cpu_seconds"],
             floor["cpu_seconds"], compiled["cpu_seconds"], compiled_month["cpu_seconds"])
    )  # fmt: skip
    rows.append(
        ("peak memory", _megabytes(full["peak_rss_bytes"]),
         _megabytes(incremental["peak_rss_bytes"]), *["-"] * 6)
    )  # fmt: skip
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    title = (
        f"pcp bench {scale['name']}: {scale['about']}; {floor['crimes']:,} crimes and "
        f"{floor['outcomes']:,} outcome rows in the full build; commit {result['commit']}, "
        f"{result['when']}, {result['cpus']} CPU(s); incremental = {scale['name']}'s last month "
        f"on top (its 'generate' is landing the generated files); CPU includes the generator's; "
        f"floor = orchestration/floor.sql "
        f"over the landed CSVs; compiled SQL = the {compiled['models']} dbt models' compiled SQL "
        f"as one DuckDB script over the loaded raw tables, the full build's months, and "
        f"(compiled, month) the incremental month's"
    )
    return "\n".join([title, "", line(header), rule, *map(line, rows)])


def figures(result: dict) -> str:
    """Both floors' headline figures beside the marts', both builds."""
    lines = [
        "| force | month | figure | floor | compiled SQL | marts | equal |",
        "|---|---|---|---|---|---|---|",
    ]
    for phase in ("floor_full", "floor_incremental"):
        for f in result[phase]["figures"]:
            lines.append(
                f"| {f['force']} | {f['month']} | {f['figure']} | {f['floor']} | {f['compiled']} "
                f"| {f['marts']} | {'yes' if f['equal'] else 'NO'} |"
            )
    return "\n".join(lines)
