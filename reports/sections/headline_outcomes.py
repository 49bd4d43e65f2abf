"""Section 2.1's outcome sentences: the Outcome 16 share (with the national comparator from seed
`national_comparators`) and the disposals (TICs and out-of-court disposals)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from data_contracts.calendar import add_months
from reports import drivers as dr
from reports import figure_words as w
from reports import phrases as p
from reports.figures import BoardFigures, Disposals, Value
from reports.mart_rows import fetch, value
from reports.paper import PaperContext, has_tables
from reports.traces import Trace, derived


def _year_on_year(current: Value, earlier: Value, year_earlier: str) -> str:
    """The clause after a share, punctuation included: ", up from 36.6% in the 12 months to ...";
    nothing when the year-earlier figure needs more history than there is."""
    if current.value is not None and earlier.value is not None:
        return (
            f", {p.year_on_year_phrase(current.value, earlier.value)} {w.rate(earlier)} "
            f"in the 12 months to {year_earlier}"
        )
    if w.history_only(earlier):
        return ""
    return f"; the figure for the 12 months to {year_earlier} is {w.rate(earlier)}"


def _share(what: str, share: Value, month: str) -> str | None:
    """ "<what> made up 36.6% of outcomes in the 12 months to <month>", or None (short history),
    or "the share of <what> ... is not available (<reason>)"."""
    if share.available:
        return f"{what} made up {w.rate(share)} of outcomes in the 12 months to {month}"
    if w.history_only(share):
        return None
    return f"the share of outcomes that were {what} in the 12 months to {month} is {w.rate(share)}"


@dataclass(frozen=True)
class NationalFigure:
    """A national comparator from seed `national_comparators`, quoted with its source."""

    value: Value
    period: str  # as the source states it: "12 months to March 2019"
    source: str

    @property
    def period_end(self) -> date | None:
        """The period's last month, the last "<Month> <YYYY>" its text names ("12 months to
        March 2019", "year ending March 2019"); None when it names none."""
        found = _MONTH_YEAR.findall(self.period)
        if not found:
            return None
        name, year = found[-1]
        return date(int(year), p.MONTH_NAMES.index(name) + 1, 1)


_MONTH_YEAR = re.compile(rf"\b({'|'.join(p.MONTH_NAMES)}) (\d{{4}})\b")


NATIONAL_COMPARATORS = "reference.national_comparators"


def national_figure(context: PaperContext, measure: str) -> NationalFigure | None:
    """The latest version of a national comparator, or None when none is supplied."""
    if not has_tables(context.con, (NATIONAL_COMPARATORS,)):
        return None
    found = fetch(
        context.con,
        f"select * from {NATIONAL_COMPARATORS} where measure = ? order by version desc limit 1",
        [measure],
    )
    if not found:
        return None
    row = found[0]
    return NationalFigure(value(row, "value"), row["period"], row["source"])


def national_sentence(national: NationalFigure | None, month: date) -> str | None:
    """The national share as a sentence of its own, its period said first: "In the 12 months to
    March 2026, outcome 16 disposals made up 23.0% of outcomes nationally; source: ...". A figure
    whose period ends before the reporting year (the 12 months to `month`) is out of date: the
    sentence says so and quotes no figure to compare with."""
    if national is None:
        return None
    held = f"the latest national figure held for the outcome 16 share, for the {national.period},"
    if national.period_end is None:
        return f"{held} does not name the month it ends, so this paper makes no national comparison"
    if national.period_end < add_months(month, -11):
        return (
            f"{held} ends before the 12 months to {p.month_label(month)}: it is out of date, so "
            "this paper makes no national comparison"
        )
    return (
        f"in the {national.period}, outcome 16 disposals made up {w.rate(national.value)} of "
        f"outcomes nationally; source: {national.source}"
    )


def outcome16(f: BoardFigures, d: dr.Drivers, national: NationalFigure | None = None) -> str:
    t, o = w.texts(f), f.outcome16
    overall = _share(
        "outcome 16 disposals (victim does not support or has withdrawn from police action)",
        o.overall,
        t.month,
    )
    decomposed = nationally = None
    if overall and o.overall.available:
        overall += _year_on_year(o.overall, o.overall_year_earlier, t.year_earlier)
        decomposed = dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group", dr.OUTCOME16_SHARE)
        nationally = national_sentence(national, f.reporting_month)
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
    da_decomposed = None
    if o.domestic_abuse.available:
        da: str | None = (
            f"{lead} {w.rate(o.domestic_abuse)} of closures were outcome 16 in the 12 months to "
            f"{t.month}"
            + _year_on_year(o.domestic_abuse, o.domestic_abuse_year_earlier, t.year_earlier)
        )
        da_decomposed = dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "area", dr.OUTCOME16_SHARE_DA)
    else:
        da = _share("outcome 16 closures of domestic abuse cases", o.domestic_abuse, t.month)
    group = (
        f"among offence groups the highest proportion was for {top[0]} ({w.rate(top[1])})"
        if top
        else None
    )
    return w.join_sentences(overall, decomposed, nationally, da, da_decomposed, group)


def disposals(f: BoardFigures) -> str:
    t, d = w.texts(f), f.disposals
    tic = "crimes resolved as taken into consideration (TIC)"
    return w.join_sentences(
        _r12_and_month(
            "crimes were resolved as taken into consideration (TIC)", tic, d.tic_r12, d.tic_month, t
        ),
        _oocd(d, t),
    )


def _r12_and_month(what: str, label: str, r12: Value, month: Value, t: w.Texts) -> str:
    """ "12 <what> in the 12 months to April 2019 (3 in April)"; the month alone before there are
    12 months of data; "the number of <label> ... is not available (<reason>)" otherwise."""
    if r12.available:
        in_month = f"{w.count(month)} in {t.month_name}"
        return f"{w.count(r12)} {what} in the 12 months to {t.month} ({in_month})"
    if w.history_only(r12) and month.available:
        return f"{w.count(month)} {what} in {t.month}"
    return f"the number of {label} in the 12 months to {t.month} is {w.count(r12)}"


def _oocd(d: Disposals, t: w.Texts) -> str:
    text = _r12_and_month(
        "out-of-court disposals were given", "out-of-court disposals", d.oocd_r12, d.oocd_month, t
    )
    now, before = d.oocd_r12.value, d.oocd_r12_year_earlier.value
    if now is not None and before:
        pct = (now - before) / before
        change = Value(pct, trace=_change_trace(d.oocd_r12, d.oocd_r12_year_earlier))
        phrase = p.volume_change_phrase(
            pct, is_small_base=before < p.SMALL_BASE, figure=w.marker(change)
        )
        text += (
            f"; use of out-of-court disposals has {phrase} on "
            f"the 12 months to {t.year_earlier} ({w.count(d.oocd_r12_year_earlier)} disposals)"
        )
    elif now is not None and not w.history_only(d.oocd_r12_year_earlier):
        text += f"; the figure for the 12 months to {t.year_earlier} is " + w.count(
            d.oocd_r12_year_earlier
        )
    return text


def _change_trace(now: Value, before: Value) -> Trace | None:
    """The trace of a change computed here from a column at two months (the mart has no such
    column): the column's, with both months."""
    if now.trace is None or before.trace is None:
        return None
    months = dict(before.trace.keys)["reporting_month"], dict(now.trace.keys)["reporting_month"]
    column = f"{now.trace.column}: change on the year before"
    return derived(now.trace, column, reporting_month=" and ".join(months))
