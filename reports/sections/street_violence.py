"""Section 2.3, serious street based violence (a priority of the force-extracts paper): violence
with injury, robbery and possession of weapons; the data.police.uk paper keeps robbery and weapons,
the two it can show."""

from __future__ import annotations

from dataclasses import dataclass

from reports import charts
from reports import drivers as dr
from reports import figure_words as w
from reports import phrases as p
from reports.figures import (
    ALL,
    ROBBERY,
    VIOLENCE,
    VIOLENCE_WITH_INJURY,
    WEAPONS,
    BoardFigures,
    without_unknown_type,
)
from reports.figures_from_marts import FIGURE_MARTS
from reports.judgement import judge
from reports.paper import NumberedSection, PaperContext, Placed, paragraphs
from reports.season_words import expectation_sentence, usual_move_sentence
from reports.signal_words import signal_sentence

VWI_KEY = (ALL, VIOLENCE, VIOLENCE_WITH_INJURY)
ROBBERY_KEY = (ALL, ROBBERY, ALL)
WEAPONS_KEY = (ALL, WEAPONS, ALL)


def violence_with_injury(f: BoardFigures, d: dr.Drivers) -> str:
    t, s = w.texts(f), f.street_violence
    volume = w.volume_change(
        "the rolling 12 month total of violence with injury offences",
        s.vwi,
        "has",
        "on the previous 12 months",
        f"{w.count(s.vwi.r12)} offences in the 12 months to {t.month}"
        if s.vwi.r12.available
        else None,
        noun="violence with injury offences",
        month=t.month,
    )
    if s.vwi.pct_change.available:
        volume = w.then(volume, w.area_volumes(s.vwi_by_area))
    drivers = (
        dr.change_drivers(d, VWI_KEY, "area", "violence with injury offences")
        if s.vwi.pct_change.available
        else None
    )
    subject = "the 12 month prosecution possible outcome rate for violence with injury"
    trend = w.rate_trend(s.vwi_pp_rate)
    current = s.vwi_pp_rate.current
    decomposed = None
    if trend:
        outcome: str | None = f"{subject} {trend} and is currently at {w.rate(current)}"
        decomposed = dr.rate_decomposition(d, VWI_KEY, "area")
    elif w.history_only(current):
        outcome = None
    else:
        outcome = f"{subject} is {w.rate(current)}"
    judged = judge(f.series.vwi_month)
    signal = signal_sentence(
        f"{t.month_name}'s count of violence with injury offences", judged, p.format_count
    )
    expected = expectation_sentence("violence with injury offences", judged, p.format_count)
    move = usual_move_sentence("violence with injury", judged)
    return w.join_sentences(volume, drivers, signal, expected, move, outcome, decomposed)


def robbery(f: BoardFigures, d: dr.Drivers) -> str:
    t, s = w.texts(f), f.street_violence
    volume = w.volume_change(
        "robbery offences",
        s.robbery,
        "have",
        f"over the 12 months to {t.month}",
        noun="robbery offences",
        month=t.month,
    )
    extreme = p.extreme_phrase(s.robbery.lowest_in_12, s.robbery.highest_in_12)
    month = (
        f"{t.month_name}'s discrete month figure ({w.count(s.robbery.month)}) was {extreme}"
        if extreme
        else None
    )
    drivers = (
        (
            dr.change_drivers(d, ROBBERY_KEY, "offence_subgroup", "robbery offences"),
            dr.by_area(d, ROBBERY_KEY),
        )
        if s.robbery.pct_change.available
        else ()
    )
    cur, prev = s.robbery_pp_rate.current, s.robbery_pp_rate.previous
    subject = "the prosecution possible outcome rate for robbery offences"
    decomposed = None
    if cur.value is not None and prev.value is not None:
        outcome = f"{subject} {w.rate_level(cur, prev)} for the 12 months to {t.month}"
        decomposed = dr.rate_decomposition(d, ROBBERY_KEY, "offence_subgroup")
    elif w.history_only(cur):
        outcome = None
    else:
        outcome = f"{subject} for the 12 months to {t.month} is {w.rate(cur)}"
    judged = judge(f.series.robbery_month)
    signal = signal_sentence(f"{t.month_name}'s count of robbery offences", judged, p.format_count)
    expected = expectation_sentence("robbery offences", judged, p.format_count)
    move = usual_move_sentence("robbery", judged)
    return w.join_sentences(volume, *drivers, month, signal, expected, move, outcome, decomposed)


def possession_of_weapons(f: BoardFigures, d: dr.Drivers) -> str:
    t, s = w.texts(f), f.street_violence
    text = w.volume_change(
        "possession of weapons offences",
        s.weapons,
        "have",
        f"over the 12 months to {t.month}",
        noun="possession of weapons offences",
        month=t.month,
    )
    if s.weapons.pct_change.available:
        text = w.then(text, w.area_volumes(s.weapons_by_area))
        drivers = dr.change_drivers(d, WEAPONS_KEY, "area", "possession of weapons offences")
    else:
        drivers = None
    judged = judge(f.series.weapons_month)
    signal = signal_sentence(
        f"{t.month_name}'s count of possession of weapons offences", judged, p.format_count
    )
    expected = expectation_sentence("possession of weapons offences", judged, p.format_count)
    move = usual_move_sentence("possession of weapons", judged)
    return w.join_sentences(text, drivers, signal, expected, move)


def _charts_23(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = (
        charts.xmr_chart(
            "vwi",
            "Violence with injury: recorded offences by month",
            "Offences in month",
            judge(f.series.vwi_month),
            p.format_count,
            "Offences recorded",
        ),
        robbery_chart(f),
    )
    return tuple(c for c in made if c)


def robbery_chart(f: BoardFigures) -> charts.Chart | None:
    return charts.xmr_chart(
        "robbery",
        "Robbery: recorded offences by month",
        "Offences in month",
        judge(f.series.robbery_month),
        p.format_count,
        "Offences recorded",
    )


@dataclass(frozen=True)
class StreetViolence:
    number: str = "2.3"
    title: str = "Serious Street Based Violence"
    reads: tuple[str, ...] = (*FIGURE_MARTS, *dr.MARTS)

    def build(self, context: PaperContext) -> NumberedSection:
        f, d = context.figures, context.loaded(dr.load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                violence_with_injury(f, d),
                robbery(f, d),
                possession_of_weapons(f, d),
            ),
            context.commentary.for_section(self.number),
            charts=context.charts(self.number, lambda: _charts_23(f)),
        )


def _robbery_and_weapons(f: BoardFigures, d: dr.Drivers) -> tuple[str, ...]:
    t, s = w.texts(f), f.street_violence
    weapons = w.volume_change(
        "possession of weapons offences",
        s.weapons,
        "have",
        f"over the 12 months to {t.month}",
        f"{w.count(s.weapons.r12)} offences" if s.weapons.r12.available else None,
        noun="possession of weapons offences",
        month=t.month,
    )
    return (robbery(f, d), w.join_sentences(weapons))


@dataclass(frozen=True)
class RobberyAndWeapons:
    number: str = "2.3"
    title: str = "Robbery and Possession of Weapons"
    reads: tuple[str, ...] = (*FIGURE_MARTS, *dr.MARTS)

    def build(self, context: PaperContext) -> NumberedSection:
        f, d = without_unknown_type(context.figures), context.loaded(dr.load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                *_robbery_and_weapons(f, d),
            ),
            context.commentary.for_section(self.number),
        )


PAPERS = (
    Placed("force_extracts", (2, 3), StreetViolence()),
    Placed("police_uk", (2, 3), RobberyAndWeapons()),
)
