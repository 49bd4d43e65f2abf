"""The paper on data.police.uk data: what the source supports, said plainly (docs/police-uk.md).

A source's capabilities decide which sections the paper prints. data.police.uk publishes crimes by
month and police.uk crime type, and outcomes as police.uk text: the paper shows R12 totals and
changes by crime type, trend runs, lowest/highest in 12, and the outcome mix and rates by crime type
on the nearest Home Office outcome group. It names what the source cannot support instead of
printing zeros, and carries the Open Government Licence attribution.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb

from reports import phrases
from reports.figures import ALL_CRIME, BoardFigures, add_months

OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(data.police.uk street and outcome files{ons})."
)
DASH = "\u2013"  # a cell that does not apply
ONS_SOURCE = "; Office for National Statistics, police recorded crime by police force area"

# Offence group of crimes known only from an outcome (int_crimes_unioned): never a crime count.
CRIME_TYPE_NOT_KNOWN = "Crime type not known"


@dataclass(frozen=True)
class SourceCapabilities:
    """Which sections of the paper a source can support."""

    source: str  # "force extracts" or "police.uk"
    description: str
    unsupported: tuple[str, ...] = ()  # what the paper leaves out, each with why
    approximate_outcomes: bool = False

    @property
    def is_police_uk(self) -> bool:
        return self.source == "police.uk"


FORCE_EXTRACTS = SourceCapabilities("force extracts", "the force's own monthly extracts")
POLICE_UK = SourceCapabilities(
    "police.uk",
    "data.police.uk street and outcome files",
    unsupported=(
        "domestic abuse figures (no domestic abuse flag is published)",
        "Outcome 16 shares (police.uk's “Unable to prosecute suspect” merges Home Office "
        "outcomes 14, 15 and 16)",
        "crimes taken into consideration (TIC) (no police.uk outcome category)",
        "response times (incidents are not published)",
        "dwelling (residential) burglary (police.uk's burglary does not split residential "
        "from business and community)",
        "violence with injury (police.uk combines violence against the person and sexual offences)",
        "area figures by the force's own areas (areas are taken as local authorities)",
    ),
    approximate_outcomes=True,
)


def detect_source(con: duckdb.DuckDBPyConnection, force_id: str) -> SourceCapabilities:
    """data.police.uk when the force's crimes were delivered as police.uk street files."""
    try:
        rows = con.execute(
            "select count(*) from raw.loads where force_id = ? and extract = 'policeuk_street'",
            [force_id],
        ).fetchall()
    except duckdb.Error:
        return FORCE_EXTRACTS
    return POLICE_UK if rows[0][0] else FORCE_EXTRACTS


def without_unknown_type(f: BoardFigures) -> BoardFigures:
    """The figures without the 'Crime type not known' group (outcomes only, never crimes)."""
    return replace(f, groups=tuple(g for g in f.groups if g.label != CRIME_TYPE_NOT_KNOWN))


def unsupported_paragraph(caps: SourceCapabilities) -> str:
    return phrases.sentence(
        f"This paper is built from {caps.description}, which cannot support "
        + phrases.join_words(list(caps.unsupported))
        + "; those figures are left out rather than shown as zero"
    )


# --- anti-social behaviour and the outcome mix ---------------------------------------------------


def anti_social_behaviour(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> str:
    rows = con.execute(
        """
        select coalesce(sum(anti_social_behaviour) filter (where month = ?), 0)::bigint,
               coalesce(sum(anti_social_behaviour), 0)::bigint, count(*)
        from intermediate.int_policeuk_data_quality
        where force_id = ? and month between ? and ?
        """,
        [m, force_id, add_months(m, -11), m],
    ).fetchall()
    month, r12, months = rows[0]
    t = phrases.month_label(m)
    window = f"in the 12 months to {t}" if months == 12 else f"in the {months} months to {t}"
    return phrases.sentence(
        f"{phrases.format_count(r12)} anti-social behaviour reports were published {window} "
        f"({phrases.format_count(month)} in {phrases.month_name(m)}); they are counted "
        "separately and never as crime"
    )


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


# --- the published files' quirks -------------------------------------------------------------

QUIRKS = (
    ("anti_social_behaviour", "Anti-social behaviour reports (blank Crime ID; not crime)"),
    ("blank_crime_ids", "Rows with a blank Crime ID"),
    ("repeated_crime_id_rows", "Repeated Crime ID rows dropped (later delivery and row kept)"),
    ("rows_without_location", "Rows with no location (no LSOA): area “No location”"),
    ("rows_outside_force_area", "Rows placed in an LSOA outside the force area"),
    ("repeated_outcome_rows", "Outcome rows repeating a crime in the month (last row kept)"),
    (
        "outcomes_of_crimes_before_first_month",
        "Outcomes of crimes recorded before the first month loaded (counted as outcomes)",
    ),
    (
        "last_outcome_revisions",
        "Crimes whose “Last outcome category” differs from a later published outcome",
    ),
)


def quirks_table(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> dict[str, object]:
    columns = ", ".join(
        f"coalesce(sum({c}) filter (where month = ?), 0)::bigint, coalesce(sum({c}), 0)::bigint"
        for c, _ in QUIRKS
    )
    values = con.execute(
        f"select {columns} from intermediate.int_policeuk_data_quality "
        "where force_id = ? and month between ? and ?",
        [*([m] * len(QUIRKS)), force_id, add_months(m, -11), m],
    ).fetchall()[0]
    rows = [
        [label, phrases.format_count(values[2 * i]), phrases.format_count(values[2 * i + 1])]
        for i, (_, label) in enumerate(QUIRKS)
    ]
    return {
        "caption": "What the published files hold, counted (none stops the run or is dropped "
        "unseen; docs/police-uk.md)",
        "headers": ["Quirk", phrases.month_label(m), "12 months (months loaded)"],
        "rows": rows,
    }


def force_figures_note(f: BoardFigures) -> str:
    """The total the paper's other figures rest on, for the definitions."""
    del f
    return (
        "data.police.uk publishes a month, not a date: crimes count in the month published. "
        "Crime types are mapped to offence groups through seed policeuk_crime_type_map and "
        "outcome text to the nearest Home Office outcome type through seed policeuk_outcome_map; "
        "both mark where the mapping is approximate. A crime's outcome is its latest published "
        "outcome; outcomes of crimes recorded before the first month loaded count as outcomes "
        f"(offence group “{CRIME_TYPE_NOT_KNOWN}”) but never as crimes."
    )
