"""Section 2.1, performance headlines: recorded crime, offence groups, the prosecution possible
outcome rate, outcome 16 and disposals (force extracts); the data.police.uk paper's headlines
leave out what that source cannot show and add anti-social behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import BoardFigures, Disposals, Value, Volume, add_months, without_unknown_type
from reports.figures_from_marts import FIGURE_MARTS
from reports.paper import NumberedSection, PaperContext, Placed, has_tables

MAX_GROUPS_NAMED = 3
TITLE = "Performance Headlines and Department Updates"


def all_crime_trend(f: BoardFigures) -> str:
    t, ac = w.texts(f), f.all_crime
    trend = p.trend_sentence(ac.rising_months, ac.falling_months, ac.r12.reason)
    if ac.r12.available:
        total = f"there were {w.count(ac.r12)} recorded crimes in the 12 months to {t.month}"
        if ac.pct_change.available:
            total += (
                f", {w.signed(ac.pct_change)} on the previous 12 months ({w.count(ac.prev_r12)})"
            )
        else:
            total += "; the change on the previous 12 months is " + p.not_available(
                ac.pct_change.reason
            )
    else:
        total = f"the 12 month recorded crime total to {t.month} is {w.count(ac.r12)}"
    month = f"{w.count(ac.month)} crimes were recorded in {t.month_name} alone"
    extreme = p.extreme_phrase(ac.lowest_in_12, ac.highest_in_12)
    if extreme:
        month += f", {extreme}"
    return w.join_sentences(trend, total, month)


def _group_list(groups: list[Volume]) -> str:
    return p.join_words([f"{g.label} ({w.signed(g.pct_change)})" for g in groups])


def offence_groups(f: BoardFigures) -> str:
    t = w.texts(f)
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
    return w.join_sentences(text, *extremes, *gaps)


def pp_rate_all_crime(f: BoardFigures) -> str:
    subject = "the rolling 12 month all crime prosecution possible outcome rate (in-period basis)"
    current = f.pp_rate.in_period.current
    trend = w.rate_trend(f.pp_rate.in_period)
    if trend:
        headline = f"{subject} {trend} and is now at {w.rate(current)}"
    elif current.available:
        headline = f"{subject} is {w.rate(current)}; the previous month's rate is " + (
            p.not_available(f.pp_rate.in_period.previous.reason)
        )
    else:
        headline = f"{subject} is {w.rate(current)}"
    cohort = (
        "on the cohort basis (the Home Office method, which understates recent months) it is "
        + w.rate(f.pp_rate.cohort.current)
    )
    return w.join_sentences(headline, cohort)


def _year_on_year(current: Value, earlier: Value, year_earlier: str) -> str:
    """The clause after a share, punctuation included: ", up from 36.6% in the 12 months to ..."."""
    if current.value is not None and earlier.value is not None:
        return (
            f", {p.year_on_year_phrase(current.value, earlier.value)} {w.rate(earlier)} "
            f"in the 12 months to {year_earlier}"
        )
    return f"; the figure for the 12 months to {year_earlier} is {w.rate(earlier)}"


@dataclass(frozen=True)
class NationalFigure:
    """A national comparator from seed `national_comparators`, quoted with its source."""

    value: float
    period: str
    source: str


NATIONAL_COMPARATORS = "reference.national_comparators"


def national_figure(context: PaperContext, measure: str) -> NationalFigure | None:
    """The latest version of a national comparator, or None when none is supplied."""
    if not has_tables(context.con, (NATIONAL_COMPARATORS,)):
        return None
    found = context.con.execute(
        f"select value, period, source from {NATIONAL_COMPARATORS} where measure = ? "
        "order by version desc limit 1",
        [measure],
    ).fetchall()
    return NationalFigure(float(found[0][0]), found[0][1], found[0][2]) if found else None


def outcome16(f: BoardFigures, national: NationalFigure | None = None) -> str:
    t, o = w.texts(f), f.outcome16
    nationally = (
        f" (nationally {p.format_rate(national.value)} of outcomes, {national.period}; "
        f"source: {national.source})"
        if national
        else ""
    )
    overall = (
        "outcome 16 disposals (victim does not support or has withdrawn from police action) made "
        f"up {w.rate(o.overall)} of outcomes in the 12 months to {t.month}{nationally}"
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
        f"{lead} {w.rate(o.domestic_abuse)} of closures were outcome 16 in the 12 months to "
        f"{t.month}"
        + _year_on_year(o.domestic_abuse, o.domestic_abuse_year_earlier, t.year_earlier)
    )
    group = (
        f"among offence groups the highest proportion was for {top[0]} ({w.rate(top[1])})"
        if top
        else None
    )
    return w.join_sentences(overall, da, group)


def disposals(f: BoardFigures) -> str:
    t, d = w.texts(f), f.disposals
    return w.join_sentences(
        f"{w.count(d.tic_r12)} crimes were resolved as taken into consideration (TIC) in the 12 "
        f"months to {t.month} ({w.count(d.tic_month)} in {t.month_name})",
        _oocd(d, t),
    )


def _oocd(d: Disposals, t: w.Texts) -> str:
    text = (
        f"there were {w.count(d.oocd_r12)} out-of-court disposals in the 12 months to {t.month} "
        f"({w.count(d.oocd_month)} in {t.month_name})"
    )
    now, before = d.oocd_r12.value, d.oocd_r12_year_earlier.value
    if now is not None and before:
        change = (now - before) / before
        small = before < p.SMALL_BASE
        text += (
            f"; use of out-of-court disposals has "
            f"{p.volume_change_phrase(change, is_small_base=small)} on the 12 months to "
            f"{t.year_earlier} ({w.count(d.oocd_r12_year_earlier)})"
        )
    elif now is not None:
        text += f"; the figure for the 12 months to {t.year_earlier} is " + w.count(
            d.oocd_r12_year_earlier
        )
    return text


def offence_group_table(f: BoardFigures) -> list[dict[str, str]]:
    """Rows for the 2.1 table: every offence group, all crime last."""
    rows = []
    for g in (*f.groups, f.all_crime):
        flag = p.extreme_phrase(g.lowest_in_12, g.highest_in_12)
        rows.append(
            {
                "label": g.label,
                "month": w.count(g.month),
                "r12": w.count(g.r12),
                "prev_r12": w.count(g.prev_r12),
                "pct_change": w.signed(g.pct_change),
                "flag": "lowest in 12"
                if flag and g.lowest_in_12
                else ("highest in 12" if flag else ""),
            }
        )
    return rows


def headline_charts(f: BoardFigures, outcome_basis: str = "") -> tuple[charts.Chart, ...]:
    """All recorded crime and the prosecution possible outcome rate: the first charts of 2.1,
    whatever the source; `outcome_basis` qualifies the rate (e.g. nearest outcome group)."""
    s = f.series
    made = (
        charts.bar_line_chart(
            "all-crime",
            "All recorded crime: monthly count and rolling 12 month total",
            ("Crimes in month", s.all_crime_month),
            ("Rolling 12 months", s.all_crime_r12),
        ),
        charts.rate_chart(
            "pp-rate",
            f"Prosecution possible outcome rate{outcome_basis}, all crime, rolling 12 months",
            {"In-period basis": s.pp_rate_in_period, "Cohort basis": s.pp_rate_cohort},
        ),
    )
    return tuple(c for c in made if c)


def _charts_21(f: BoardFigures) -> tuple[charts.Chart, ...]:
    outcome16 = charts.rate_chart(
        "o16-share",
        "Outcome 16 share of outcomes, rolling 12 months",
        {"Domestic abuse": f.series.o16_share_da, "All crime": f.series.o16_share},
    )
    return headline_charts(f) + ((outcome16,) if outcome16 else ())


@dataclass(frozen=True)
class Headlines:
    number: str = "2.1"
    title: str = TITLE
    reads: tuple[str, ...] = (*FIGURE_MARTS, NATIONAL_COMPARATORS)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.figures
        return NumberedSection(
            self.number,
            self.title,
            (
                all_crime_trend(f),
                offence_groups(f),
                pp_rate_all_crime(f),
                outcome16(f, national_figure(context, "outcome16_share")),
                disposals(f),
            ),
            context.commentary.for_section(self.number),
            charts=_charts_21(f),
            table=tuple(offence_group_table(f)),
        )


def anti_social_behaviour(context: PaperContext) -> str:
    m = context.reporting_month
    month, r12, months = context.con.execute(
        """
        select coalesce(sum(anti_social_behaviour) filter (where reporting_month = ?), 0)::bigint,
               coalesce(sum(anti_social_behaviour), 0)::bigint, count(*)
        from marts.police_uk_quirks
        where force_id = ? and reporting_month between ? and ?
        """,
        [m, context.force_id, add_months(m, -11), m],
    ).fetchall()[0]
    t = p.month_label(m)
    window = f"in the 12 months to {t}" if months == 12 else f"in the {months} months to {t}"
    return p.sentence(
        f"{p.format_count(r12)} anti-social behaviour reports were published {window} "
        f"({p.format_count(month)} in {p.month_name(m)}); they are counted "
        "separately and never as crime"
    )


@dataclass(frozen=True)
class PublishedDataHeadlines:
    number: str = "2.1"
    title: str = "Performance Headlines"
    reads: tuple[str, ...] = (*FIGURE_MARTS, "marts.police_uk_quirks")

    def build(self, context: PaperContext) -> NumberedSection:
        f = without_unknown_type(context.figures)
        return NumberedSection(
            self.number,
            self.title,
            (
                all_crime_trend(f),
                offence_groups(f),
                anti_social_behaviour(context),
                pp_rate_all_crime(f),
            ),
            context.commentary.for_section(self.number),
            charts=headline_charts(f, " (nearest outcome group)"),
            table=tuple(offence_group_table(f)),
        )


PAPERS = (
    Placed("force_extracts", (2, 1), Headlines()),
    Placed("police_uk", (2, 1), PublishedDataHeadlines()),
)
