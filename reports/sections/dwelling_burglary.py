"""Section 2.2, dwelling burglary (a priority of the force-extracts paper): response time,
prosecution possible outcome rate by area, volume and offences taken into consideration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reports import charts
from reports import drivers as dr
from reports import figure_words as w
from reports import phrases as p
from reports.figures import (
    ALL,
    RESIDENTIAL_BURGLARY,
    THEFT,
    BoardFigures,
    DwellingBurglary,
    Rate,
)
from reports.figures_from_marts import FIGURE_MARTS
from reports.judgement import judge
from reports.paper import NumberedSection, PaperContext, Placed, paragraphs
from reports.season_words import expectation_sentence, usual_move_sentence
from reports.signal_words import signal_sentence


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
        if cur is not None and prev is not None:
            # The change, as 2.3 brackets changes; the level is in the main clause.
            details[area] = w.points_change(r.current, r.previous)
    return directions, details


BURGLARY_KEY = (ALL, THEFT, RESIDENTIAL_BURGLARY)


def burglary_response_and_outcomes(f: BoardFigures, d: dr.Drivers) -> str:
    t, b = w.texts(f), f.burglary
    response = _response_sentence(b, t)
    cur, prev = b.pp_rate.current, b.pp_rate.previous
    subject = "the 12 month prosecution possible outcome rate for dwelling burglary"
    decomposed = None
    if cur.value is not None and prev.value is not None:
        outcome = f"{subject} {w.rate_level(cur, prev)}"
        decomposed = dr.rate_decomposition(d, BURGLARY_KEY, "area")
    elif w.history_only(cur):
        outcome = None
    else:
        outcome = f"{subject} is {w.rate(cur)}"
    if cur.available:
        outcome = w.then(outcome, p.area_clause(*_area_rates(b.pp_rate_by_area), kind="rate"))
    signal = signal_sentence(
        f"{t.month_name}'s median", judge(f.series.burglary_prompt_median), p.format_minutes
    )
    return w.join_sentences(response, signal, outcome, decomposed)


def _response_sentence(b: DwellingBurglary, t: w.Texts) -> str:
    subject = "the median response time for prompt graded dwelling burglary"
    cur, prev = b.response.median_month, b.response.median_previous_month
    n = f"{w.count(b.response.incidents_month)} incidents"
    if cur.value is not None and prev.value is not None:
        if p.format_minutes(cur.value) == p.format_minutes(prev.value):
            return (
                f"{subject} was unchanged at {w.show(cur, p.format_minutes)} in {t.month}, as in "
                f"{t.previous_month} ({n})"
            )
        return (
            f"{subject} {p.response_time_word(cur.value, prev.value)}, from "
            f"{w.show(prev, p.format_minutes)} in {t.previous_month} to "
            f"{w.show(cur, p.format_minutes)} in {t.month} ({n})"
        )
    if cur.value is not None:
        text = f"{subject} was {w.show(cur, p.format_minutes)} in {t.month} ({n})"
        if w.history_only(prev):
            return text
        return text + "; the previous month's figure is " + p.not_available(prev.reason)
    return f"{subject} in {t.month} is " + w.show(cur, p.format_minutes)


def burglary_volume_and_tic(f: BoardFigures, d: dr.Drivers) -> str:
    t, b = w.texts(f), f.burglary
    volume = w.volume_change(
        "recorded dwelling burglary",
        b.volume,
        "has",
        f"over the 12 months to {t.month}",
        f"{w.count(b.volume.r12)} offences" if b.volume.r12.available else None,
        noun="dwelling burglary offences",
        month=t.month,
    )
    drivers = (
        dr.change_drivers(d, BURGLARY_KEY, "area", "dwelling burglary offences")
        if b.volume.pct_change.available
        else None
    )
    judged = judge(f.series.burglary_month)
    signal = signal_sentence(
        f"{t.month_name}'s count of dwelling burglaries", judged, p.format_count
    )
    expected = expectation_sentence("dwelling burglaries", judged, p.format_count)
    move = usual_move_sentence("dwelling burglary", judged)
    return w.join_sentences(volume, drivers, signal, expected, move, _tic(b, t))


def _tic(b: DwellingBurglary, t: w.Texts) -> str | None:
    what = "burglary offences taken into consideration (TIC)"
    if not b.tic_r12.available:
        return (
            None if w.history_only(b.tic_r12) else f"the number of {what} is {w.count(b.tic_r12)}"
        )
    tic = f"{what} numbered {w.count(b.tic_r12)} in the 12 months to {t.month}"
    if b.tic_r12_year_earlier.available:
        tic += f", against {w.count(b.tic_r12_year_earlier)} in the 12 months to {t.year_earlier}"
    elif not w.history_only(b.tic_r12_year_earlier):
        tic += f"; the figure for the 12 months to {t.year_earlier} is " + w.count(
            b.tic_r12_year_earlier
        )
    return tic


def _charts_22(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = (
        charts.xmr_chart(
            "burglary-volume",
            "Dwelling burglary: recorded offences by month",
            "Offences in month",
            judge(f.series.burglary_month),
            p.format_count,
            "Offences recorded",
        ),
        charts.xmr_chart(
            "burglary-response",
            "Median attendance time, prompt graded dwelling burglary, by month",
            "Median minutes",
            judge(f.series.burglary_prompt_median),
            p.format_minutes,
            "Median attendance (minutes)",
            charts.minutes_tick,
        ),
    )
    return tuple(c for c in made if c)


@dataclass(frozen=True)
class DwellingBurglarySection:
    number: str = "2.2"
    title: str = "Dwelling Burglary"
    reads: tuple[str, ...] = (*FIGURE_MARTS, *dr.MARTS)

    def build(self, context: PaperContext) -> NumberedSection:
        f, d = context.figures, context.loaded(dr.load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(
                burglary_response_and_outcomes(f, d),
                burglary_volume_and_tic(f, d),
            ),
            context.commentary.for_section(self.number),
            charts=context.charts(self.number, lambda: _charts_22(f)),
            lead="Priority Updates",
        )


PAPERS = (Placed("force_extracts", (2, 2), DwellingBurglarySection()),)
