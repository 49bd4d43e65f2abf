"""Section 2.2 of the data.police.uk paper: the outcome mix by crime type on the nearest Home
Office outcome groups (approximate: police.uk publishes outcome text), with the PP rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from reports import phrases
from reports.figures import ALL_CRIME, CRIME_TYPE_NOT_KNOWN
from reports.paper import NumberedSection, PaperContext, Placed

DASH = "\u2013"  # a cell that does not apply


@dataclass(frozen=True)
class OutcomeMixRow:
    offence_group: str
    crimes_r12: int | None
    outcomes_r12: int | None  # None when the 12 months are not all loaded
    shares: dict[str, float | None]  # outcome group -> share of outcomes
    pp_rate: float | None


MIX_GROUPS = (
    ("Charged/summonsed", "Charged or summonsed"),
    ("Out-of-court", "Out of court"),
    ("Evidential difficulties", "Evidential difficulties"),
    ("Investigation complete - no suspect identified", "No suspect identified"),
)


def _mix_group(outcome_group: str) -> str:
    for prefix, label in MIX_GROUPS:
        if outcome_group.startswith(prefix):
            return label
    return "Other"


def outcome_mix(
    con: duckdb.DuckDBPyConnection, force_id: str, m: date
) -> tuple[OutcomeMixRow, ...]:
    """Effective outcomes of the 12 months by offence group (all crime last), grouped into the
    nearest Home Office outcome groups, with crimes and the in-period PP rate."""
    counts = con.execute(
        """
        select offence_group, outcome_group, sum(outcomes_r12)::bigint
        from marts.outcome_counts
        where force_id = ? and reporting_month = ? and area = 'All'
          and breakdown in ('force', 'group') and outcome_type <> 0
        group by all
        """,
        [force_id, m],
    ).fetchall()
    rates = {
        group: (crimes, rate)
        for group, crimes, rate in con.execute(
            """
            select offence_group, crimes_r12, pp_rate_in_period
            from marts.outcome_rates
            where force_id = ? and reporting_month = ? and area = 'All'
              and breakdown in ('force', 'group')
            """,
            [force_id, m],
        ).fetchall()
    }
    by_group: dict[str, dict[str, int]] = {}
    for group, outcome_group, n in counts:
        shares = by_group.setdefault(group, {})
        if n is None:  # the window is incomplete (e.g. fewer than 12 months loaded)
            continue
        label = _mix_group(outcome_group)
        shares[label] = shares.get(label, 0) + int(n)
    labels = [label for _, label in MIX_GROUPS] + ["Other"]
    rows = []
    for group in [*sorted(g for g in by_group if g != ALL_CRIME), ALL_CRIME]:
        got = by_group.get(group, {})
        total = sum(got.values()) if got else None
        crimes, rate = rates.get(group, (None, None))
        rows.append(
            OutcomeMixRow(
                offence_group=group,
                crimes_r12=None if group == CRIME_TYPE_NOT_KNOWN else crimes,
                outcomes_r12=total,
                shares={label: (got.get(label, 0) / total if total else None) for label in labels},
                pp_rate=None if group == CRIME_TYPE_NOT_KNOWN else rate,
            )
        )
    return tuple(rows)


def outcome_mix_paragraph(
    rows: tuple[OutcomeMixRow, ...], m: date, reason: str | None = None
) -> str:
    total = rows[-1]
    if total.outcomes_r12 is None:
        return phrases.sentence(
            f"the outcome mix for the 12 months to {phrases.month_label(m)} is "
            + phrases.not_available(reason)
        )
    if not total.outcomes_r12:
        return phrases.sentence(
            f"no outcomes were published for the 12 months to {phrases.month_label(m)}"
        )
    parts = [
        f"{phrases.format_rate(share)} {label.lower()}"
        for label, share in total.shares.items()
        if share is not None and label != "Other"
    ]
    known = [r for r in rows[:-1] if r.pp_rate is not None and (r.crimes_r12 or 0) >= 50]
    best = max(known, key=lambda r: r.pp_rate or 0, default=None)
    worst = min(known, key=lambda r: r.pp_rate or 0, default=None)
    text = (
        f"of the {phrases.format_count(total.outcomes_r12)} outcomes published for the 12 months "
        f"to {phrases.month_label(m)} (each crime's latest), by nearest Home Office outcome "
        "group (an approximation: police.uk publishes outcome text, not outcome numbers): "
        + phrases.join_words(parts)
    )
    if best and worst and best is not worst:
        text += (
            f". The prosecution possible rate was highest for {best.offence_group} "
            f"({phrases.format_rate(best.pp_rate or 0)}) and lowest for {worst.offence_group} "
            f"({phrases.format_rate(worst.pp_rate or 0)})"
        )
    return phrases.sentence(text)


def outcome_mix_table(rows: tuple[OutcomeMixRow, ...]) -> dict[str, object]:
    labels = [label for _, label in MIX_GROUPS] + ["Other"]
    body = []
    for r in rows:
        body.append(
            [
                r.offence_group,
                phrases.format_count(r.crimes_r12) if r.crimes_r12 is not None else DASH,
                phrases.format_count(r.outcomes_r12) if r.outcomes_r12 is not None else DASH,
                *(
                    phrases.format_rate(r.shares[label]) if r.shares[label] is not None else DASH
                    for label in labels
                ),
                phrases.format_rate(r.pp_rate) if r.pp_rate is not None else DASH,
            ]
        )
    return {
        "caption": "Outcomes by crime type, 12 months to the reporting month: share of each "
        "crime type's outcomes by nearest Home Office outcome group, and the prosecution "
        f"possible rate (in-period basis). “{DASH}” = not applicable.",
        "headers": ["Crime type", "Crimes", "Outcomes", *labels, "PP rate"],
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
            tables=(outcome_mix_table(mix),) if mix[-1].outcomes_r12 is not None else (),
        )


PAPERS = (Placed("police_uk", (2, 2), OutcomeMix()),)
