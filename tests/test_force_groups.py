"""A run's forces are built by dbt in groups by the force-months each writes, and far less by the
months it only reads: a full build of many forces is split, a month of many forces is not."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from data_contracts.calendar import add_months
from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.run_forces import force_groups

FORCES = ["ashdown", "barrowmere", "midshire"]
HISTORY = [add_months(date(2021, 11, 1), i) for i in range(60)]


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_raw_tables(connection)
    connection.execute(
        "INSERT INTO raw.loads (extract, month, force_id, source_file, sha256, rows_delivered, "
        "rows_loaded, rows_rejected, loaded_at) "
        "SELECT extract, month, force_id, 'f.csv', 'x', 1, 1, 0, now() "
        "FROM unnest(['crimes', 'outcomes']) AS e(extract), unnest(?) AS m(month), "
        "unnest(?) AS f(force_id)",
        [HISTORY, FORCES],
    )
    return connection


@pytest.mark.parametrize(
    ("run_months", "most", "groups"),
    [
        # a full build writes 60 months of each force: two forces fit in 120
        (HISTORY, 120, [FORCES[:2], FORCES[2:]]),
        (HISTORY, 119, [[force] for force in FORCES]),
        # a month writes 1 and reads 59, 1 + 59 / 20 = 3.95 each: three forces cost 11.85
        (HISTORY[-1:], 120, [FORCES]),
        (HISTORY[-1:], 11, [FORCES[:2], FORCES[2:]]),
        (HISTORY[-1:], 2, [[force] for force in FORCES]),
    ],
)
def test_forces_are_grouped_by_the_months_they_write(
    con: duckdb.DuckDBPyConnection, run_months: list[date], most: int, groups: list[list[str]]
) -> None:
    assert force_groups(con, FORCES, run_months, most) == groups
