"""The data-quality section's sentences on volume and shape against history: the month's
measures outside the range expected from each extract's history (warnings, or changes an analyst
accepted with their reason), read from quality.volume_checks (pcp_assets/volume_checks.py)."""

from __future__ import annotations

from datetime import date

import duckdb

from reports import figure_words as w
from reports import phrases
from reports.mart_rows import Row, fetch
from reports.paper import has_tables

TABLE = "quality.volume_checks"

_SQL = f"""
select * from {TABLE}
where force_id = ? and reporting_month = ?
    and (outcome in ('warn', 'block') or accepted_reason is not null)
order by extract, measure
"""


def _clause(r: Row, label: str) -> str:
    far = r["outcome"] == "block"
    low, high = ("block_low", "block_high") if far else ("warn_low", "warn_high")
    what = "rows" if r["measure"] == "rows" else f"rows ({r['measure']})"
    clause = (
        f"{label} had {w.cell(r, 'observed')} {what}, {'far ' if far else ''}outside the "
        f"expected {w.cell(r, low)} to {w.cell(r, high)}"
    )
    reason = r["accepted_reason"]
    if reason:
        return f"{clause}, accepted by an analyst as a genuine change: \u201c{reason}\u201d"
    return f"{clause}; the figures include them"


def volume_sentences(
    con: duckdb.DuckDBPyConnection, force_id: str, month: date, label: dict[str, str]
) -> tuple[str, ...]:
    """One paragraph on the month's measures outside their history, or none (none either for a
    warehouse without the table). `label`: each extract's name as a sentence reads it."""
    if not has_tables(con, (TABLE,)):
        return ()
    rows = fetch(con, _SQL, [force_id, month])
    if not rows:
        return ()
    clauses = [_clause(r, label.get(r["extract"], r["extract"])) for r in rows]
    return (
        f"Row counts and shares of the {phrases.month_label(month)} deliveries against each "
        "extract\u2019s own history (the median of the months before, with limits either side): "
        + "; ".join(clauses)
        + ".",
    )
