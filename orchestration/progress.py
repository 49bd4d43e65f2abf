"""What `pcp run` says while a run goes: one line per step, with how long it took.

A Dagster logger (`step_lines`) sees every event of the run; it prints a line when a step ends
(or fails), so a default run reads as a short list of stages. `pcp run --verbose` adds Dagster's
own console log and dbt's per-model lines (pcp_assets/transform.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import dagster as dg
from dagster_shared.error import SerializableErrorInfo

from pcp_assets.check_lines import listed_lines

# Step keys as Dagster names them -> as people read them (raw__crimes -> raw/crimes).
STEP_NAMES = {
    "pcp_dbt_assets": "dbt build (models and data tests)",
    "publication.render_board_paper": "reports/board_paper (rendered, staged)",
    "publication.print_pdf": "reports/board_paper printed as PDF (staged)",
    "publication.publish": "published/marts and the papers put in place",
    "publication.print_word": "reports/board_paper written as Word, in place",
}


def step_label(step_key: str) -> str:
    return STEP_NAMES.get(step_key, step_key.replace("__", "/"))


class StepLines(logging.Handler):
    """Prints `pcp: <step> done in 12.3 s` (or `FAILED after ...`) as steps end."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.started: dict[str, float] = {}
        self.done = 0

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        step = getattr(event, "step_key", None)
        if event is None or step is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = record.created
            return
        if kind not in ("STEP_SUCCESS", "STEP_FAILURE"):
            return
        self.done += 1
        took = record.created - self.started.get(step, record.created)
        outcome = "done in" if kind == "STEP_SUCCESS" else "FAILED after"
        print(f"pcp: [{self.done:>2}] {step_label(step)} {outcome} {took:.1f} s", flush=True)


@dg.logger(description="One line per finished step, for the pcp command line.")
def step_lines(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.Logger("pcp.steps", logging.DEBUG)
    logger.addHandler(StepLines())
    return logger


def run_loggers(verbose: bool) -> dict[str, dict]:
    """The run config's loggers: the step lines, and with --verbose Dagster's console log."""
    loggers: dict[str, dict] = {"pcp_steps": {}}
    if verbose:
        loggers["console"] = {"config": {"log_level": "INFO"}}
    return loggers


@dataclass
class CheckTally:
    """A run's check evaluations by outcome, as names (`marts/crime_volume great_expectations`);
    checks of severity WARN that did not pass are warnings, not failures."""

    passed: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    failed: list[dg.AssetCheckEvaluation] = field(default_factory=list)

    @classmethod
    def of(cls, evaluations: Iterable[dg.AssetCheckEvaluation]) -> CheckTally:
        tally = cls()
        for evaluation in evaluations:
            if evaluation.passed:
                tally.passed.append(check_name(evaluation))
            elif evaluation.severity == dg.AssetCheckSeverity.WARN:
                tally.warned.append(check_name(evaluation))
            else:
                tally.failed.append(evaluation)
        return tally

    @property
    def counts(self) -> str:
        return f"{len(self.passed)} passed, {len(self.warned)} warned, {len(self.failed)} failed"


def warnings_of(evaluations: Iterable[dg.AssetCheckEvaluation]) -> list[str]:
    """The lines of the `warning` metadata (a Markdown list) of checks of severity WARN that did
    not pass: what the run summary says under `warned`."""
    return [
        line
        for evaluation in evaluations
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
        for line in listed_lines(evaluation.metadata, "warning")
    ]


def check_name(evaluation: dg.AssetCheckEvaluation) -> str:
    return f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}"


def failure_lines(evaluation: dg.AssetCheckEvaluation) -> list[str]:
    """A failed check as one line per thing it found (`<check>: <force> <month>: <rule>: <n>
    rows, e.g. <keys>`), from its `failed` metadata; just its name when it has none."""
    name = check_name(evaluation)
    return [f"{name}: {line}" for line in listed_lines(evaluation.metadata, "failed")] or [name]


def innermost(error: SerializableErrorInfo | None) -> SerializableErrorInfo | None:
    """The error that started it: what went wrong, not where Dagster caught it."""
    while error is not None and error.cause is not None:
        error = error.cause
    return error


def is_check_failure(event: dg.DagsterEvent) -> bool:
    """A step failed by its blocking check, which is said as the check (with what it found)."""
    data = event.step_failure_data
    error = innermost(data.error if data else None)
    return error is not None and error.cls_name == "DagsterAssetCheckFailedError"


def step_failure_line(event: dg.DagsterEvent) -> str:
    """What failed a step, in one line: the message of the error that started it."""
    data = event.step_failure_data
    error = innermost(data.error if data else None)
    if error is None:
        return "failed"
    line = error.message.strip().splitlines()[0]
    named, _, said = line.partition(": ")  # "package.module.SomeError: what it said"
    return said if named.endswith(error.cls_name) and said else line
