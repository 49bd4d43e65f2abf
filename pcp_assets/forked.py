"""Jobs side by side on the machine's cores: the first in this process, each other in a forked
child. Checking a month's deliveries (parsing and Pandera) and printing the two editions of a paper
(WeasyPrint, python-docx) are pure Python, so threads would take turns: processes take half the
time on two cores.

A forked child starts with this process's memory (the settings, the papers built, the charts
drawn) and sends back only its result; it touches no database and writes only its own files.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """A job in a child process raised, or the child ended without a result."""


def side_by_side(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Each job's result, in order. Run one after another where there is one core or no fork."""
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2 or not can_fork:
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    children = []
    for job in jobs[1:]:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_run_and_send, args=(job, sender), daemon=True)
        child.start()
        sender.close()
        children.append((child, receiver))
    results = [jobs[0]()]
    for child, receiver in children:
        results.append(_result_of(child, receiver))
    return results


def _run_and_send(job: Callable[[], T], sender: Connection) -> None:
    try:
        sender.send((True, job()))
    except BaseException:  # the parent raises it, with the child's traceback
        sender.send((False, traceback.format_exc()))
    finally:
        sender.close()


def _result_of(child: multiprocessing.process.BaseProcess, receiver: Connection) -> T:
    try:
        succeeded, result = receiver.recv()
    except EOFError:
        child.join()
        raise ChildFailed(
            f"a child process ended without a result (exit code {child.exitcode})"
        ) from None
    finally:
        receiver.close()
    child.join()
    if not succeeded:
        raise ChildFailed(f"a job in a child process failed:\n{result}")
    return result


def on_every_core(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Each job's result, in order, the jobs dealt out in turn to one process per core (at most
    as many processes as cores however many jobs: a run printing many papers)."""
    shares = max(1, min(len(jobs), os.cpu_count() or 1))
    dealt = [list(range(start, len(jobs), shares)) for start in range(shares)]

    def run_share(indices: list[int]) -> list[T]:
        return [jobs[i]() for i in indices]

    done = side_by_side([partial(run_share, indices) for indices in dealt])
    results: dict[int, T] = {}
    for indices, share in zip(dealt, done, strict=True):
        results.update(zip(indices, share, strict=True))
    return [results[i] for i in range(len(jobs))]
