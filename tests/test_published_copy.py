"""The published copy: counts about people rounded, small ones nulled and flagged, and described."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pcp_assets.mart_catalog import MartEntry, catalog_from_manifest
from pcp_assets.publication import build_release
from pcp_assets.small_counts import SmallCounts, published_select


def _published(rows: list[tuple], rule: SmallCounts | None, threshold: int = 5) -> list[tuple]:
    con = duckdb.connect()
    con.execute("CREATE TABLE m (area VARCHAR, detainees INTEGER, rate DOUBLE)")
    con.executemany("INSERT INTO m VALUES (?, ?, ?)", rows)
    return con.execute(f"{published_select('m', rule, threshold)} ORDER BY area").fetchall()


def test_counts_are_rounded_to_fives_on_every_row_and_small_ones_nulled_and_flagged() -> None:
    rows = [
        ("All", 3, 0.5),
        ("North", 0, 0.1),
        ("South", 12, 0.5),
        ("West", 13, 0.2),
        ("X", 1234, 0.3),
    ]
    assert _published(rows, SmallCounts(("detainees",))) == [
        ("All", None, 0.5, True),  # a total is rounded on its own like any count
        ("North", None, 0.1, True),  # zero is hidden with the other counts under 10
        ("South", 10, 0.5, False),
        ("West", 15, 0.2, False),
        ("X", 1235, 0.3, False),
    ]


def test_the_threshold_is_a_setting() -> None:
    rule = SmallCounts(("detainees",))
    rows = [("A", 19, 0.0), ("B", 20, 0.0), ("C", 24, 0.0), ("D", 25, 0.0)]
    assert _published(rows, rule, threshold=10) == [
        ("A", None, 0.0, True),
        ("B", 20, 0.0, False),
        ("C", 20, 0.0, False),
        ("D", 30, 0.0, False),  # halves up
    ]


def test_rates_derived_from_the_counts_are_withheld() -> None:
    rule = SmallCounts(("detainees",), withheld=("rate",))
    assert _published([("North", 40, 0.925)], rule) == [("North", 40, None, False)]


def test_a_mart_without_a_rule_is_published_as_it_is() -> None:
    assert _published([("North", 1, 0.0)], None) == [("North", 1, 0.0)]


def test_the_catalog_takes_descriptions_and_rules_from_the_marts_yml() -> None:
    manifest = {
        "nodes": {
            "model.pcp.custody": {
                "resource_type": "model",
                "name": "custody",
                "schema": "marts",
                "description": "Detainees.",
                "columns": {
                    "reporting_month": {"description": "The month.", "data_type": "date"},
                    "a": {"description": "A count.", "data_type": "bigint"},
                    "b": {},
                },
                "config": {"meta": {"small_counts": ["a", "b"]}},
            },
            "model.pcp.stg": {"resource_type": "model", "name": "stg", "schema": "staging"},
            "test.pcp.t": {
                "resource_type": "test",
                "name": "t",
                "schema": "marts",
                "attached_node": "model.pcp.custody",
                "test_metadata": {
                    "name": "unique_combination_of_columns",
                    "kwargs": {"combination_of_columns": ["reporting_month"]},
                },
            },
        }
    }
    assert catalog_from_manifest(manifest) == (
        MartEntry(
            "custody",
            "Detainees.",
            {"reporting_month": "The month.", "a": "A count.", "b": ""},
            SmallCounts(("a", "b")),
            {"reporting_month": "date", "a": "bigint", "b": ""},
            ("reporting_month",),
        ),
    )


def test_the_published_copy_is_suppressed_and_described(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(
            "CREATE TABLE marts.m AS SELECT * FROM (VALUES ('All', 22), ('North', 2)) t(area, n)"
        )
    mart = MartEntry("m", "People's counts.", {"n": "How many.", "area": ""}, SmallCounts(("n",)))
    build_release(warehouse, tmp_path / "release", (mart,), 5)
    with duckdb.connect(str(tmp_path / "release" / "pcp.duckdb"), read_only=True) as con:
        assert con.execute("SELECT * FROM marts.m ORDER BY area").fetchall() == [
            ("All", 20, False),
            ("North", None, True),
        ]
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'm'"
            ).fetchall()
        )
        assert comments["n"] == "How many."
        assert "rounded" in comments["small_counts_suppressed"]
        table = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'm'")
        assert table.fetchone()[0] == "People's counts."
