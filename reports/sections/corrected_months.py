"""The data-quality section's word on corrections: the earlier months delivered again since the
last paper (raw.corrections, pcp_assets/corrections.py), with the headline figures each changed,
from what the last paper published (quality.published_figures, pcp_assets/published_figures.py)
to what the marts hold now (reports/month_figures.py).

"The last paper" is the latest publication of a paper of an earlier month than this one: the paper
a board member read before this one, so a month's paper printed again keeps naming the corrections
made since its predecessor. Without one, it is this month's paper as first published (a month
printed again after the history was loaded in one run); without either (a first run) there is
nothing to compare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from reports import figure_words as w
from reports import phrases
from reports.figures import Value
from reports.month_figures import MONTH_FIGURES, MonthFigure
from reports.paper import has_tables
from reports.traces import derived

CORRECTIONS = "raw.corrections"
PUBLICATIONS = "quality.publications"
PUBLISHED = "quality.published_figures"

_CORRECTED_SQL = """
with previous as (
    select run_id, reporting_month, published_at from quality.publications
    where force_id = $force and reporting_month <= $month
    -- the latest paper of an earlier month, else this month's paper as first published
    order by reporting_month < $month desc,
        if(reporting_month < $month, 1, -1) * epoch(published_at) desc
    limit 1
)
select c.extract, c.month, max(c.landed_at) as landed_at, any_value(p.run_id) as run_id,
    any_value(p.reporting_month) as paper_month, any_value(p.published_at) as published_at
from raw.corrections as c, previous as p
where c.force_id = $force and c.month < $month and c.loaded_at > p.published_at
group by c.extract, c.month
order by c.month, c.extract
"""

_PUBLISHED_SQL = """
select value from quality.published_figures
where force_id = ? and run_id = ? and month = ? and extract = ?
"""


def _now(con: duckdb.DuckDBPyConnection, figure: MonthFigure, force_id: str, month: date) -> Value:
    found = con.execute(
        f"select value from ({figure.sql}) where force_id = ? and month = ?", [force_id, month]
    ).fetchall()
    trace = derived(figure.table, f"sum of {figure.column}", reporting_month=month, **figure.keys)
    return Value(float(found[0][0]) if found else None, trace=trace)


def _published(
    con: duckdb.DuckDBPyConnection, figure: MonthFigure, force_id: str, run_id: str, month: date
) -> Value:
    found = con.execute(_PUBLISHED_SQL, [force_id, run_id, month, figure.extract]).fetchall()
    trace = derived(PUBLISHED, "value", run_id=run_id, month=month, extract=figure.extract)
    return Value(float(found[0][0]) if found and found[0][0] is not None else None, trace=trace)


@dataclass(frozen=True)
class FigureChange:
    figure: MonthFigure
    before: Value  # as the last paper published it
    now: Value


@dataclass(frozen=True)
class Correction:
    extract: str  # as a sentence names it
    month: date
    landed_at: datetime
    changes: tuple[FigureChange, ...]
    counted: bool  # some headline figure counts the extract

    def said(self, people: w.People) -> str:
        """ "crimes for June 2026 (landed on 3 December 2026), which changed recorded crimes in
        June 2026 from 5,580 to 5,530"."""
        changed = [
            f"changed the month's {c.figure.name} from "
            f"{(people if c.figure.people else w.count)(c.before)} to "
            f"{(people if c.figure.people else w.count)(c.now)}"
            for c in self.changes
        ]
        if changed:
            what = phrases.join_words(changed)
        elif self.counted:
            what = "changed none of the month's headline figures"
        else:
            what = "no headline figure counts"
        return (
            f"the {self.extract} file for {phrases.month_label(self.month)} (landed on "
            f"{phrases.day_label(self.landed_at)}), which {what}"
        )


@dataclass(frozen=True)
class Corrections:
    """The earlier months corrected since the last paper, which was for `paper_month`."""

    reporting_month: date
    paper_month: date
    published_at: datetime
    corrected: tuple[Correction, ...]

    def sentences(self, people: w.People) -> tuple[str, ...]:
        """`people` puts a count of people in words (rounded in the published edition)."""
        listed = "; ".join(c.said(people) for c in self.corrected)
        published = phrases.day_label(self.published_at)
        since = (
            f"Since this paper was first published (on {published})"
            if self.paper_month == self.reporting_month
            else f"Since the last paper (for {phrases.month_label(self.paper_month)}, published "
            f"on {published})"
        )
        return (
            f"{since}, earlier months were delivered again, corrected: {listed}. Every figure "
            "in this paper follows the corrected deliveries.",
        )


def _changes(
    con: duckdb.DuckDBPyConnection, force_id: str, extract: str, month: date, run_id: str
) -> tuple[FigureChange, ...]:
    found = []
    for figure in (f for f in MONTH_FIGURES if f.extract == extract):
        if has_tables(con, (figure.table,)):
            change = FigureChange(
                figure,
                _published(con, figure, force_id, run_id, month),
                _now(con, figure, force_id, month),
            )
            if change.before.value != change.now.value:
                found.append(change)
    return tuple(found)


def load_corrections(
    con: duckdb.DuckDBPyConnection,
    force_id: str,
    reporting_month: date,
    label: Callable[[str], str],
) -> Corrections | None:
    """The corrections of months before `reporting_month` since the last paper; None when there
    were none, or no earlier paper to compare with (or the tables are absent). `label` names an
    extract in a sentence."""
    if not has_tables(con, (CORRECTIONS, PUBLICATIONS, PUBLISHED)):
        return None
    corrected = con.execute(
        _CORRECTED_SQL, {"force": force_id, "month": reporting_month}
    ).fetchall()
    if not corrected:
        return None
    _, _, _, _, paper_month, published_at = corrected[0]
    return Corrections(
        reporting_month,
        paper_month,
        published_at,
        tuple(
            Correction(
                label(extract),
                month,
                landed_at,
                _changes(con, force_id, extract, month, run_id),
                any(f.extract == extract for f in MONTH_FIGURES),
            )
            for extract, month, landed_at, run_id, _, _ in corrected
        ),
    )
