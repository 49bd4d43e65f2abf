"""Which of a run's forces go on to be built, checked, printed and published.

A run covers every force that delivered (pcp_assets/settings.py). A force any of whose deliveries
the run refused is recorded here and left as it was: its months are not built, its paper is not
rendered and its published figures stay the last release's, while the other forces go on. So is a
force that has delivered nothing of the run's reporting month while others have (a run the
schedule or the UI started before every force delivered): it is not refused, only not yet run. A
run all of whose forces were refused fails, as a run of one force does (docs/data-quality.md).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import duckdb

from pcp_assets.settings import Settings

TABLE = "raw.forces_left"

Left = Literal["refused", "not delivered"]


def record_left(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    force: str,
    extract: str,
    state: Left,
    reasons: list[str],
) -> None:
    con.execute(
        f"INSERT INTO {TABLE} (run_id, force_id, extract, state, reason, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, now())",
        [run_id, force, extract, state, "\n".join(reasons)],
    )


def forces_left(con: duckdb.DuckDBPyConnection, run_id: str) -> set[str]:
    """The forces the run has left as they were so far."""
    rows = con.execute(f"SELECT DISTINCT force_id FROM {TABLE} WHERE run_id = ?", [run_id])
    return {force for (force,) in rows.fetchall()}


def forces_going_on(
    con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str
) -> list[Settings]:
    """The settings of each of the run's forces that the run has not left as it was."""
    left = forces_left(con, run_id)
    return [each for each in settings.each_force() if each.force_id not in left]


# What a month of a force's history costs a dbt build that only reads it (an earlier month under
# a window), against a month it writes: at region scale a full build's memory grew 27 MB a
# force-month written, a month's build 1.3 MB a force-month read (docs/performance.md).
READ_MONTH_COST = 1 / 20


def force_groups(
    con: duckdb.DuckDBPyConnection, forces: list[str], months: list[date], most_months: int
) -> list[list[str]]:
    """The forces in order, in groups whose cost in months (summed over the group) is at most
    `most_months`; a force of more is a group of its own. Each group is one dbt invocation, whose
    memory follows the force-months it writes (the run's `months` the force delivered) and, far
    less, those it only reads (the force's earlier history, READ_MONTH_COST each): a full build
    of many forces is built in groups, a month of many forces in one (Settings.dbt_force_months)."""
    found = con.execute(
        "SELECT force_id, count(DISTINCT month) FILTER (WHERE month IN (SELECT unnest($run))), "
        "count(DISTINCT month) FILTER (WHERE month NOT IN (SELECT unnest($run))) "
        "FROM raw.loads WHERE force_id IN (SELECT unnest($forces)) GROUP BY force_id",
        {"run": months, "forces": forces},
    ).fetchall()
    cost = {force: written + read * READ_MONTH_COST for force, written, read in found}
    groups: list[list[str]] = [[]]
    held = 0.0
    for force in forces:
        if groups[-1] and held + cost.get(force, 0) > most_months:
            groups.append([])
            held = 0.0
        groups[-1].append(force)
        held += cost.get(force, 0)
    return groups


# The raw asset's metadata naming the forces it left as they were while the others went on, and
# the deliveries it refused of them, one a line (a step that refuses every force fails instead,
# with the same lines).
FORCES_REFUSED = "forces_refused"
DELIVERIES_REFUSED = "deliveries_refused"
