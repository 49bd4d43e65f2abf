"""What made a headline movement, in words that add up: the contributors to an R12 change
(marts.crime_change_drivers: the largest named, the rest together) and an outcome rate's change
(the prosecution-possible rate on the previous month, the outcome 16 share on a year earlier)
split into the mix of its parts and the rates within them (marts.outcome_rate_decomposition,
Kitagawa's decomposition). docs/paper.md, "Drivers"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import duckdb

from reports import figure_words as w
from reports import phrases as p
from reports.figures import ALL, ALL_CRIME, Value
from reports.mart_rows import Row, fetch, value
from reports.traces import derived, mark

DRIVERS_MART = "marts.crime_change_drivers"
DECOMPOSITION_MART = "marts.outcome_rate_decomposition"
MARTS = (DRIVERS_MART, DECOMPOSITION_MART)
ALL_CRIME_KEY = (ALL, ALL_CRIME, ALL)
# driven_by / mix_of -> the parts' noun, one and many
PARTS = {
    "offence_group": ("offence group", "offence groups"),
    "offence_subgroup": ("subgroup", "subgroups"),
    "area": ("area", "areas"),
}
PP_RATE = "pp_rate_in_period"
OUTCOME16_SHARE = "outcome16_share"
OUTCOME16_SHARE_DA = "outcome16_share_domestic_abuse"  # of domestic abuse cases, by area only
# measure -> what its change is on, and what its parts have
MEASURES = {
    PP_RATE: ("on the previous month", "rates"),
    OUTCOME16_SHARE: ("on a year earlier", "shares"),
    OUTCOME16_SHARE_DA: ("on a year earlier", "shares"),
}

# (area, offence_group, offence_subgroup): the changed figure's key in crime_volume / outcome_rates
Key = tuple[str, str, str]

_DRIVERS_SQL = f"""
select force_id, reporting_month, area, offence_group, offence_subgroup, driven_by, contributor,
       r12_change, contribution, contributors, is_named, contribution_rank
from {DRIVERS_MART}
where force_id = ? and reporting_month = ?
order by is_named desc, contribution_rank
"""

_DECOMPOSITION_SQL = f"""
select force_id, reporting_month, area, offence_group, offence_subgroup, measure, mix_of,
       rate, rate_compared, rate_change, mix_effect, rate_effect, unavailable_reason
from {DECOMPOSITION_MART}
where force_id = ? and reporting_month = ?
"""


@dataclass(frozen=True)
class Drivers:
    # (area, group, subgroup, driven_by) -> the named contributors in order, then `Others`
    contributions: dict[tuple[str, str, str, str], tuple[Row, ...]]
    # (area, group, subgroup, measure, mix_of) -> the rate's decomposition
    decompositions: dict[tuple[str, str, str, str, str], Row]


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> Drivers:
    contributions: dict[tuple[str, str, str, str], list[Row]] = {}
    for row in fetch(con, _DRIVERS_SQL, [force_id, m]):
        key = (row["area"], row["offence_group"], row["offence_subgroup"], row["driven_by"])
        contributions.setdefault(key, []).append(row)
    decompositions = {
        (r["area"], r["offence_group"], r["offence_subgroup"], r["measure"], r["mix_of"]): r
        for r in fetch(con, _DECOMPOSITION_SQL, [force_id, m])
    }
    return Drivers({k: tuple(v) for k, v in contributions.items()}, decompositions)


def _size(v: Value) -> str:
    """A count without its sign: the verb says which way ("fell 180")."""
    return w.show(v, lambda n: p.format_count(abs(n)))


def _moved(v: Value) -> str:
    return ("rose " if (v.value or 0) > 0 else "fell ") + _size(v)


def change_of(d: Drivers, key: Key, driven_by: str) -> str | None:
    """ "rise of 553" (the change the contributors add up to); None without drivers."""
    rows = d.contributions.get((*key, driven_by))
    if not rows or not rows[0]["r12_change"]:
        return None
    change = value(rows[0], "r12_change")
    return ("rise of " if (change.value or 0) > 0 else "fall of ") + _size(change)


def contributors(d: Drivers, key: Key, driven_by: str) -> str | None:
    """ "Violence against the person rose 680, Robbery 100 and Theft offences 30, while Drug
    offences fell 180; the other three offence groups fell 77 between them": the named
    contributors and the rest, which add up to the change exactly."""
    rows = d.contributions.get((*key, driven_by))
    if not rows or not rows[0]["r12_change"]:
        return None
    rising = rows[0]["r12_change"] > 0
    named = [r for r in rows if r["is_named"]]
    along = [r for r in named if (r["contribution"] > 0) == rising]
    against = [r for r in named if (r["contribution"] > 0) != rising]
    # the verb once: "Violence rose 680, Robbery 100"
    sizes = [(_moved if i == 0 else _size)(value(r, "contribution")) for i, r in enumerate(along)]
    parts = [f"{r['contributor']} {size}" for r, size in zip(along, sizes, strict=True)]
    text = p.join_words(parts)
    if against:
        r = against[0]
        text += f", while {r['contributor']} {_moved(value(r, 'contribution'))}"
    rest = next((r for r in rows if not r["is_named"]), None)
    if rest is not None:
        one, many = PARTS[driven_by]
        n = value(rest, "contributors")
        others = f"the other {one}" if n.value == 1 else f"the other {w.in_words(n)} {many}"
        moved = value(rest, "contribution")
        if moved.value:
            tail = f"{others} {_moved(moved)}" + (" between them" if n.value != 1 else "")
        else:
            tail = f"{others} {'did' if n.value == 1 else 'together did'} not change"
        text += f"; {tail}"
    return text


def change_drivers(d: Drivers, key: Key, driven_by: str, subject: str) -> str | None:
    """ "of the rise of 553 in <subject>, <contributors>"."""
    change, parts = change_of(d, key, driven_by), contributors(d, key, driven_by)
    if change is None or parts is None:
        return None
    return f"of the {change} in {subject}, {parts}"


def by_area(d: Drivers, key: Key) -> str | None:
    """ "by area, North rose 300, ..." (the same change as the sentence before it)."""
    parts = contributors(d, key, "area")
    return f"by area, {parts}" if parts else None


def _points(fraction: float) -> Decimal:
    """A fraction in percentage points as printed (one decimal, half up: `phrases`)."""
    return (Decimal(repr(float(fraction))) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate_decomposition(d: Drivers, key: Key, mix_of: str, measure: str = PP_RATE) -> str | None:
    """ "of its change of -0.4 points on the previous month, the mix of offence groups accounts
    for -0.1 points and the rates within the offence groups for -0.3 points" (an outcome 16
    share: "on a year earlier", "the shares within"). The change is the difference of the two
    rates as printed (so that it agrees with "up from 36.5%" to 53.5%), and the rate effect the
    printed change less the printed mix effect, so the words add up after rounding too (each is
    then its cell rounded one way or the other). A part that rounds to zero is not quoted as a
    change: "its change of +2.7 points on a year earlier is all in the shares within the offence
    groups: the mix of offence groups made none of it". None for a rate the paper calls stable."""
    row = d.decompositions.get((*key, measure, mix_of))
    if row is None or row["rate_change"] is None:
        return None
    if p.rate_direction(row["rate"], row["rate_compared"]) == "stable":
        return None  # the paper states no change to explain
    change, mix, within = (value(row, c) for c in ("rate_change", "mix_effect", "rate_effect"))
    assert change.value is not None and mix.value is not None
    # the change between the two rates as the paper prints them ("up from 36.5%" to 53.5%: 17.0)
    printed = _points(row["rate"]) - _points(row["rate_compared"])
    change_shown = mark(
        p.format_points(float(printed) / 100),
        derived(change.trace, "rate minus rate_compared, each as printed"),
    )
    rest = printed - _points(mix.value)
    # derived, not the rate_effect cell: it may differ from that cell by one rounding step
    rest_shown = mark(
        p.format_points(float(rest) / 100),
        derived(within.trace, "the printed change minus the printed mix_effect"),
    )
    many, (compared, rates) = PARTS[mix_of][1], MEASURES[measure]
    mix_shown = w.show(mix, p.format_points)
    within = f"the {rates} within the {many}"
    whole = f"its change of {change_shown} {compared} is all in"
    if p.is_no_change(mix_shown):
        return f"{whole} {within}: the mix of {many} made none of it"
    if p.is_no_change(rest_shown):
        return f"{whole} the mix of {many}: {within} made none of it"
    return (
        f"of its change of {change_shown} {compared}, the mix of {many} "
        f"accounts for {mix_shown} and {within} for {rest_shown}"
    )
