"""pcp_assets/forked.py: jobs side by side, results in order, a child's failure raised here."""

from __future__ import annotations

import os
from functools import partial

import pytest

from pcp_assets.forked import ChildFailed, on_every_core, side_by_side

two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: jobs run here")


def test_results_come_back_in_the_order_of_the_jobs() -> None:
    assert side_by_side([lambda: "first", lambda: ["second", 2], lambda: {"third": 3}]) == [
        "first",
        ["second", 2],
        {"third": 3},
    ]


@two_cores
def test_the_first_job_runs_here_and_the_others_in_children() -> None:
    here = os.getpid()
    pids = side_by_side([os.getpid, os.getpid, os.getpid])
    assert pids[0] == here
    assert here not in pids[1:] and len(set(pids)) == 3


@two_cores
def test_a_childs_exception_is_raised_here_with_its_traceback() -> None:
    def broken() -> None:
        raise ValueError("the printer jammed")

    with pytest.raises(ChildFailed, match=r"(?s)ValueError: the printer jammed"):
        side_by_side([lambda: None, broken])


@two_cores
def test_a_child_that_dies_without_a_result_is_an_error() -> None:
    with pytest.raises(ChildFailed, match="exit code 3"):
        side_by_side([lambda: None, lambda: os._exit(3)])


def test_many_jobs_are_dealt_to_one_process_per_core_and_come_back_in_order() -> None:
    cores = os.cpu_count() or 1
    jobs = [partial(lambda n: (n, os.getpid()), n) for n in range(3 * cores + 1)]
    done = on_every_core(jobs)
    assert [n for n, _ in done] == list(range(len(jobs)))
    # at most one process a core however many jobs; the jobs of a process dealt in turn
    pids = [pid for _, pid in done]
    assert len(set(pids)) == min(cores, len(jobs))
    assert all(pids[n] == pids[n % cores] for n in range(len(jobs)))
