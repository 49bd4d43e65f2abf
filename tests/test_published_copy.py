"""The published copy: small breakdown counts suppressed, totals and zeros kept, and described."""

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


def test_counts_from_one_to_four_are_nulled_and_flagged_in_breakdown_rows_only() -> None:
    rows = [("All", 3, 0.5), ("North", 0, 0.1), ("South", 3, 0.5), ("West", 4, 0.2), ("X", 5, 0.3)]
    rule = SmallCounts(("detainees",), "area = 'All'")
    assert _published(rows, rule) == [
        ("All", 3, 0.5, False),  # a total: kept however small
        ("North", 0, 0.1, False),  # zero discloses nobody
        ("South", None, 0.5, True),
        ("West", None, 0.2, True),
        ("X", 5, 0.3, False),
    ]


def test_the_threshold_is_a_setting() -> None:
    rule = SmallCounts(("detainees",))
    assert _published([("North", 9, 0.0)], rule, threshold=10) == [("North", None, 0.0, True)]
    assert _published([("North", 10, 0.0)], rule, threshold=10) == [("North", 10, 0.0, False)]


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
                "config": {"meta": {"small_counts": ["a", "b"], "total_when": "suite = 'All'"}},
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
            SmallCounts(("a", "b"), "suite = 'All'"),
            {"reporting_month": "date", "a": "bigint", "b": ""},
            ("reporting_month",),
        ),
    )


def test_the_published_copy_is_suppressed_and_described(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(
            "CREATE TABLE marts.m AS SELECT * FROM (VALUES ('All', 2), ('North', 2)) t(area, n)"
        )
    mart = MartEntry(
        "m", "People's counts.", {"n": "How many.", "area": ""}, SmallCounts(("n",), "area = 'All'")
    )
    build_release(warehouse, tmp_path / "release", (mart,), 5)
    with duckdb.connect(str(tmp_path / "release" / "pcp.duckdb"), read_only=True) as con:
        assert con.execute("SELECT * FROM marts.m ORDER BY area").fetchall() == [
            ("All", 2, False),
            ("North", None, True),
        ]
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'm'"
            ).fetchall()
        )
        assert comments["n"] == "How many."
        assert "suppressed" in comments["small_counts_suppressed"]
        table = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'm'")
        assert table.fetchone()[0] == "People's counts."
