"""A long-running tool (`dagster dev`, `dbt docs serve`) that stops with `pcp ui`, `pcp docs`.

The tool runs in a session of its own, so a Ctrl-C at the terminal reaches `pcp` only, not each of
the tool's processes at once (each would print its own traceback). `pcp` forwards SIGINT or SIGTERM
to the tool, which shuts its processes down in order (`dagster dev` stops its webserver, daemon and
code servers); whatever of its session is still running after a grace period, or at a second
signal, is killed. No process of the tool outlives `pcp`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

from orchestration.runner import say

# `dagster dev` gives its webserver and daemon 60 s each to stop before it kills them.
GRACE_SECONDS = 130.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_until_stopped(
    command: Sequence[str], cwd: Path, env: Mapping[str, str], grace: float = GRACE_SECONDS
) -> int:
    """Run `command` in its own session until it ends or this process is asked to stop; 0 when
    it was stopped so, else its exit status."""
    started: list[subprocess.Popen[bytes]] = []
    asked: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        asked.append(signum)
        if not started:
            return
        if len(asked) == 1:
            say("stopping (Ctrl-C again kills it at once)")
            started[0].send_signal(signal.SIGINT)  # the tool stops its own processes in order
        else:
            _kill_session(started[0].pid)

    # Installed before the tool starts, so that it starts with both signals at their defaults
    # (a handler is reset by exec; an ignored signal, as in a shell's background job, is not).
    previous = {signum: signal.signal(signum, forward) for signum in STOP_SIGNALS}
    try:
        started.append(subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True))
        if asked:
            started[0].send_signal(signal.SIGINT)
        status = _wait(started[0], grace, asked)
    finally:
        if started:
            _kill_session(started[0].pid)  # whatever the tool left behind
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0 if asked else status


def _wait(process: subprocess.Popen[bytes], grace: float, asked: list[int]) -> int:
    """The tool's exit status; once a stop is asked for, at most `grace` seconds later."""
    deadline = None
    while True:
        try:
            return process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            if asked and deadline is None:
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() > deadline:
                say(f"still running {grace:.0f} s after the stop: killed")
                _kill_session(process.pid)
                return process.wait()


def _kill_session(leader: int) -> None:
    """SIGKILL to every process left in the session `leader` started (its process group)."""
    with contextlib.suppress(ProcessLookupError):  # nothing of it is left
        os.killpg(leader, signal.SIGKILL)
