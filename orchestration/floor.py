"""The floor of `pcp bench`: orchestration/floor.sql run by plain DuckDB on the landed CSV files,
timed stage by stage, and the headline figures it and the marts give for a force's month."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from pcp_assets.settings import SEEDS_DIR

FLOOR_SQL = Path(__file__).with_name("floor.sql")
STAGE_MARKER = "-- stage: "


@dataclass(frozen=True)
class Floor:
    seconds: dict[str, float]  # per stage of floor.sql (load, marts)
    cpu_seconds: float  # of this process (DuckDB's threads included)
    con: duckdb.DuckDBPyConnection  # the database holding its tables


def stages(script: str) -> dict[str, str]:
    """The script's stages, in order: the SQL after each `-- stage: <name>` line."""
    found: dict[str, str] = {}
    name = None
    for line in script.splitlines():
        if line.startswith(STAGE_MARKER):
            name = line.removeprefix(STAGE_MARKER).strip()
            found[name] = ""
        elif name is not None:
            found[name] += line + "\n"
    return found


def run_floor(landing: Path, database: Path) -> Floor:
    """floor.sql over `landing/<force>/<extract>/<YYYY-MM>.csv`, into a fresh `database` file (on
    disk, as the pipeline's warehouse is: the national scale's tables do not fit in memory)."""
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    con.execute("SET enable_progress_bar = false")
    con.execute("SET VARIABLE landing = ?", [str(landing)])
    con.execute("SET VARIABLE seeds = ?", [str(SEEDS_DIR)])
    seconds: dict[str, float] = {}
    cpu_before = time.process_time()
    for name, sql in stages(FLOOR_SQL.read_text(encoding="utf-8")).items():
        started = time.perf_counter()
        con.execute(sql)
        seconds[name] = time.perf_counter() - started
    return Floor(seconds, time.process_time() - cpu_before, con)


# One figure each of the paper's headline marts, for a force and month: (name, floor SQL, mart SQL).
HEADLINES: tuple[tuple[str, str, str], ...] = (
    (
        "crimes in the month",
        "select crimes from crime_volume where offence_group = 'All crime'",
        "select crimes from marts.crime_volume where offence_group = 'All crime'"
        " and area = 'All' and offence_subgroup = 'All'",
    ),
    (
        "all crime R12",
        "select crimes_r12 from crime_volume where offence_group = 'All crime'",
        "select crimes_r12 from marts.crime_volume where offence_group = 'All crime'"
        " and area = 'All' and offence_subgroup = 'All'",
    ),
    (
        "all crime R12 change (%)",
        "select round(100 * r12_pct_change, 6) from crime_volume where offence_group = 'All crime'",
        "select round(100 * r12_pct_change, 6) from marts.crime_volume"
        " where offence_group = 'All crime' and area = 'All' and offence_subgroup = 'All'",
    ),
    (
        "robbery R12",
        "select crimes_r12 from crime_volume where offence_group = 'Robbery'",
        "select crimes_r12 from marts.crime_volume where offence_group = 'Robbery'"
        " and area = 'All' and offence_subgroup = 'All'",
    ),
    (
        "prosecution-possible rate, in period (%)",
        "select round(100 * pp_rate_in_period, 6) from outcome_rates where true",
        "select round(100 * pp_rate_in_period, 6) from marts.outcome_rates"
        " where offence_group = 'All crime' and area = 'All' and offence_subgroup = 'All'"
        " and domestic_abuse = 'All'",
    ),
    (
        "immediate response, median minutes",
        "select round(median_minutes, 6) from response_times where grade = 'immediate'",
        "select round(median_minutes_month, 6) from marts.response_times"
        " where grade = 'immediate' and area = 'All' and offence_subgroup = 'All'",
    ),
)


def _figure(con: duckdb.DuckDBPyConnection, sql: str, force_id: str, month: date) -> object:
    month_column = "reporting_month" if "marts." in sql else "month"
    rows = con.execute(f"{sql} and force_id = ? and {month_column} = ?", [force_id, month])
    found = rows.fetchall()
    return found[0][0] if len(found) == 1 else f"{len(found)} rows"


def mart_figures(marts: duckdb.DuckDBPyConnection, force_id: str, month: date) -> list[object]:
    """The headline figures of `force_id` in `month` from a database holding the marts (the
    warehouse, or the compiled floor's), in the order of HEADLINES."""
    return [_figure(marts, mart_sql, force_id, month) for _, _, mart_sql in HEADLINES]


def headline_figures(
    floor: Floor, warehouse: Path, force_id: str, month: date
) -> list[tuple[str, object, object]]:
    """(figure, the floor's value, the marts' value) for `force_id` in `month`."""
    with duckdb.connect(str(warehouse), read_only=True) as marts:
        in_marts = mart_figures(marts, force_id, month)
    return [
        (name, _figure(floor.con, floor_sql, force_id, month), value)
        for (name, floor_sql, _), value in zip(HEADLINES, in_marts, strict=True)
    ]


# Figures of every force of the warehouse added up (marts.region_headlines), from the floor's
# per-force tables: (name, floor SQL, mart SQL), each with the month as its parameter.
REGION_HEADLINES: tuple[tuple[str, str, str], ...] = (
    (
        "crimes in the month, all forces",
        "select sum(crimes) from crime_volume where offence_group = 'All crime' and month = ?",
        "select crimes from marts.region_headlines"
        " where offence_group = 'All crime' and reporting_month = ?",
    ),
    (
        "all crime R12, all forces",
        "select sum(crimes_r12) from crime_volume where offence_group = 'All crime' and month = ?",
        "select crimes_r12 from marts.region_headlines"
        " where offence_group = 'All crime' and reporting_month = ?",
    ),
)


def _region_value(con: duckdb.DuckDBPyConnection, sql: str, month: date) -> object:
    found = con.execute(sql, [month]).fetchall()
    return found[0][0] if len(found) == 1 else f"{len(found)} rows"


def mart_region_figures(marts: duckdb.DuckDBPyConnection, month: date) -> list[object]:
    """marts.region_headlines' figures of `month`, in the order of REGION_HEADLINES."""
    return [_region_value(marts, mart_sql, month) for _, _, mart_sql in REGION_HEADLINES]


def region_figures(floor: Floor, warehouse: Path, month: date) -> list[tuple[str, object, object]]:
    """(figure, the floor's sum over the forces, marts.region_headlines' value) for `month`."""
    with duckdb.connect(str(warehouse), read_only=True) as marts:
        in_marts = mart_region_figures(marts, month)
    return [
        (name, _region_value(floor.con, floor_sql, month), value)
        for (name, floor_sql, _), value in zip(REGION_HEADLINES, in_marts, strict=True)
    ]
