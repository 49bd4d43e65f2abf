"""Section 2.2 of the data.police.uk paper: the outcome mix by crime type on the nearest Home
Office outcome groups (approximate: police.uk publishes outcome text), with the PP rates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from reports import figure_words as w
from reports import phrases
from reports.figures import ALL_CRIME, CRIME_TYPE_NOT_KNOWN, Value
from reports.mart_rows import Row, fetch, trace, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.traces import Trace, derived

DASH = "\u2013"  # a cell that does not apply


@dataclass(frozen=True)
class OutcomeMixRow:
    offence_group: str
    crimes_r12: Value  # None for crimes of no known type
    outcomes_r12: Value  # None when the 12 months are not all loaded
    shares: dict[str, Value]  # outcome group -> share of outcomes
    pp_rate: Value


MIX_GROUPS = (
    ("Charged/summonsed", "Charged or summonsed"),
    ("Out-of-court", "Out of court"),
    ("Evidential difficulties", "Evidential difficulties"),
    ("Investigation complete - no suspect identified", "No suspect identified"),
)
LABELS = (*(label for _, label in MIX_GROUPS), "Other")

_COUNTS_SQL = """
select * from marts.outcome_counts
where force_id = ? and reporting_month = ? and area = 'All'
  and breakdown in ('force', 'group') and outcome_type <> 0
"""

_RATES_SQL = """
select * from marts.outcome_rates
where force_id = ? and reporting_month = ? and area = 'All' and breakdown in ('force', 'group')
"""


def _mix_group(outcome_group: str) -> str:
    for prefix, label in MIX_GROUPS:
        if outcome_group.startswith(prefix):
            return label
    return "Other"


def _summed(rows: list[Row], column: str) -> Trace | None:
    """The trace of a figure summed here over the outcome types of an offence group's rows: the
    column, with the keys the rows share and the range of their outcome types; None without
    rows."""
    if not rows:
        return None
    types = [r["outcome_type"] for r in rows]
    return derived(trace(rows[0], "outcomes_r12"), column, outcome_type=(min(types), max(types)))


def _mix_row(group: str, found: list[Row], rates: Row | None) -> OutcomeMixRow:
    # a null count: the window is incomplete (e.g. fewer than 12 months loaded)
    known = [r for r in found if r["outcomes_r12"] is not None]
    counts = {label: 0 for label in LABELS}
    for r in known:
        counts[_mix_group(r["outcome_group"])] += int(r["outcomes_r12"])
    total = sum(counts.values()) if known else None
    shares = {
        label: Value(
            counts[label] / total if total else None,
            trace=_summed(known, f"sum of outcomes_r12 in {label.lower()} / sum of outcomes_r12"),
        )
        for label in LABELS
    }
    not_known = group == CRIME_TYPE_NOT_KNOWN
    return OutcomeMixRow(
        offence_group=group,
        crimes_r12=Value(None) if not_known else value(rates, "crimes_r12"),
        outcomes_r12=Value(total, trace=_summed(known, "sum of outcomes_r12")),
        shares=shares,
        pp_rate=Value(None) if not_known else value(rates, "pp_rate_in_period"),
    )


def outcome_mix(
    con: duckdb.DuckDBPyConnection, force_id: str, m: date
) -> tuple[OutcomeMixRow, ...]:
    """Effective outcomes of the 12 months by offence group (all crime last), grouped into the
    nearest Home Office outcome groups, with crimes and the in-period PP rate."""
    by_group: dict[str, list[Row]] = {}
    for r in fetch(con, _COUNTS_SQL, [force_id, m]):
        by_group.setdefault(r["offence_group"], []).append(r)
    rates = {r["offence_group"]: r for r in fetch(con, _RATES_SQL, [force_id, m])}
    groups = [*sorted(g for g in by_group if g != ALL_CRIME), ALL_CRIME]
    return tuple(_mix_row(g, by_group.get(g, []), rates.get(g)) for g in groups)


def outcome_mix_paragraph(
    rows: tuple[OutcomeMixRow, ...], m: date, reason: str | None = None
) -> str:
    total = rows[-1]
    if total.outcomes_r12.value is None:
        return phrases.sentence(
            f"the outcome mix for the 12 months to {phrases.month_label(m)} is "
            + phrases.not_available(reason)
        )
    if not total.outcomes_r12.value:
        return phrases.sentence(
            f"no outcomes were published for the 12 months to {phrases.month_label(m)}"
        )
    parts = [
        f"{w.rate(share)} {label.lower()}"
        for label, share in total.shares.items()
        if share.value is not None and label != "Other"
    ]
    known = [
        r for r in rows[:-1] if r.pp_rate.value is not None and (r.crimes_r12.value or 0) >= 50
    ]
    best = max(known, key=lambda r: r.pp_rate.value or 0, default=None)
    worst = min(known, key=lambda r: r.pp_rate.value or 0, default=None)
    text = (
        f"of the {w.count(total.outcomes_r12)} outcomes published for the 12 months "
        f"to {phrases.month_label(m)} (each crime's latest), by nearest Home Office outcome "
        "group (an approximation: police.uk publishes outcome text, not outcome numbers): "
        + phrases.join_words(parts)
    )
    if best and worst and best is not worst:
        text += (
            f". The prosecution possible rate was highest for {best.offence_group} "
            f"({w.rate(best.pp_rate)}) and lowest for {worst.offence_group} "
            f"({w.rate(worst.pp_rate)})"
        )
    return phrases.sentence(text)


def _or_dash(v: Value, fmt: Callable[[float], str]) -> str:
    return w.show(v, fmt) if v.value is not None else DASH


def outcome_mix_table(rows: tuple[OutcomeMixRow, ...]) -> dict[str, object]:
    body = [
        [
            r.offence_group,
            _or_dash(r.crimes_r12, phrases.format_count),
            _or_dash(r.outcomes_r12, phrases.format_count),
            *(_or_dash(r.shares[label], phrases.format_rate) for label in LABELS),
            _or_dash(r.pp_rate, phrases.format_rate),
        ]
        for r in rows
    ]
    return {
        "caption": "Outcomes by crime type, 12 months to the reporting month: share of each "
        "crime type's outcomes by nearest Home Office outcome group, and the prosecution "
        f"possible rate (in-period basis). “{DASH}” = not applicable.",
        "headers": ["Crime type", "Crimes", "Outcomes", *LABELS, "PP rate"],
        "rows": body,
    }


@dataclass(frozen=True)
class OutcomeMix:
    number: str = "2.2"
    title: str = "Outcomes by Crime Type"
    reads: tuple[str, ...] = ("marts.outcome_counts", "marts.outcome_rates")

    def build(self, context: PaperContext) -> NumberedSection:
        m = context.reporting_month
        mix = outcome_mix(context.con, context.force_id, m)
        reason = context.figures.all_crime.r12.reason
        return NumberedSection(
            self.number,
            self.title,
            (outcome_mix_paragraph(mix, m, reason),),
            context.commentary.for_section(self.number),
            tables=(outcome_mix_table(mix),) if mix[-1].outcomes_r12.value is not None else (),
        )


PAPERS = (Placed("police_uk", (2, 2), OutcomeMix()),)
