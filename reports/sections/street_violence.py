"""Section 2.3, serious street based violence (a priority of the force-extracts paper): violence
with injury, robbery and possession of weapons; the data.police.uk paper keeps robbery and weapons,
the two it can show."""

from __future__ import annotations

from dataclasses import dataclass

from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import BoardFigures, without_unknown_type
from reports.figures_from_marts import FIGURE_MARTS
from reports.paper import NumberedSection, PaperContext, Placed


def violence_with_injury(f: BoardFigures) -> str:
    t, s = w.texts(f), f.street_violence
    volume = w.volume_change(
        "the rolling 12 month total of violence with injury offences",
        s.vwi,
        "has",
        "on the previous 12 months",
        f"{w.count(s.vwi.r12)} offences in the 12 months to {t.month}",
    )
    if s.vwi.pct_change.available:
        volume = w.then(volume, w.area_volumes(s.vwi_by_area))
    subject = "the 12 month prosecution possible outcome rate for violence with injury"
    trend = w.rate_trend(s.vwi_pp_rate)
    outcome = (
        f"{subject} {trend} and is currently at {w.rate(s.vwi_pp_rate.current)}"
        if trend
        else f"{subject} is {w.rate(s.vwi_pp_rate.current)}"
    )
    return w.join_sentences(volume, outcome)


def robbery(f: BoardFigures) -> str:
    t, s = w.texts(f), f.street_violence
    volume = w.volume_change(
        "robbery offences", s.robbery, "have", f"over the 12 months to {t.month}"
    )
    extreme = p.extreme_phrase(s.robbery.lowest_in_12, s.robbery.highest_in_12)
    month = (
        f"{t.month_name}'s discrete month figure ({w.count(s.robbery.month)}) was {extreme}"
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
        outcome = f"{subject} for the 12 months to {t.month} is {w.rate(cur)}"
    return w.join_sentences(volume, month, outcome)


def possession_of_weapons(f: BoardFigures) -> str:
    t, s = w.texts(f), f.street_violence
    text = w.volume_change(
        "possession of weapons offences", s.weapons, "have", f"over the 12 months to {t.month}"
    )
    if s.weapons.pct_change.available:
        text = w.then(text, w.area_volumes(s.weapons_by_area))
    return w.join_sentences(text)


def _charts_23(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = (
        charts.line_chart(
            "robbery",
            "Robbery: recorded offences by month",
            {"Robbery": f.series.robbery_month},
            p.format_count,
            "Offences",
        ),
        charts.line_chart(
            "vwi",
            "Violence with injury: rolling 12 month total",
            {"Violence with injury": f.series.vwi_r12},
            p.format_count,
            "Rolling 12 months",
        ),
    )
    return tuple(c for c in made if c)


@dataclass(frozen=True)
class StreetViolence:
    number: str = "2.3"
    title: str = "Serious Street Based Violence"
    reads: tuple[str, ...] = FIGURE_MARTS

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.figures
        return NumberedSection(
            self.number,
            self.title,
            (violence_with_injury(f), robbery(f), possession_of_weapons(f)),
            context.commentary.for_section(self.number),
            charts=_charts_23(f),
        )


def _robbery_and_weapons(f: BoardFigures) -> tuple[str, ...]:
    t, s = w.texts(f), f.street_violence
    weapons = w.volume_change(
        "possession of weapons offences",
        s.weapons,
        "have",
        f"over the 12 months to {t.month}",
        f"{w.count(s.weapons.r12)} offences",
    )
    return (robbery(f), p.sentence(weapons))


@dataclass(frozen=True)
class RobberyAndWeapons:
    number: str = "2.3"
    title: str = "Robbery and Possession of Weapons"
    reads: tuple[str, ...] = FIGURE_MARTS

    def build(self, context: PaperContext) -> NumberedSection:
        return NumberedSection(
            self.number,
            self.title,
            _robbery_and_weapons(without_unknown_type(context.figures)),
            context.commentary.for_section(self.number),
        )


PAPERS = (
    Placed("force_extracts", (2, 3), StreetViolence()),
    Placed("police_uk", (2, 3), RobberyAndWeapons()),
)
