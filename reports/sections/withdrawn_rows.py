"""The data-quality section's word on re-deliveries: rows a corrected delivery withdrew from its
month, and rows of other extracts left referring to a crime so withdrawn (outcomes, offender links,
incidents), from quality.row_reconciliation and quality.lost_crime_references
(pcp_assets/reconciliation.py, pcp_assets/lost_references.py). Warnings: the figures follow the
corrected deliveries, and the reader is told what changed under them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb

from reports import figure_words as w
from reports import phrases
from reports.figures import Value
from reports.mart_rows import fetch
from reports.paper import has_tables
from reports.traces import derived

WITHDRAWN = "quality.row_reconciliation"
LOST = "quality.lost_crime_references"

_WITHDRAWN_SQL = """
select force_id, reporting_month, extract, rows_withdrawn from quality.row_reconciliation
where force_id = ? and reporting_month <= ? and rows_withdrawn > 0
order by reporting_month, extract
"""

_LOST_SQL = """
select extract, reference_column, sum(rows_lost_crime) as rows_lost_crime,
    min(reporting_month) as first_month, max(reporting_month) as last_month
from quality.lost_crime_references
where force_id = ? and reporting_month <= ?
group by extract, reference_column order by extract
"""


def withdrawn_sentences(
    con: duckdb.DuckDBPyConnection,
    force_id: str,
    reporting_month: date,
    label: Callable[[str], str],
) -> tuple[str, ...]:
    """What re-deliveries of the months up to `reporting_month` withdrew, and the rows left
    without their crime; nothing when no re-delivery withdrew a row (or the tables are absent).
    `label` names an extract in a sentence."""
    if not has_tables(con, (WITHDRAWN, LOST)):
        return ()
    params = [force_id, reporting_month]
    withdrawn = fetch(con, _WITHDRAWN_SQL, params)
    if not withdrawn:
        return ()
    listed = phrases.join_words(
        [
            f"{w.cell(r, 'rows_withdrawn')} {label(r['extract'])} of "
            f"{phrases.month_label(r['reporting_month'])}"
            for r in withdrawn
        ]
    )
    sentences = [
        f"Corrected re-deliveries withdrew rows that their month's earlier delivery held: "
        f"{listed}. The figures follow the corrected deliveries."
    ]
    lost = con.execute(_LOST_SQL, params).fetchall()
    if lost:
        counts = phrases.join_words(
            [
                w.count(
                    Value(
                        rows,
                        trace=derived(
                            LOST,
                            "sum of rows_lost_crime",
                            extract=extract,
                            reporting_month=(first, last),
                        ),
                    )
                )
                + f" {label(extract)}"
                for extract, _column, rows, first, last in lost
            ]
        )
        sentences.append(
            f"{counts} refer to a crime so withdrawn and no longer match any crime: figures "
            "that join them to their crime, such as outcome rates, leave them out."
        )
    return tuple(sentences)
