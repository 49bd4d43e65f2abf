"""Section 2.4, rape (reference 2.1.3): the rape subgroup's recorded offences from
marts.crime_volume, the discrete month against the last 12, the rolling 12 month total and its
change, the trend run, and the areas. data.police.uk publishes rape within one "Violence and
sexual offences" category, so its paper says the figures are not available."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb

from reports import charts
from reports import drivers as dr
from reports import figure_words as w
from reports import history as h
from reports import phrases as p
from reports.figures import ALL, Series, Value, Volume
from reports.judgement import JUDGED_MONTHS, judge
from reports.mart_rows import Row, fetch, months_to, series, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.paper import paragraphs as section_paragraphs
from reports.plan import Unavailable
from reports.season_words import expectation_sentence, usual_move_sentence
from reports.signal_words import signal_sentence

SEXUAL_OFFENCES = "Sexual offences"
RAPE = "Rape"
HISTORY_MONTHS = 24
SUBJECT = "the rolling 12 month total of rape offences"

_SQL = """
select reporting_month, area, offence_group, offence_subgroup, crimes, crimes_r12,
       crimes_prev_r12, r12_change, r12_pct_change, is_small_base, r12_rising_months,
       r12_falling_months, is_lowest_in_12, is_highest_in_12, unavailable_reason
from marts.crime_volume
where force_id = ? and reporting_month between ? and ?
  and offence_group = ? and offence_subgroup = ?
  and (area = 'All' or reporting_month = ?)
"""


@dataclass(frozen=True)
class RapeFigures:
    month: date
    force: Volume
    by_area: dict[str, Volume]
    offences: Series
    offences_r12: Series


def volume(row: Row | None, area: str) -> Volume:
    if row is None:
        gone = Value(None, "no data in the marts")
        return Volume(RAPE, area, gone, gone, gone, gone, gone, None, None, None, None)
    pct = value(row, "r12_pct_change")
    return Volume(
        label=RAPE,
        area=area,
        month=value(row, "crimes"),
        r12=value(row, "crimes_r12"),
        prev_r12=value(row, "crimes_prev_r12"),
        change=value(row, "r12_change"),
        pct_change=replace(pct, small_base=bool(row["is_small_base"])),
        rising_months=row["r12_rising_months"],
        falling_months=row["r12_falling_months"],
        lowest_in_12=row["is_lowest_in_12"],
        highest_in_12=row["is_highest_in_12"],
    )


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> RapeFigures:
    months, judged = months_to(m, HISTORY_MONTHS), months_to(m, JUDGED_MONTHS)
    rows = fetch(con, _SQL, [force_id, judged[0], m, SEXUAL_OFFENCES, RAPE, m])
    force = {r["reporting_month"]: r for r in rows if r["area"] == ALL}
    areas = {r["area"]: r for r in rows if r["reporting_month"] == m and r["area"] != ALL}
    return RapeFigures(
        month=m,
        force=volume(force.get(m), ALL),
        by_area={a: volume(areas[a], a) for a in sorted(areas)},
        offences=series(force, judged, "crimes"),
        offences_r12=series(force, months, "crimes_r12"),
    )


def month_sentence(f: RapeFigures) -> str:
    label = p.month_label(f.month)
    n = f.force.month
    if n.value is None:
        return p.sentence(f"the number of rape offences recorded in {label} is {w.count(n)}")
    noun = "offence was" if round(n.value) == 1 else "offences were"
    text = f"{w.count(n)} rape {noun} recorded in {label}"
    extreme = p.extreme_phrase(f.force.lowest_in_12, f.force.highest_in_12)
    return p.sentence(f"{text}, {extreme}" if extreme else text)


def change_sentence(f: RapeFigures, d: dr.Drivers) -> str:
    v = f.force
    if w.history_only(v.r12):
        return ""  # no 12 month total yet; the month's count is in the first paragraph
    total = f"{w.count(v.r12)} offences in the 12 months to {p.month_label(f.month)}"
    text = w.volume_change(
        SUBJECT,
        v,
        "has",
        "on the previous 12 months",
        total if v.r12.available else None,
        noun="rape offences",
        month=p.month_label(f.month),
    )
    drivers = None
    if v.pct_change.available and f.by_area:
        text = w.then(text, w.area_volumes(f.by_area))
        drivers = dr.change_drivers(d, (ALL, SEXUAL_OFFENCES, RAPE), "area", "rape offences")
    return w.join_sentences(text, drivers)


def trend(f: RapeFigures) -> str | None:
    if w.history_only(f.force.r12):
        return None
    reason = f.force.r12.reason or "the previous month's total is not available"
    start = h.data_start(f.force.pct_change, f.force.r12)
    return p.sentence(
        p.trend_sentence(
            f.force.rising_months,
            f.force.falling_months,
            reason,
            subject="the 12 month total",
            months_of_data=h.months_of_data(start, f.month) if start else None,
        )
    )


def paragraphs(f: RapeFigures, d: dr.Drivers, note: str | None = None) -> tuple[str, ...]:
    judged = judge(f.offences)
    signal = signal_sentence(f"{p.month_name(f.month)}'s count", judged, p.format_count)
    expected = expectation_sentence("rape offences", judged, p.format_count)
    move = usual_move_sentence("recorded rape", judged)
    return section_paragraphs(
        note,
        w.join_sentences(month_sentence(f), signal, expected, move),
        w.join_sentences(change_sentence(f, d), trend(f)),
    )


def chart(f: RapeFigures) -> charts.Chart | None:
    return charts.xmr_chart(
        "rape",
        "Rape: recorded offences by month",
        "Offences in month",
        judge(f.offences),
        p.format_count,
        "Offences recorded",
    )


@dataclass(frozen=True)
class RapeSection:
    number: str = "2.4"
    title: str = "Rape"
    reads: tuple[str, ...] = ("marts.crime_volume", dr.DRIVERS_MART)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                f,
                context.loaded(dr.load),
                h.history_note(
                    h.data_start(f.force.pct_change, f.force.r12),
                    f.month,
                    (h.LIMITS, h.TOTALS, h.TRENDS, h.CHANGES),
                    h.paper_start(context.figures),
                ),
            ),
            context.commentary.for_section(self.number),
            charts=context.charts(self.number, lambda: (chart(f),)),
        )


PAPERS = (
    Placed("force_extracts", (2, 4), RapeSection()),
    Placed(
        "police_uk",
        (2, 6),
        Unavailable(
            "2.6",
            "Rape",
            "separate rape figures (“Violence and sexual offences” is one published category)",
        ),
    ),
)
