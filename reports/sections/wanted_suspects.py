"""Objective 3.2.4, tracing offenders (marts.wanted_suspects): wanted suspects outstanding at
month end, the high-risk count and how long the longest-wanted high-risk suspect has been
outstanding (never who), and a table by risk level and time outstanding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from data_contracts.calendar import add_months
from reports import figure_words as w
from reports import phrases as p
from reports.figures import ALL, Value
from reports.mart_rows import fetch, value
from reports.offender_words import days
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section

NUMBER = "3.2.4"
RISK_LEVELS = ("high", "medium", "low")
BANDS = (
    ("0-28", "up to 28 days"),
    ("29-90", "29 to 90 days"),
    ("91-365", "91 days to a year"),
    ("366+", "over a year"),
)

NONE_HIGH = "no high-risk suspect was outstanding"

_SQL = """
select * from marts.wanted_suspects where force_id = ? and reporting_month = ?
"""

Cells = dict[tuple[str, str], Value]


@dataclass(frozen=True)
class WantedFigures:
    month: date
    suspects: Cells  # (risk level, age band) -> count; All for totals
    previous: Cells
    oldest_days: Cells

    def count(self, risk: str = ALL, band: str = ALL) -> Value:
        return self.suspects.get((risk, band), Value(None, "no data in the marts"))


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> WantedFigures:
    rows = {(r["risk_level"], r["age_band"]): r for r in fetch(con, _SQL, [force_id, m])}
    return WantedFigures(
        month=m,
        suspects={k: value(r, "suspects") for k, r in rows.items()},
        previous={k: value(r, "suspects_previous_month") for k, r in rows.items()},
        oldest_days={k: value(r, "oldest_days") for k, r in rows.items()},
    )


def totals_sentence(f: WantedFigures, people: w.People) -> str:
    label = p.month_label(f.month)
    total = f.count()
    if total.value is None:
        return p.sentence(f"wanted suspects outstanding at the end of {label} are {w.count(total)}")
    text = f"at the end of {label}, {people(total)} wanted suspects were outstanding"
    before = f.previous.get((ALL, ALL), Value(None))
    now_read = w.as_read(people(total))
    before_read = w.as_read(people(before)) if before.value is not None else None
    if now_read is not None and before_read is not None:
        # the direction of the figures as printed: the true ones' would tell a small change
        direction = p.relative_direction(now_read, before_read)
        word = {"up": "up from", "down": "down from", "stable": "little changed from"}[direction]
        previous_month = p.month_label(add_months(f.month, -1))
        text += f" ({word} {people(before)} at the end of {previous_month})"
    high = f.count("high")
    if high.value is not None:
        text += f", {people(high)} of them assessed as high risk"
    return p.sentence(text)


def oldest_high_risk(f: WantedFigures, people: w.People) -> str | None:
    high, oldest = f.count("high"), f.oldest_days.get(("high", ALL), Value(None))
    if high.value is None:
        return None
    if high.value == 0:  # a hidden count says nothing about being none
        return None if w.as_read(people(high)) is None else p.sentence(NONE_HIGH)
    if oldest.value is None:
        return None
    return p.sentence(
        f"the longest-outstanding high-risk suspect had been wanted for {w.show(oldest, days)}"
    )


def bands_sentence(f: WantedFigures, people: w.People) -> str | None:
    counts = [(f.count(band=b), words) for b, words in BANDS]
    if f.count().value in (None, 0) or any(v.value is None for v, _ in counts):
        return None
    listed = [f"{people(v)} for {words}" for v, words in counts]
    listed[0] = listed[0].replace(" for ", " had been wanted for ", 1)
    return p.sentence("of those outstanding, " + p.join_words(listed))


def paragraphs(f: WantedFigures, people: w.People) -> tuple[str, ...]:
    first = w.join_sentences(totals_sentence(f, people), oldest_high_risk(f, people))
    bands = bands_sentence(f, people)
    return (first, bands) if bands else (first,)


def risk_table(f: WantedFigures, people: w.People) -> dict[str, object]:
    def cell(risk: str, band: str) -> str:
        v = f.count(risk, band)
        return people(v)

    rows = [
        [label, *(cell(risk, b) for b, _ in BANDS), cell(risk, ALL)]
        for risk, label in (*((r, r.capitalize()) for r in RISK_LEVELS), (ALL, "All"))
    ]
    return {
        "caption": f"Wanted suspects outstanding at the end of {p.month_label(f.month)}, "
        "by risk level and time outstanding",
        "headers": ["Risk level", *(words.capitalize() for _, words in BANDS), "All"],
        "rows": rows,
        "total_last": True,
    }


@dataclass(frozen=True)
class WantedSuspects:
    number: str = NUMBER
    title: str = objective(NUMBER).title
    reads: tuple[str, ...] = ("marts.wanted_suspects",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        tables = (risk_table(f, context.people),) if f.count().value else ()
        return objective_section(context, NUMBER, paragraphs(f, context.people), tables=tables)


PAPERS = (Placed("force_extracts", (3, 2, 4), WantedSuspects()),)
