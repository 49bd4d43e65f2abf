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


def table(result: dict) -> str:
    scale, full, incremental = result["scale"], result["full_build"], result["incremental"]
    floor = result["floor_full"]
    header = ("stage", "full build", "incremental", "floor", "full / floor")
    rows = []
    for stage in STAGES:
        at_floor = floor["seconds"].get(FLOOR_STAGE.get(stage, ""))
        rows.append(
            (
                stage,
                _seconds(full["seconds"][stage]),
                _seconds(incremental["seconds"][stage]),
                _seconds(at_floor),
                _ratio(full["seconds"][stage], at_floor),
            )
        )
    rows.append(
        (
            "total",
            _seconds(full["wall"]),
            _seconds(incremental["wall"]),
            _seconds(floor["total"]),
            _ratio(full["wall"], floor["total"]),
        )
    )
    rows.append(
        ("CPU (user + system)", _seconds(full["cpu_seconds"]),
         _seconds(incremental["cpu_seconds"]), _seconds(floor.get("cpu_seconds")),
         _ratio(full["cpu_seconds"], floor.get("cpu_seconds")))
    )  # fmt: skip
    rows.append(
        ("peak memory", _megabytes(full["peak_rss_bytes"]),
         _megabytes(incremental["peak_rss_bytes"]), "-", "-")
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
        f"on top (its 'generate' is landing the generated files)"
    )
    return "\n".join([title, "", line(header), rule, *map(line, rows)])


def figures(result: dict) -> str:
    """The floor's headline figures beside the marts', both builds."""
    lines = ["| force | month | figure | floor | marts | equal |", "|---|---|---|---|---|---|"]
    for phase in ("floor_full", "floor_incremental"):
        for f in result[phase]["figures"]:
            lines.append(
                f"| {f['force']} | {f['month']} | {f['figure']} | {f['floor']} | {f['marts']} "
                f"| {'yes' if f['equal'] else 'NO'} |"
            )
    return "\n".join(lines)
