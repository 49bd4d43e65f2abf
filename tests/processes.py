"""Waiting on child processes with deadlines: a line a child prints, a file a child releases."""

from __future__ import annotations

import queue
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lines:
    """A child's stdout line by line; every wait has a deadline, so a silent child fails the
    test instead of hanging it."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stdout = process.stdout
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for(self, wanted: Callable[[str], bool], timeout: float) -> str:
        """The first line `wanted` accepts; fails when the child ends or the deadline passes."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                pytest.fail(f"no wanted line within {timeout:.0f} s")
            if line is None:
                pytest.fail("the process ended before printing the wanted line")
            if wanted(line):
                return line

    def rest(self, timeout: float) -> list[str]:
        """Every remaining line, up to the end of the child's output."""
        lines = []
        deadline = time.monotonic() + timeout
        while (line := self._lines.get(timeout=max(deadline - time.monotonic(), 0))) is not None:
            lines.append(line)
        return lines


def wait_until_writable(database: Path, timeout: float) -> None:
    """Block until a DuckDB file can be opened for writing (a killed writer has let go of it)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            duckdb.connect(str(database)).close()
            return
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command's name (state, ppid, pgrp, session, ...);
    None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children_of(pid: int) -> list[int]:
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [child for child in pids if (fields := _stat(child)) and int(fields[1]) == pid]


def session_of(pid: int) -> int:
    fields = _stat(pid)
    assert fields is not None, f"process {pid} is gone"
    return int(fields[3])


def living_in_sessions(sessions: set[int]) -> set[int]:
    """Every process (not a zombie) of these sessions."""
    found = set()
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields and int(fields[3]) in sessions and fields[0] != "Z":
            found.add(int(entry.name))
    return found
