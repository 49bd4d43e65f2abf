"""Where a run's time went, stage by stage, from its Dagster step events."""

from __future__ import annotations

from pathlib import Path

from data_contracts.registry import extracts

# The stages of a build, in the order they run (generate is timed by the benchmark itself).
STAGES = ("generate", "load", "dbt", "checks", "papers", "publication", "start-up and other")


PAPER_STEPS = (
    "publication.render_board_paper",
    "publication.print_pdf",
    "publication.print_word",
)


def stage_of(step_key: str) -> str:
    """raw__crimes -> load, pcp_dbt_assets -> dbt, the publication's rendering and printing ->
    papers, publication.publish -> publication; the steps left (contracts, the quarantine's
    counts, Great Expectations suites, the reconciliation) are checks."""
    if step_key.removeprefix("raw__") in extracts():
        return "load"
    if step_key == "pcp_dbt_assets":
        return "dbt"
    if step_key in PAPER_STEPS:
        return "papers"
    if step_key == "publication.publish":
        return "publication"
    return "checks"


def latest_run_step_seconds(dagster_home: Path) -> dict[str, float]:
    """Seconds per step of the latest run of the Dagster instance at `dagster_home`."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        (run,) = instance.get_runs(limit=1)
        started: dict[str, float] = {}
        seconds: dict[str, float] = {}
        for entry in instance.all_logs(run.run_id):
            event = entry.dagster_event
            if event is None or entry.step_key is None:
                continue
            kind = event.event_type_value
            if kind == "STEP_START":
                started[entry.step_key] = entry.timestamp
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in started:
                seconds[entry.step_key] = entry.timestamp - started[entry.step_key]
    return seconds


def stage_seconds(step_seconds: dict[str, float], wall: float) -> dict[str, float]:
    """Steps summed by stage; what the steps do not account for is start-up and other (imports,
    building the definitions, parsing dbt, Dagster's own bookkeeping)."""
    stages = dict.fromkeys(STAGES[1:], 0.0)
    for step, seconds in step_seconds.items():
        stages[stage_of(step)] += seconds
    stages["start-up and other"] = max(wall - sum(step_seconds.values()), 0.0)
    return stages
