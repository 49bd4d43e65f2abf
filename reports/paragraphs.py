"""Section 2's numbered paragraphs, written from `BoardFigures` with the wording in `phrases`.

Each function returns plain sentences (the template escapes them). Every number comes from a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reports import phrases as p
from reports.figures import (
    BoardFigures,
    Disposals,
    DwellingBurglary,
    Rate,
    Value,
    Volume,
    add_months,
)

MAX_GROUPS_NAMED = 3


def show(v: Value, fmt: Callable[[float], str]) -> str:
    """A figure in words: formatted with its small-base caveat, or "not available (<reason>)"."""
    if v.value is None:
        return p.not_available(v.reason)
    return p.small_base(fmt(v.value), v.small_base)


def count(v: Value) -> str:
    return show(v, p.format_count)


def rate(v: Value) -> str:
    return show(v, p.format_rate)


def signed(v: Value) -> str:
    return show(v, lambda x: p.format_pct(x, signed=True))


@dataclass(frozen=True)
class Texts:
    """Month labels every paragraph uses."""

    month: str  # "April 2019"
    month_name: str  # "April"
    previous_month: str
    year_earlier: str


def texts(f: BoardFigures) -> Texts:
    m = f.reporting_month
    return Texts(
        month=p.month_label(m),
        month_name=p.month_name(m),
        previous_month=p.month_label(add_months(m, -1)),
        year_earlier=p.month_label(add_months(m, -12)),
    )


def _join_sentences(*parts: str | None) -> str:
    return " ".join(p.sentence(part) for part in parts if part)


# --- 2.1 Performance headlines ------------------------------------------------------------


def all_crime_trend(f: BoardFigures) -> str:
    t, ac = texts(f), f.all_crime
    trend = p.trend_sentence(ac.rising_months, ac.falling_months, ac.r12.reason)
    if ac.r12.available:
        total = f"there were {count(ac.r12)} recorded crimes in the 12 months to {t.month}"
        if ac.pct_change.available:
            total += f", {signed(ac.pct_change)} on the previous 12 months ({count(ac.prev_r12)})"
        else:
            total += "; the change on the previous 12 months is " + p.not_available(
                ac.pct_change.reason
            )
    else:
        total = f"the 12 month recorded crime total to {t.month} is {count(ac.r12)}"
    month = f"{count(ac.month)} crimes were recorded in {t.month_name} alone"
    extreme = p.extreme_phrase(ac.lowest_in_12, ac.highest_in_12)
    if extreme:
        month += f", {extreme}"
    return _join_sentences(trend, total, month)


def _group_list(groups: list[Volume]) -> str:
    return p.join_words([f"{g.label} ({signed(g.pct_change)})" for g in groups])


def offence_groups(f: BoardFigures) -> str:
    t = texts(f)
    known = [g for g in f.groups if g.pct_change.value is not None]
    ups = sorted(
        (g for g in known if p.change_direction(g.pct_change.value or 0) == "up"),
        key=lambda g: -(g.pct_change.value or 0),
    )
    downs = sorted(
        (g for g in known if p.change_direction(g.pct_change.value or 0) == "down"),
        key=lambda g: g.pct_change.value or 0,
    )
    if ups:
        text = (
            f"some offence groups have seen increases over the 12 months to {t.month} such as "
            + _group_list(ups[:MAX_GROUPS_NAMED])
        )
        if downs:
            text += ", while others have fallen, such as " + _group_list(downs[:MAX_GROUPS_NAMED])
    elif downs:
        text = (
            f"no offence group has increased over the 12 months to {t.month}; falls include "
            + _group_list(downs[:MAX_GROUPS_NAMED])
        )
    elif known:
        text = f"every offence group has remained stable over the 12 months to {t.month}"
    else:
        text = ""
    extremes = []
    for lowest in (True, False):
        named = [
            g.label
            for g in f.groups
            if p.extreme_phrase(g.lowest_in_12, g.highest_in_12) and bool(g.lowest_in_12) == lowest
        ]
        if named:
            plural = len(named) > 1
            phrase = p.extreme_phrase(lowest, not lowest, plural=plural)
            figure = "figures" if plural else "figure"
            verb = "were" if plural else "was"
            extremes.append(
                f"the discrete monthly {figure} for {p.join_words(named)} {verb} {phrase}"
            )
    reasons: dict[str | None, list[str]] = {}
    for g in f.groups:
        if g.pct_change.value is None:
            reasons.setdefault(g.pct_change.reason, []).append(g.label)
    gaps = [
        f"changes over the 12 months to {t.month} for {p.join_words(labels)} are "
        + p.not_available(reason)
        for reason, labels in reasons.items()
    ]
    return _join_sentences(text, *extremes, *gaps)


def _rate_trend(r: Rate) -> str | None:
    if r.current.value is None or r.previous.value is None:
        return None
    return p.rate_trend_phrase(r.current.value, r.previous.value, r.before_previous.value)


def pp_rate_all_crime(f: BoardFigures) -> str:
    subject = "the rolling 12 month all crime prosecution possible outcome rate (in-period basis)"
    current = f.pp_rate.in_period.current
    trend = _rate_trend(f.pp_rate.in_period)
    if trend:
        headline = f"{subject} {trend} and is now at {rate(current)}"
    elif current.available:
        headline = f"{subject} is {rate(current)}; the previous month's rate is " + p.not_available(
            f.pp_rate.in_period.previous.reason
        )
    else:
        headline = f"{subject} is {rate(current)}"
    cohort = (
        "on the cohort basis (the Home Office method, which understates recent months) it is "
        + rate(f.pp_rate.cohort.current)
    )
    return _join_sentences(headline, cohort)


def _year_on_year(current: Value, earlier: Value, year_earlier: str) -> str:
    """The clause after a share, punctuation included: ", up from 36.6% in the 12 months to ..."."""
    if current.value is not None and earlier.value is not None:
        return (
            f", {p.year_on_year_phrase(current.value, earlier.value)} {rate(earlier)} "
            f"in the 12 months to {year_earlier}"
        )
    return f"; the figure for the 12 months to {year_earlier} is {rate(earlier)}"


def outcome16(f: BoardFigures) -> str:
    t, o = texts(f), f.outcome16
    overall = (
        "outcome 16 disposals (victim does not support or has withdrawn from police action) made "
        f"up {rate(o.overall)} of outcomes in the 12 months to {t.month}"
        + _year_on_year(o.overall, o.overall_year_earlier, t.year_earlier)
    )
    shares = [(g, v) for g, v in o.by_group if v.value is not None and not v.small_base]
    top = max(shares, key=lambda gv: gv[1].value or 0, default=None)
    da_is_highest = (
        o.domestic_abuse.value is not None
        and not o.domestic_abuse.small_base
        and (top is None or o.domestic_abuse.value > (top[1].value or 0))
    )
    lead = (
        "the highest proportion of outcome 16 disposals was seen for domestic abuse cases, where"
        if da_is_highest
        else "for domestic abuse cases"
    )
    da = (
        f"{lead} {rate(o.domestic_abuse)} of closures were outcome 16 in the 12 months to "
        f"{t.month}"
        + _year_on_year(o.domestic_abuse, o.domestic_abuse_year_earlier, t.year_earlier)
    )
    group = (
        f"among offence groups the highest proportion was for {top[0]} ({rate(top[1])})"
        if top
        else None
    )
    return _join_sentences(overall, da, group)


def disposals(f: BoardFigures) -> str:
    t, d = texts(f), f.disposals
    return _join_sentences(
        f"{count(d.tic_r12)} crimes were resolved as taken into consideration (TIC) in the 12 "
        f"months to {t.month} ({count(d.tic_month)} in {t.month_name})",
        _oocd(d, t),
    )


def _oocd(d: Disposals, t: Texts) -> str:
    text = (
        f"there were {count(d.oocd_r12)} out-of-court disposals in the 12 months to {t.month} "
        f"({count(d.oocd_month)} in {t.month_name})"
    )
    now, before = d.oocd_r12.value, d.oocd_r12_year_earlier.value
    if now is not None and before:
        change = (now - before) / before
        small = before < p.SMALL_BASE
        text += (
            f"; use of out-of-court disposals has "
            f"{p.volume_change_phrase(change, is_small_base=small)} on the 12 months to "
            f"{t.year_earlier} ({count(d.oocd_r12_year_earlier)})"
        )
    elif now is not None:
        text += f"; the figure for the 12 months to {t.year_earlier} is " + count(
            d.oocd_r12_year_earlier
        )
    return text


# --- 2.2 Dwelling burglary --------------------------------------------------------------


def _area_rates(
    by_area: Mapping[str, Rate],
) -> tuple[dict[str, p.Direction | None], dict[str, str]]:
    directions: dict[str, p.Direction | None] = {}
    details: dict[str, str] = {}
    for area, r in by_area.items():
        cur, prev = r.current.value, r.previous.value
        directions[area] = (
            p.rate_direction(cur, prev) if cur is not None and prev is not None else None
        )
        if cur is not None:
            details[area] = rate(r.current)
    return directions, details


def burglary_response_and_outcomes(f: BoardFigures) -> str:
    t, b = texts(f), f.burglary
    response = _response_sentence(b, t)
    cur, prev = b.pp_rate.current, b.pp_rate.previous
    subject = "the 12 month prosecution possible outcome rate for dwelling burglary"
    if cur.value is not None and prev.value is not None:
        outcome = f"{subject} {p.rate_level_phrase(cur.value, prev.value)}"
        if cur.small_base:
            outcome += " (small base)"
    else:
        outcome = f"{subject} is {rate(cur)}"
    if cur.available:
        outcome = _then(outcome, p.area_clause(*_area_rates(b.pp_rate_by_area), kind="rate"))
    return _join_sentences(response, outcome)


def _response_sentence(b: DwellingBurglary, t: Texts) -> str:
    subject = "the median response time for prompt graded dwelling burglary"
    cur, prev = b.response.median_month, b.response.median_previous_month
    n = f"{count(b.response.incidents_month)} incidents"
    if cur.value is not None and prev.value is not None:
        return (
            f"{subject} {p.response_time_word(cur.value, prev.value)}, from "
            f"{p.format_minutes(prev.value)} in {t.previous_month} to "
            f"{p.format_minutes(cur.value)} in {t.month} ({n})"
        )
    if cur.value is not None:
        return (
            f"{subject} was {p.format_minutes(cur.value)} in {t.month} ({n}); the previous "
            f"month's figure is " + p.not_available(prev.reason)
        )
    return f"{subject} in {t.month} is " + p.not_available(cur.reason)


def burglary_volume_and_tic(f: BoardFigures) -> str:
    t, b = texts(f), f.burglary
    volume = _volume_change(
        "recorded dwelling burglary",
        b.volume,
        "has",
        f"over the 12 months to {t.month}",
        f"{count(b.volume.r12)} offences",
    )
    tic = (
        f"burglary offences taken into consideration (TIC) numbered {count(b.tic_r12)} in the "
        f"12 months to {t.month}"
    )
    if b.tic_r12_year_earlier.available:
        tic += f", against {count(b.tic_r12_year_earlier)} in the 12 months to {t.year_earlier}"
    else:
        tic += f"; the figure for the 12 months to {t.year_earlier} is " + count(
            b.tic_r12_year_earlier
        )
    return _join_sentences(volume, tic)


# --- 2.3 Serious street based violence --------------------------------------------------


def _volume_change(
    subject: str, v: Volume, verb: str, window: str, total: str | None = None
) -> str:
    """ "robbery offences have increased 21.5% over the 12 months to April 2019 (<total>)"."""
    if v.pct_change.value is None:
        text = f"the change in {subject} {window} is " + p.not_available(v.pct_change.reason)
        return text + (f"; the 12 month total is {total}" if total else "")
    phrase = p.volume_change_phrase(v.pct_change.value, is_small_base=v.pct_change.small_base)
    return f"{subject} {verb} {phrase} {window}" + (f" ({total})" if total else "")


def _then(text: str, clause: str) -> str:
    return f"{text}, {clause}" if clause else text


def _area_volumes(by_area: Mapping[str, Volume]) -> str:
    directions: dict[str, p.Direction | None] = {}
    details: dict[str, str] = {}
    for area, v in by_area.items():
        pct = v.pct_change.value
        directions[area] = p.change_direction(pct) if pct is not None else None
        if pct is not None:
            details[area] = signed(v.pct_change)
    return p.area_clause(directions, details, kind="volume")


def violence_with_injury(f: BoardFigures) -> str:
    t, s = texts(f), f.street_violence
    volume = _volume_change(
        "the rolling 12 month total of violence with injury offences",
        s.vwi,
        "has",
        "on the previous 12 months",
        f"{count(s.vwi.r12)} offences in the 12 months to {t.month}",
    )
    if s.vwi.pct_change.available:
        volume = _then(volume, _area_volumes(s.vwi_by_area))
    subject = "the 12 month prosecution possible outcome rate for violence with injury"
    trend = _rate_trend(s.vwi_pp_rate)
    outcome = (
        f"{subject} {trend} and is currently at {rate(s.vwi_pp_rate.current)}"
        if trend
        else f"{subject} is {rate(s.vwi_pp_rate.current)}"
    )
    return _join_sentences(volume, outcome)


def robbery(f: BoardFigures) -> str:
    t, s = texts(f), f.street_violence
    volume = _volume_change(
        "robbery offences", s.robbery, "have", f"over the 12 months to {t.month}"
    )
    extreme = p.extreme_phrase(s.robbery.lowest_in_12, s.robbery.highest_in_12)
    month = (
        f"{t.month_name}'s discrete month figure ({count(s.robbery.month)}) was {extreme}"
        if extreme
        else None
    )
    cur, prev = s.robbery_pp_rate.current, s.robbery_pp_rate.previous
    subject = "the prosecution possible outcome rate for robbery offences"
    if cur.value is not None and prev.value is not None:
        level = p.rate_level_phrase(cur.value, prev.value) + (
            " (small base)" if cur.small_base else ""
        )
        outcome = f"{subject} {level} for the 12 months to {t.month}"
    else:
        outcome = f"{subject} for the 12 months to {t.month} is {rate(cur)}"
    return _join_sentences(volume, month, outcome)


def possession_of_weapons(f: BoardFigures) -> str:
    t, s = texts(f), f.street_violence
    text = _volume_change(
        "possession of weapons offences", s.weapons, "have", f"over the 12 months to {t.month}"
    )
    if s.weapons.pct_change.available:
        text = _then(text, _area_volumes(s.weapons_by_area))
    return _join_sentences(text)


SECTION_PARAGRAPHS: dict[str, tuple[Callable[[BoardFigures], str], ...]] = {
    "2.1": (all_crime_trend, offence_groups, pp_rate_all_crime, outcome16, disposals),
    "2.2": (burglary_response_and_outcomes, burglary_volume_and_tic),
    "2.3": (violence_with_injury, robbery, possession_of_weapons),
}


def section_paragraphs(f: BoardFigures, number: str) -> list[str]:
    return [build(f) for build in SECTION_PARAGRAPHS.get(number, ())]


def offence_group_table(f: BoardFigures) -> list[dict[str, str]]:
    """Rows for the 2.1 table: every offence group, all crime last."""
    rows = []
    for g in (*f.groups, f.all_crime):
        flag = p.extreme_phrase(g.lowest_in_12, g.highest_in_12)
        rows.append(
            {
                "label": g.label,
                "month": count(g.month),
                "r12": count(g.r12),
                "prev_r12": count(g.prev_r12),
                "pct_change": signed(g.pct_change),
                "flag": "lowest in 12"
                if flag and g.lowest_in_12
                else ("highest in 12" if flag else ""),
            }
        )
    return rows
