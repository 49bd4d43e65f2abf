"""Section 2.4 of the data.police.uk paper, national and peer comparison: the force's 12-month
change by offence group against England and Wales and a peer group of forces, from the ONS
force-area table (reference.ons_pfa_rolling).

The ONS table holds rolling 12-month totals at quarter ends (to December 2018). A comparison exists
only where the table has the force's reporting month and the month a year earlier; otherwise the
paper says plainly that the periods do not overlap (docs/police-uk.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from data_contracts.calendar import add_months
from reports import charts, phrases
from reports import figure_words as w
from reports.figures import ALL_CRIME, Value
from reports.mart_rows import fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.traces import derived, key_text

ENGLAND_AND_WALES = "England and Wales"
PEERS = "Peer forces"
ONS = "reference.ons_pfa_rolling"

_FORCE_SQL = """
select * from marts.crime_volume
where force_id = ? and reporting_month = ? and area = 'All' and offence_subgroup = 'All'
"""


@dataclass(frozen=True)
class ComparisonRow:
    offence_group: str
    force: Value
    england_and_wales: Value
    peers: Value


@dataclass(frozen=True)
class Comparison:
    available: bool
    statement: str  # one paragraph: the finding, or why there is none
    rows: tuple[ComparisonRow, ...] = ()
    peer_forces: tuple[str, ...] = ()


def pfa_name(force_id: str, names: list[str]) -> str | None:
    """The ONS PFA of a force id ('bedfordshire' -> 'Bedfordshire', 'avon-and-somerset' ->
    'Avon and Somerset'); None if the table has no such force."""
    wanted = force_id.replace("-", " ").replace("_", " ").lower()
    for name in names:
        if name.lower() == wanted:
            return name
    return None


def _ons_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'reference' and table_name = 'ons_pfa_rolling'"
    ).fetchall()
    if not rows[0][0]:
        return False
    return bool(con.execute("select count(*) from reference.ons_pfa_rolling").fetchall()[0][0])


def _changes(
    con: duckdb.DuckDBPyConnection, group_column: str, pfas: list[str], m: date
) -> dict[str, Value]:
    """12-month % change by offence group (and 'All crime') summed over `pfas`, at month m,
    traced to the ONS table's offences at both period ends."""
    rows = con.execute(
        f"""
        with totals as (
            select {group_column} as offence_group, period_end_month, sum(offences) as offences
            from reference.ons_pfa_rolling
            where pfa in (select unnest(?)) and period_end_month in (?, ?)
            group by grouping sets (({group_column}, period_end_month), (period_end_month))
        )
        select coalesce(offence_group, '{ALL_CRIME}'),
               sum(offences) filter (where period_end_month = ?),
               sum(offences) filter (where period_end_month = ?)
        from totals group by 1
        """,
        [pfas, m, add_months(m, -12), m, add_months(m, -12)],
    ).fetchall()
    periods = f"{key_text(add_months(m, -12))} and {key_text(m)}"
    # offences are summed over the offences (and forces) of a group, or of all crime
    how = "sum of offences: change on the year before"
    return {
        g: Value(
            (now - before) / before if before else None,
            trace=derived(
                ONS,
                how,
                period_end_month=periods,
                pfa=", ".join(pfas),
                **{group_column: None if g == ALL_CRIME else g},
            ),
        )
        for g, now, before in rows
    }


def national_comparison(
    con: duckdb.DuckDBPyConnection,
    force_id: str,
    m: date,
    peer_forces: tuple[str, ...] = (),
    group_column: str = "police_uk_offence_group",
) -> Comparison:
    month = phrases.month_label(m)
    if not _ons_loaded(con):
        return Comparison(
            False,
            "The national and peer comparison is not available: the ONS police force area table "
            "was not loaded (PCP_ONS_PATH).",
        )
    first, last = con.execute(
        "select min(period_end_month), max(period_end_month) from reference.ons_pfa_rolling"
    ).fetchall()[0]
    have = {
        r[0]
        for r in con.execute(
            "select distinct period_end_month from reference.ons_pfa_rolling "
            "where period_end_month in (?, ?)",
            [m, add_months(m, -12)],
        ).fetchall()
    }
    if have != {m, add_months(m, -12)}:
        return Comparison(
            False,
            "No national or peer comparison is possible for the 12 months to "
            f"{month}: the ONS police force area table covers the 12 months to "
            f"{phrases.month_label(first)} up to the 12 months to {phrases.month_label(last)}, "
            "at quarter ends, so its periods do not overlap this paper's.",
        )
    names = [
        r[0] for r in con.execute("select distinct pfa from reference.ons_pfa_rolling").fetchall()
    ]
    peers = tuple(p for p in peer_forces if p in names)
    unknown = [p for p in peer_forces if p not in names]
    force_rows = fetch(con, _FORCE_SQL, [force_id, m])
    force_changes = {r["offence_group"]: value(r, "r12_pct_change") for r in force_rows}
    national = _changes(con, group_column, [ENGLAND_AND_WALES], m)
    peer = _changes(con, group_column, list(peers), m) if peers else {}
    groups = [*sorted(g for g in national if g != ALL_CRIME), ALL_CRIME]
    rows = tuple(
        ComparisonRow(
            g,
            force_changes.get(g, Value(None)),
            national.get(g, Value(None)),
            peer.get(g, Value(None)),
        )
        for g in groups
    )
    total = rows[-1]
    changed = _pct(total.force)
    changed = "did not change" if phrases.is_no_change(changed) else f"changed by {changed}"
    parts = [f"recorded crime in {force_id.replace('-', ' ').title()} {changed}"]
    parts.append(f" over the 12 months to {month}, against {_pct(total.england_and_wales)}")
    parts.append(" in England and Wales")
    if peers:
        parts.append(f" and {_pct(total.peers)} across the peer forces ({', '.join(peers)})")
    statement = phrases.sentence("".join(parts))
    if not peers:
        statement += " No peer forces are configured (PCP_PEER_FORCES)."
    if unknown:
        statement += f" Not in the ONS table, so left out: {', '.join(unknown)}."
    return Comparison(True, statement, rows, peers)


def _pct(v: Value) -> str:
    return w.signed(v) if v.value is not None else "not available"


def comparison_chart(c: Comparison, force_id: str) -> charts.Chart | None:
    """The force against England and Wales (and the peers), offence group by offence group."""
    bars = {
        force_id.replace("-", " ").title(): [r.force.value for r in c.rows],
        ENGLAND_AND_WALES: [r.england_and_wales.value for r in c.rows],
    }
    if c.peer_forces:
        bars[PEERS] = [r.peers.value for r in c.rows]
    return charts.comparison_chart(
        "national-comparison",
        "12-month change in recorded crime by offence group: the force, England and Wales"
        + (" and the peer forces" if c.peer_forces else ""),
        [r.offence_group for r in c.rows],
        bars,
        lambda v: phrases.format_pct(v, signed=True),
        "Change on the previous 12 months (%)",
        charts.percent_tick,
    )


def comparison_table(c: Comparison) -> dict[str, object]:
    headers = ["Offence group", "Force", ENGLAND_AND_WALES]
    if c.peer_forces:
        headers.append(PEERS)
    rows = []
    for r in c.rows:
        row = [r.offence_group, _pct(r.force), _pct(r.england_and_wales)]
        if c.peer_forces:
            row.append(_pct(r.peers))
        rows.append(row)
    return {
        "caption": "12-month change in recorded crime by offence group: the force, England and "
        "Wales, and the peer forces (ONS police force area table)",
        "headers": headers,
        "rows": rows,
    }


@dataclass(frozen=True)
class NationalComparison:
    number: str = "2.4"
    title: str = "National and Peer Comparison"
    reads: tuple[str, ...] = ("marts.crime_volume", "reference.ons_pfa_rolling")

    def build(self, context: PaperContext) -> NumberedSection:
        national = national_comparison(
            context.con, context.force_id, context.reporting_month, context.peer_forces
        )
        return NumberedSection(
            self.number,
            self.title,
            (national.statement,),
            context.commentary.for_section(self.number),
            tables=(comparison_table(national),) if national.available else (),
            charts=context.charts(
                self.number,
                lambda: (
                    (comparison_chart(national, context.force_id),) if national.available else ()
                ),
            ),
        )


PAPERS = (Placed("police_uk", (2, 4), NationalComparison()),)
