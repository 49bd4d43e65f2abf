"""The benchmark's table as people read it: the pipeline's own time (the total less making the
scale's data) beside both floors, from a result whose figures are chosen by hand."""

from __future__ import annotations

from orchestration.bench_stages import STAGES
from orchestration.bench_table import table


def phase(generate: float, wall: float) -> dict:
    seconds = dict.fromkeys(STAGES, 1.0) | {"generate": generate}
    return {"seconds": seconds, "wall": wall, "peak_rss_bytes": 2**30, "cpu_seconds": wall}


def result() -> dict:
    compiled = {"seconds": 35.0, "cpu_seconds": 40.0, "models": 52}
    return {
        "scale": {"name": "region", "about": "5 forces x 5 years"},
        "commit": "abc1234",
        "when": "2026-12-07T18:00:00+00:00",
        "cpus": 2,
        "full_build": phase(generate=300.0, wall=1000.0),
        "incremental": phase(generate=2.0, wall=122.0),
        "floor_full": {
            "seconds": {"load": 40.0, "marts": 30.0},
            "total": 70.0,
            "cpu_seconds": 100.0,
            "crimes": 1000,
            "outcomes": 900,
            "compiled": compiled,
        },
        "floor_incremental": {"compiled": compiled | {"seconds": 12.0}},
    }


def cells(printed: str, name: str) -> list[str]:
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in printed.splitlines()]
    [row] = [row for row in rows if row[0] == name]
    return row


def test_the_pipeline_row_is_the_total_less_generating_against_both_floors() -> None:
    printed = table(result())
    # 1000 - 300 = 700 s: 10.0 times the floor's 70 s and 20.0 times the compiled SQL's 35 s;
    # the month 122 - 2 = 120 s, 10.0 times the compiled month's 12 s
    assert cells(printed, "total less generate") == [
        "total less generate", "700.0 s", "120.0 s", "70.0 s", "10.0x", "35.0 s", "20.0x",
        "12.0 s", "10.0x",
    ]  # fmt: skip
    assert cells(printed, "total")[1:5] == ["1,000.0 s", "122.0 s", "70.0 s", "14.3x"]
