"""Section 2.2, dwelling burglary (a priority of the force-extracts paper): response time,
prosecution possible outcome rate by area, volume and offences taken into consideration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import BoardFigures, DwellingBurglary, Rate
from reports.figures_from_marts import FIGURE_MARTS
from reports.paper import NumberedSection, PaperContext, Placed


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
            details[area] = w.rate(r.current)
    return directions, details


def burglary_response_and_outcomes(f: BoardFigures) -> str:
    t, b = w.texts(f), f.burglary
    response = _response_sentence(b, t)
    cur, prev = b.pp_rate.current, b.pp_rate.previous
    subject = "the 12 month prosecution possible outcome rate for dwelling burglary"
    if cur.value is not None and prev.value is not None:
        outcome = f"{subject} {p.rate_level_phrase(cur.value, prev.value)}"
        if cur.small_base:
            outcome += " (small base)"
    else:
        outcome = f"{subject} is {w.rate(cur)}"
    if cur.available:
        outcome = w.then(outcome, p.area_clause(*_area_rates(b.pp_rate_by_area), kind="rate"))
    return w.join_sentences(response, outcome)


def _response_sentence(b: DwellingBurglary, t: w.Texts) -> str:
    subject = "the median response time for prompt graded dwelling burglary"
    cur, prev = b.response.median_month, b.response.median_previous_month
    n = f"{w.count(b.response.incidents_month)} incidents"
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
    t, b = w.texts(f), f.burglary
    volume = w.volume_change(
        "recorded dwelling burglary",
        b.volume,
        "has",
        f"over the 12 months to {t.month}",
        f"{w.count(b.volume.r12)} offences",
    )
    tic = (
        f"burglary offences taken into consideration (TIC) numbered {w.count(b.tic_r12)} in the "
        f"12 months to {t.month}"
    )
    if b.tic_r12_year_earlier.available:
        tic += f", against {w.count(b.tic_r12_year_earlier)} in the 12 months to {t.year_earlier}"
    else:
        tic += f"; the figure for the 12 months to {t.year_earlier} is " + w.count(
            b.tic_r12_year_earlier
        )
    return w.join_sentences(volume, tic)


def _charts_22(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = charts.minutes_chart(
        "burglary-response",
        "Median attendance time, prompt graded dwelling burglary, by month",
        {"Median minutes": f.series.burglary_prompt_median},
    )
    return (made,) if made else ()


@dataclass(frozen=True)
class DwellingBurglarySection:
    number: str = "2.2"
    title: str = "Dwelling Burglary"
    reads: tuple[str, ...] = FIGURE_MARTS

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.figures
        return NumberedSection(
            self.number,
            self.title,
            (burglary_response_and_outcomes(f), burglary_volume_and_tic(f)),
            context.commentary.for_section(self.number),
            charts=_charts_22(f),
            lead="Priority Updates",
        )


PAPERS = (Placed("force_extracts", (2, 2), DwellingBurglarySection()),)
