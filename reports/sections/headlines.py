"""Section 2.1, performance headlines: recorded crime, offence groups, the prosecution possible
outcome rate, outcome 16 and disposals (force extracts); the data.police.uk paper's headlines
leave out what that source cannot show and add anti-social behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from data_contracts.calendar import add_months
from reports import charts
from reports import drivers as dr
from reports import figure_words as w
from reports import history as h
from reports import phrases as p
from reports.figures import ALL, ALL_CRIME, BoardFigures, Volume, without_unknown_type
from reports.figures_from_marts import FIGURE_MARTS
from reports.judgement import Judged, judge
from reports.paper import NumberedSection, PaperContext, Placed, paragraphs
from reports.phrases import number_word
from reports.season_words import expectation_sentence, season_note, usual_move_sentence
from reports.sections.headline_outcomes import (
    NATIONAL_COMPARATORS,
    disposals,
    national_figure,
    outcome16,
)
from reports.signal_words import latest_rules, signal_clause, signal_sentence
from reports.traces import derived, mark

MAX_GROUPS_NAMED = 3
QUIRKS_MART = "marts.police_uk_quirks"
TITLE = "Performance Headlines and Department Updates"


def _history(f: BoardFigures) -> int | None:
    """The months of data to the reporting month; None when there are 24 or more."""
    start = h.paper_start(f)
    return h.months_of_data(start, f.reporting_month) if start else None


def all_crime_trend(f: BoardFigures) -> str:
    t, ac = w.texts(f), f.all_crime
    trend = (
        None
        if w.history_only(ac.r12)
        else p.trend_sentence(
            ac.rising_months, ac.falling_months, ac.r12.reason, months_of_data=_history(f)
        )
    )
    if ac.r12.available:
        total = f"there were {w.count(ac.r12)} recorded crimes in the 12 months to {t.month}"
        if ac.pct_change.available:
            total += (
                f", {w.signed(ac.pct_change)} on the previous 12 months "
                f"({w.count(ac.prev_r12)} crimes)"
            )
        elif not w.history_only(ac.pct_change):
            total += "; the change on the previous 12 months is " + p.not_available(
                ac.pct_change.reason
            )
    elif w.history_only(ac.r12):
        total = None
    else:
        total = f"the 12 month recorded crime total to {t.month} is {w.count(ac.r12)}"
    if ac.month.available:
        month = f"{w.count(ac.month)} crimes were recorded in {t.month_name} alone"
        extreme = p.extreme_phrase(ac.lowest_in_12, ac.highest_in_12)
        if extreme:
            month += f", {extreme}"
    else:
        month = f"the number of crimes recorded in {t.month} is {w.count(ac.month)}"
    judged = judge(f.series.all_crime_month)
    signal = signal_sentence(f"{t.month_name}'s count", judged, p.format_count)
    expected = expectation_sentence("recorded crimes", judged, p.format_count)
    move = usual_move_sentence("recorded crime", judged)
    note = season_note(headline_judgements(f))
    return w.join_sentences(trend, total, month, signal, expected, move, note)


def headline_judgements(f: BoardFigures) -> list[Judged]:
    """Every monthly series the force's sections judge against process limits."""
    s = f.series
    counts = (s.all_crime_month, s.burglary_month, s.vwi_month, s.robbery_month, s.weapons_month)
    return [judge(c) for c in (*counts, *(g for _label, g in s.group_month))]


def group_signals(f: BoardFigures) -> str | None:
    """Which offence groups' monthly counts are signals this month, against their own limits."""
    judgements = [(g, judge(s)) for g, s in f.series.group_month]
    judged = [(g, j.xmr) for g, j in judgements if signal_clause(j.xmr) is not None]
    if not judged:
        return None
    seasonal = [g for g, j in judgements if j.allows_for_season and signal_clause(j.xmr)]
    against = "against their process limits" + (
        f" (allowing for the season for {p.join_words(seasonal)})" if seasonal else ""
    )
    flagged = [f"{g} ({latest_rules(x)})" for g, x in judged if x.latest_signals]
    if not flagged:
        return (
            f"{against}, the monthly counts of all {number_word(len(judged))} "
            "offence groups are within normal variation"
        )
    rest = len(judged) - len(flagged)
    text = f"{against}, {w.texts(f).month_name}'s counts show a signal for " + p.join_words(flagged)
    others = "the other group is" if rest == 1 else f"the other {number_word(rest)} groups are"
    return text + (f"; {others} within normal variation" if rest else "")


def _group_list(groups: list[Volume]) -> str:
    return p.join_words([f"{g.label} ({w.signed(g.pct_change, bracketed=True)})" for g in groups])


def all_crime_drivers(d: dr.Drivers, areas: tuple[str, ...]) -> tuple[str | None, ...]:
    """What made the all-crime change: offence groups, subgroups and areas, each adding up; then
    each area's own change by offence group."""
    key = dr.ALL_CRIME_KEY
    subgroups = dr.contributors(d, key, "offence_subgroup")
    return (
        dr.change_drivers(d, key, "offence_group", "all recorded crime"),
        subgroups and f"by subgroup, {subgroups}",
        dr.by_area(d, key),
        *(
            dr.change_drivers(d, (area, ALL_CRIME, ALL), "offence_group", f"{area}'s crimes")
            for area in areas
        ),
    )


def offence_groups(f: BoardFigures, d: dr.Drivers) -> str:
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
            phrase = p.extreme_phrase(lowest, not lowest)
            several = "counts for {} were each" if len(named) > 1 else "count for {} was"
            extremes.append(f"the discrete monthly {several.format(p.join_words(named))} {phrase}")
    reasons: dict[str | None, list[str]] = {}
    for g in f.groups:
        if g.pct_change.value is None and not w.history_only(g.pct_change):
            reasons.setdefault(g.pct_change.reason, []).append(g.label)
    gaps = [
        f"changes over the 12 months to {t.month} for {p.join_words(labels)} are "
        + p.not_available(reason)
        for reason, labels in reasons.items()
    ]
    drivers = all_crime_drivers(d, f.areas) if f.all_crime.pct_change.available else ()
    return w.join_sentences(text, *drivers, *extremes, *gaps, group_signals(f))


def pp_rate_all_crime(f: BoardFigures, d: dr.Drivers) -> str:
    subject = "the rolling 12 month all crime prosecution possible outcome rate (in-period basis)"
    current = f.pp_rate.in_period.current
    trend = w.rate_trend(f.pp_rate.in_period)
    decomposed = None
    if trend:
        headline = f"{subject} {trend} and is now at {w.rate(current)}"
        decomposed = dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group")
    elif current.available:
        headline = f"{subject} is {w.rate(current)}"
        previous = f.pp_rate.in_period.previous
        if not w.history_only(previous):
            headline += "; the previous month's rate is " + p.not_available(previous.reason)
    elif w.history_only(current):
        headline = None
    else:
        headline = f"{subject} is {w.rate(current)}"
    cohort_rate = f.pp_rate.cohort.current
    cohort = (
        None
        if w.history_only(cohort_rate)
        else "on the cohort basis (the Home Office method, which understates recent months) it is "
        + w.rate(cohort_rate)
    )
    return w.join_sentences(headline, decomposed, cohort)


def offence_group_table(f: BoardFigures) -> dict[str, object]:
    """The 2.1 table: every offence group, all crime last (a total row)."""
    rows = []
    for g in (*f.groups, f.all_crime):
        flag = p.extreme_phrase(g.lowest_in_12, g.highest_in_12)
        extreme = ("lowest in 12" if g.lowest_in_12 else "highest in 12") if flag else ""
        rows.append(
            [
                g.label,
                w.count(g.month),
                w.count(g.r12),
                w.count(g.prev_r12),
                w.signed(g.pct_change),
                extreme,
            ]
        )
    month = p.month_label(f.reporting_month)
    window = month if w.history_only(f.all_crime.r12) else f"12 months to {month}"
    return {
        "caption": f"Recorded crime by offence group, {window}",
        "headers": [
            "Offence group",
            month,
            "12 months",
            "Previous 12",
            "Change",
            "Against the last 12 months",
        ],
        "rows": rows,
        "total_last": True,
    }


def headline_charts(f: BoardFigures, outcome_basis: str = "") -> tuple[charts.Chart, ...]:
    """All recorded crime against its process limits, its 12 month total and the prosecution
    possible outcome rate: the first charts of 2.1, whatever the source; `outcome_basis`
    qualifies the rate (e.g. nearest outcome group)."""
    s = f.series
    made = (
        charts.xmr_chart(
            "all-crime",
            "All recorded crime by month",
            "Crimes in month",
            judge(s.all_crime_month),
            p.format_count,
            "Crimes recorded",
        ),
        charts.line_chart(
            "all-crime-r12",
            "All recorded crime: rolling 12 month total",
            {"Rolling 12 month total": s.all_crime_r12},
            p.format_count,
            "Crimes, rolling 12 months",
        ),
        charts.rate_chart(
            "pp-rate",
            f"Prosecution possible outcome rate{outcome_basis}, all crime, rolling 12 months",
            {"In-period basis": s.pp_rate_in_period, "Cohort basis": s.pp_rate_cohort},
            "Prosecution-possible rate (%)",
        ),
    )
    return tuple(c for c in made if c)


def area_chart(f: BoardFigures) -> charts.Chart | None:
    """The areas compared, offence group by offence group: the 12 month change."""
    return charts.comparison_chart(
        "area-groups",
        f"Change in recorded crime by offence group and area, 12 months to {w.texts(f).month}",
        [g.label for g in f.groups],
        {a: [g.pct_change.value for g in f.groups_by_area[a]] for a in f.areas},
        lambda v: p.format_pct(v, signed=True),
        "Change on the previous 12 months (%)",
        charts.percent_tick,
    )


def _charts_21(f: BoardFigures) -> tuple[charts.Chart, ...]:
    outcome16 = charts.rate_chart(
        "o16-share",
        "Outcome 16 share of outcomes, rolling 12 months",
        {"Domestic abuse": f.series.o16_share_da, "All crime": f.series.o16_share},
        "Outcome 16 share (%)",
    )
    made = (*headline_charts(f), outcome16, area_chart(f))
    return tuple(c for c in made if c)


@dataclass(frozen=True)
class Headlines:
    number: str = "2.1"
    title: str = TITLE
    reads: tuple[str, ...] = (*FIGURE_MARTS, *dr.MARTS, NATIONAL_COMPARATORS)

    def build(self, context: PaperContext) -> NumberedSection:
        f, drivers = context.figures, context.loaded(dr.load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                all_crime_trend(f),
                offence_groups(f, drivers),
                pp_rate_all_crime(f, drivers),
                outcome16(f, drivers, national_figure(context, "outcome16_share")),
                disposals(f),
            ),
            context.commentary.for_section(self.number),
            charts=context.charts(self.number, lambda: _charts_21(f)),
            tables=(offence_group_table(f),),
        )


def anti_social_behaviour(context: PaperContext) -> str:
    m = context.reporting_month
    month, r12, months = context.con.execute(
        f"""
        select coalesce(sum(anti_social_behaviour) filter (where reporting_month = ?), 0)::bigint,
               coalesce(sum(anti_social_behaviour), 0)::bigint, count(*)
        from {QUIRKS_MART}
        where force_id = ? and reporting_month between ? and ?
        """,
        [m, context.force_id, add_months(m, -11), m],
    ).fetchall()[0]
    t = p.month_label(m)
    window = f"in {p.window(months, t)}"
    column, first = "anti_social_behaviour", add_months(m, -11)
    r12_shown = mark(
        p.format_count(r12), derived(QUIRKS_MART, f"sum of {column}", reporting_month=(first, m))
    )
    month_shown = mark(p.format_count(month), derived(QUIRKS_MART, column, reporting_month=m))
    return p.sentence(
        f"{r12_shown} anti-social behaviour reports were published {window} "
        f"({month_shown} in {p.month_name(m)}); they are counted "
        "separately and never as crime"
    )


@dataclass(frozen=True)
class PublishedDataHeadlines:
    number: str = "2.1"
    title: str = "Performance Headlines"
    reads: tuple[str, ...] = (*FIGURE_MARTS, *dr.MARTS, QUIRKS_MART)

    def build(self, context: PaperContext) -> NumberedSection:
        f, drivers = without_unknown_type(context.figures), context.loaded(dr.load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                all_crime_trend(f),
                offence_groups(f, drivers),
                anti_social_behaviour(context),
                pp_rate_all_crime(f, drivers),
            ),
            context.commentary.for_section(self.number),
            charts=context.charts(
                self.number, lambda: headline_charts(f, " (nearest outcome group)")
            ),
            tables=(offence_group_table(f),),
        )


PAPERS = (
    Placed("force_extracts", (2, 1), Headlines()),
    Placed("police_uk", (2, 1), PublishedDataHeadlines()),
)
