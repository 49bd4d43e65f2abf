"""Peak memory of a process tree, sampled from /proc: the resident set of a command and every
process it starts (dbt, Dagster's helpers), summed, at its highest; and its CPU time."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.2


def _stat_fields(pid: str) -> tuple[int, int] | None:
    """(parent pid, resident pages) of a process, or None if it has gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces: the fields that follow start after its ')'
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[21])


def tree_rss_bytes(root: int) -> int:
    """The resident memory of `root` and all its descendants now."""
    parent_of: dict[int, int] = {}
    pages: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat_fields(entry)) is not None:
            parent_of[int(entry)], pages[int(entry)] = fields
    tree = {root}
    grew = True
    while grew:
        added = {pid for pid, parent in parent_of.items() if parent in tree} - tree
        tree |= added
        grew = bool(added)
    return sum(pages.get(pid, 0) for pid in tree) * PAGE_BYTES


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    # user + system CPU of the command and the processes it waited for: on a shared machine the
    # wall time follows the other users' load, the CPU time much less
    cpu_seconds: float


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], env: Mapping[str, str], log: Path) -> Measured:
    """Run `command` (its output to `log`), sampling its process tree's memory as it goes."""
    peak = 0
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(SAMPLE_SECONDS):
                peak = max(peak, tree_rss_bytes(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = process.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    return Measured(seconds, peak, returncode, _children_cpu_seconds() - cpu_before)
