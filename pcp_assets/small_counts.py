"""Small counts in published copies of the marts (docs/personal-data.md).

A mart declares its breakdown counts in its yml: `config: meta: {small_counts: [column, ...],
total_when: "<SQL true on the rows that are totals>"}`. In the published copy (Parquet and the
analysts' DuckDB file) a breakdown count from 1 to threshold - 1 becomes null and the row's
`small_counts_suppressed` is true; totals and zeros are kept. The warehouse keeps the true counts.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPRESSED_COLUMN = "small_counts_suppressed"
SUPPRESSED_DESCRIPTION = (
    "True where a breakdown count from 1 to the small-count threshold was suppressed "
    "(set to null) in this published copy."
)


@dataclass(frozen=True)
class SmallCounts:
    columns: tuple[str, ...]
    total_when: str = "false"  # every row is a breakdown unless the mart names its totals


def published_select(table: str, rule: SmallCounts | None, threshold: int) -> str:
    """SELECT of `table` as published: small breakdown counts nulled and flagged."""
    if rule is None or not rule.columns:
        return f"SELECT * FROM {table}"
    breakdown = f"NOT coalesce(({rule.total_when}), false)"
    small = {c: f"({breakdown} AND {c} > 0 AND {c} < {int(threshold)})" for c in rule.columns}
    replaced = ", ".join(
        f"CASE WHEN {test} THEN NULL ELSE {c} END AS {c}" for c, test in small.items()
    )
    flagged = " OR ".join(f"coalesce({test}, false)" for test in small.values())
    return f"SELECT * REPLACE ({replaced}), ({flagged}) AS {SUPPRESSED_COLUMN} FROM {table}"
