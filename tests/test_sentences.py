"""Every sentence builder stays grammatical whatever is missing.

The figures are made by hand: every field of a section's figures is filled by its type, and a
scenario decides each figure (all there, a first month where only the month's own counts exist,
nothing at all for want of history, nothing for a gap in the months). No builder may print "None",
a bare "not available" inside a clause ("made up not available of outcomes"), or the short-history
reason the section's top already states.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from data_contracts.calendar import add_months
from reports import history as h
from reports.drivers import Drivers
from reports.figures import BoardFigures, Series, Value
from reports.sections import (
    case_files,
    custody,
    domestic_abuse_protection,
    dwelling_burglary,
    headline_outcomes,
    headlines,
    imu_queues,
    offender_sentences,
    rape,
    street_violence,
)
from reports.sections.headline_outcomes import NationalFigure, national_sentence

MONTH = date(2024, 9, 1)
HISTORY = "no data before 2024-09"
GAP = "missing months: 2024-07"
LABEL = "September 2024"
MONTHS = tuple(add_months(MONTH, k - 23) for k in range(24))

# A figure of the month itself: present in a first month. Every other figure needs history.
MONTH_FIELDS = re.compile(
    r"(^|\.)(month|median_month|incidents_month|tic_month|oocd_month|open_items|oldest_days"
    r"|entrants_month|assessed|with_errors|error_rate|advice_decisions|advice_rejected"
    r"|rejection_rate|turnaround|offences)$"
)

Scenario = Callable[[str], Value]
SCENARIOS: dict[str, Scenario] = {
    "all there": lambda path: Value(12.0),
    "first month": lambda path: Value(57.0) if MONTH_FIELDS.search(path) else Value(None, HISTORY),
    "no history": lambda path: Value(None, HISTORY),
    "a gap": lambda path: Value(None, GAP),
}


def fill(cls: type, scenario: Scenario, path: str = "") -> Any:
    """An instance of the dataclass `cls` with every field filled by its type."""
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.init:
            values[f.name] = _value(hints[f.name], scenario, f"{path}{f.name}")
    return cls(**values)


def _value(kind: Any, scenario: Scenario, path: str) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    present = scenario(path).available
    if kind is Value:
        return scenario(path)
    if kind is Series:
        return Series(MONTHS, tuple(float(k % 5 + 10) if present else None for k in range(24)))
    if kind is date:
        return MONTH
    if kind is str:
        return LABEL if path.endswith("month") else "Robbery"
    if dataclasses.is_dataclass(kind):
        return fill(kind, scenario, path + ".")
    if origin in (typing.Union, types.UnionType):  # X | None: None unless the figure is there
        inner = next(a for a in args if a is not type(None))
        if inner is str:
            return scenario(path).reason
        return _value(inner, scenario, path) if present else None
    if kind in (int, float):
        return 12
    if kind is bool:
        return False
    if origin is dict or origin is typing.get_origin(typing.Mapping[str, int]):
        if args and dataclasses.is_dataclass(args[1]):
            return {a: fill(args[1], scenario, f"{path}.") for a in ("North", "South")}
        return {}
    if origin is tuple:
        if args and dataclasses.is_dataclass(args[0]):
            return (fill(args[0], scenario, f"{path}."),)
        return ()
    raise TypeError(f"no filler for {kind} at {path}")


def board(name: str) -> BoardFigures:
    return fill(BoardFigures, SCENARIOS[name])


def row(name: str, columns: tuple[str, ...], month_columns: tuple[str, ...]) -> dict[str, Any]:
    """A mart row: every column null, or 5 when there; `month_columns` exist in a first month."""
    scenario = SCENARIOS[name]
    out: dict[str, Any] = {}
    for c in columns:
        v = scenario("month" if c in month_columns else c)
        out[c] = 5 if v.available else None
    reasons = {"all there": None, "first month": HISTORY, "no history": HISTORY, "a gap": GAP}
    out["unavailable_reason"] = reasons[name]
    return out


CUSTODY_COLUMNS = (
    "detainees_month", "detainees_r12", "detained_people_month", "detained_people_r12",
    "va_attendances_month", "va_attendances_r12",
    "va_captures_month", "va_captures_r12", "fingerprints_rate_month", "dna_rate_month",
    "photo_rate_month", "fingerprints_rate_r12", "dna_rate_r12", "photo_rate_r12",
    "fingerprints_eligible_r12", "dna_eligible_r12", "photo_eligible_r12",
)  # fmt: skip
CUSTODY_MONTH = (
    "detainees_month", "detained_people_month", "va_attendances_month", "va_captures_month",
    "fingerprints_rate_month", "dna_rate_month", "photo_rate_month",
)  # fmt: skip
DVPN_COLUMNS = (
    "dvpn_applications_month", "dvpn_authorised_month", "dvpos_granted_month",
    "dvpn_applications_r12", "dvpn_authorised_r12", "dvpo_applications_r12", "dvpos_granted_r12",
    "authorisation_rate_r12", "dvpo_application_rate_r12", "grant_rate_r12", "hearings_r12",
    "median_hours_to_hearing_r12",
)  # fmt: skip
DVPN_MONTH = ("dvpn_applications_month", "dvpn_authorised_month", "dvpos_granted_month")


def _custody(name: str) -> tuple[str | None, ...]:
    r = row(name, CUSTODY_COLUMNS, CUSTODY_MONTH)
    return (
        custody.detainees_sentence(r, LABEL),
        custody.voluntary_attendance_sentence(r, LABEL),
        custody.capture_sentence(r, LABEL),
    )


def _dvpn(name: str) -> tuple[str | None, ...]:
    r = row(name, DVPN_COLUMNS, DVPN_MONTH)
    return (
        domestic_abuse_protection.month_sentence(r, LABEL),
        domestic_abuse_protection.r12_sentence(r, LABEL),
        domestic_abuse_protection.hearing_sentence(r, LABEL),
    )


def _entrants(name: str) -> tuple[str | None, ...]:
    f = fill(offender_sentences.FirstTimeEntrants, SCENARIOS[name])
    return (offender_sentences.first_time_entrants(f),)


# Sentences without the drivers marts' rows (tests/test_drivers.py words them).
NO_DRIVERS = Drivers({}, {})

BUILDERS: dict[str, Callable[[str], tuple[str | None, ...]]] = {
    "2.1 headlines": lambda n: (
        headlines.all_crime_trend(board(n)),
        headlines.offence_groups(board(n), NO_DRIVERS),
        headlines.pp_rate_all_crime(board(n), NO_DRIVERS),
        headline_outcomes.outcome16(board(n), NO_DRIVERS),
        headline_outcomes.disposals(board(n)),
    ),
    "2.2 dwelling burglary": lambda n: (
        dwelling_burglary.burglary_response_and_outcomes(board(n), NO_DRIVERS),
        dwelling_burglary.burglary_volume_and_tic(board(n), NO_DRIVERS),
    ),
    "2.3 street violence": lambda n: (
        street_violence.violence_with_injury(board(n), NO_DRIVERS),
        street_violence.robbery(board(n), NO_DRIVERS),
        street_violence.possession_of_weapons(board(n), NO_DRIVERS),
    ),
    "2.4 rape": lambda n: rape.paragraphs(fill(rape.RapeFigures, SCENARIOS[n]), NO_DRIVERS),
    "2.5 IMU queues": lambda n: imu_queues.paragraphs(fill(imu_queues.QueueFigures, SCENARIOS[n])),
    "2.6 custody": _custody,
    "3.1.3 DVPN": _dvpn,
    "3.2.1 first-time entrants": _entrants,
    "3.2.2 case files": lambda n: case_files.paragraphs(
        fill(case_files.CaseFileFigures, SCENARIOS[n]), None
    ),
}

# "not available" ends its clause (full stop, semicolon, comma, "and" or the end) after its reason.
CLAUSE_END = re.compile(r"not available(?: \([^()]*\))?(?=[.;,]|$| and )")


def check_grammar(text: str) -> None:
    assert "None" not in text and "nan" not in text.split() and "{" not in text, text
    assert "  " not in text and " ." not in text and " ," not in text and ",." not in text, text
    assert ".." not in text and ";." not in text and "()" not in text, text
    assert len(CLAUSE_END.findall(text)) == text.count("not available"), text
    for sentence in re.split(r"(?<=\.) ", text):
        assert sentence[:1].isupper() or sentence[:1].isdigit(), sentence
        assert sentence.endswith("."), sentence


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("section", list(BUILDERS))
def test_every_sentence_stays_whole(section: str, scenario: str) -> None:
    texts = [t for t in BUILDERS[section](scenario) if t]
    for text in texts:
        check_grammar(text)
    if scenario in ("first month", "no history"):
        # The short history is the section's top note's to state, once: never figure by figure.
        assert not any("no data before" in t for t in texts), texts
    if scenario == "first month":
        # What needs history is left out; what the month has is said.
        assert texts and not any("not available" in t for t in texts), texts
    if scenario == "a gap" and section.startswith("2."):
        assert any(GAP in t for t in texts), texts


def test_the_first_month_says_what_it_can() -> None:
    f = board("first month")
    assert headlines.all_crime_trend(f) == "57 crimes were recorded in September alone."
    assert headline_outcomes.disposals(f) == (
        "57 crimes were resolved as taken into consideration (TIC) in September 2024. "
        "57 out-of-court disposals were given in September 2024."
    )
    assert (
        street_violence.robbery(f, NO_DRIVERS)
        == "57 robbery offences were recorded in September 2024."
    )
    assert dwelling_burglary.burglary_response_and_outcomes(f, NO_DRIVERS) == (
        "The median response time for prompt graded dwelling burglary was 57.0 minutes in "
        "September 2024 (57 incidents)."
    )


def test_a_gap_is_named_where_it_bites() -> None:
    f = board("a gap")
    assert headline_outcomes.outcome16(f, NO_DRIVERS) == (
        "The share of outcomes that were outcome 16 disposals (victim does not support or has "
        "withdrawn from police action) in the 12 months to September 2024 is not available "
        f"({GAP}). The share of outcomes that were outcome 16 closures of domestic abuse cases in "
        f"the 12 months to September 2024 is not available ({GAP})."
    )
    assert headlines.all_crime_trend(f).startswith(
        f"The trend in the 12 month recorded crime total is not available ({GAP})."
    )


@pytest.mark.parametrize(
    ("have", "expected"),
    [
        (
            1,
            "Not yet available: the data start in September 2024 (one month of data), so this "
            "section leaves out comparisons with the previous month (from October 2024), process "
            "limits and signals (from February 2025), 12 month totals and rates (from August "
            "2025), trends in the 12 month totals (from September 2025) and changes on the "
            "previous 12 months and year-earlier comparisons (from August 2026).",
        ),
        (
            12,
            "Not yet available: the data start in September 2024 (twelve months of data), so "
            "this section leaves out trends in the 12 month totals (from September 2025) and "
            "changes on the previous 12 months and year-earlier comparisons (from August 2026).",
        ),
        (24, None),
    ],
)
def test_the_history_note(have: int, expected: str | None) -> None:
    reporting_month = add_months(MONTH, have - 1)
    assert h.history_note(MONTH, reporting_month, h.FIGURE_NEEDS, None) == expected
    # the data start where the paper's do: the background has said it, the section says nothing
    assert h.history_note(MONTH, reporting_month, h.FIGURE_NEEDS, MONTH) is None
    later = add_months(MONTH, -3)
    assert h.history_note(MONTH, reporting_month, h.FIGURE_NEEDS, later) == expected


def test_the_note_reads_where_the_data_start_from_a_reason() -> None:
    assert h.data_start(Value(1.0), Value(None, f"{GAP}; {HISTORY}")) == MONTH
    assert h.data_start(Value(None, GAP)) is None
    assert h.row_note({"unavailable_reason": GAP}, MONTH, h.FIGURE_NEEDS, None) is None


def test_a_national_comparator_says_its_period_first_and_an_old_one_is_out_of_date() -> None:
    """The national share is a sentence of its own, its period first and no brackets within
    brackets; one whose period ends before the reporting year (September 2024's runs from
    October 2023) is flagged, not compared."""
    source = "Home Office, Crime outcomes (as quoted in June 2024)"
    current = NationalFigure(Value(0.21), "12 months to March 2024", source)
    assert national_sentence(current, MONTH) == (
        "in the 12 months to March 2024, outcome 16 disposals made up 21.0% of outcomes "
        "nationally; source: Home Office, Crime outcomes (as quoted in June 2024)"
    )
    # October 2023 is the first month of the 12 months to September 2024: still current
    edge = NationalFigure(Value(0.21), "year ending October 2023", source)
    assert national_sentence(edge, MONTH).startswith("in the year ending October 2023, ")
    stale = NationalFigure(Value(0.21), "12 months to September 2023", source)
    assert national_sentence(stale, MONTH) == (
        "the latest national figure held for the outcome 16 share, for the 12 months to "
        "September 2023, ends before the 12 months to September 2024: it is out of date, so this "
        "paper makes no national comparison"
    )
    assert national_sentence(None, MONTH) is None
    unknown = NationalFigure(Value(0.21), "2023/24", source)
    assert national_sentence(unknown, MONTH) == (
        "the latest national figure held for the outcome 16 share, for the 2023/24, does not "
        "name the month it ends, so this paper makes no national comparison"
    )


@pytest.mark.parametrize(
    ("pct", "words"),
    [
        (0.0004, "unchanged on"),  # rounds to zero: never "little changed (0%)"
        (0.012, "little changed (+1.2%) on"),
        (-0.035, "down 3.5% on"),
        (0.12, "up 12.0% on"),  # one decimal, as "down 16.9%" beside it
    ],
)
def test_a_queue_change_in_words(pct: float, words: str) -> None:
    q = imu_queues.Queue("All", Value(100.0), Value(100.0), Value(pct), Value(3.0))
    assert imu_queues.change_words(q) == words
