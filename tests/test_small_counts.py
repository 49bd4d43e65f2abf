"""Small breakdown counts are suppressed in what is published; totals and zeros are kept."""

from __future__ import annotations

import duckdb

from pcp_assets.small_counts import (
    SmallCounts,
    published_select,
    rules_from_manifest,
)


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


def test_rules_come_from_the_models_meta() -> None:
    manifest = {
        "nodes": {
            "model.pcp.custody": {
                "resource_type": "model",
                "name": "custody",
                "config": {"meta": {"small_counts": ["a", "b"], "total_when": "suite = 'All'"}},
            },
            "model.pcp.other": {"resource_type": "model", "name": "other", "config": {}},
            "test.pcp.t": {"resource_type": "test", "name": "t", "meta": {"small_counts": ["a"]}},
        }
    }
    assert rules_from_manifest(manifest) == {"custody": SmallCounts(("a", "b"), "suite = 'All'")}
