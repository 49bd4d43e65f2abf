"""The reading rules (tests/reading_rules.py) fire on the sentences the October 2026 paper printed
before they were fixed, and stay quiet on the fixed ones."""

from __future__ import annotations

import pytest

from tests import reading_rules as r

M = "\u2212"


def test_doubled_words() -> None:
    bad = "Of the eligible detainees booked in in the 12 months to October 2026, 94.9% ..."
    (found,) = r.doubled_words(bad)
    assert "booked in in the" in found  # the finding, with the words around it
    assert r.doubled_words("The The paper") == ["The The paper"]
    assert r.doubled_words("Of the detainees booked in during the 12 months") == []


@pytest.mark.parametrize(
    "bad",
    [
        "75 rape offences were recorded in October 2026, the highest it has been in the last 12 "
        "months.",
        "The discrete monthly figures for Theft offences were the lowest they have been.",
        "In October 2026, 1 offences were recorded.",
        "1 people were booked into custody.",
        "At the end of the month 5 person were outstanding.",
        "25 suspects was seen.",
    ],
)
def test_count_noun_disagreements_fire(bad: str) -> None:
    assert len(r.count_noun_disagreements(bad)) == 1, bad


@pytest.mark.parametrize(
    "good",
    [
        "75 rape offences were recorded in October 2026, the highest count in the last 12 months.",
        "1 offence was recorded; 1 person was booked in and 1 is in the IOM cohort.",
        "sentences totalling 1 year and 7 months; +1.0 points; £1 seized; 1 process",
        "In the 12 months has been a quiet year; 1,025 people were booked in.",
        "Of the suspects, 1 remains outstanding.",
        "the highest proportion of outcome 16 disposals was seen for domestic abuse cases",
    ],
)
def test_count_noun_disagreements_stay_quiet(good: str) -> None:
    assert r.count_noun_disagreements(good) == []


def test_unbalanced_brackets() -> None:
    (found,) = r.unbalanced_brackets("North (+0.4 points and South +0.5 points.")
    assert found.startswith("North (+0.4")
    assert r.unbalanced_brackets("a) b") == ["a) b"]
    assert r.unbalanced_brackets("x [y) z]") == ["x [y) z]"]  # "]" still closes "["
    assert r.unbalanced_brackets("(a (b) c) and [d]") == []


def test_nested_brackets() -> None:
    bad = (
        "made up 15.6% of outcomes (nationally 21.0% of outcomes, 12 months to March 2019; "
        "source: Home Office (as quoted in June 2019)), up from 12.9%"
    )
    assert r.nested_brackets(bad) == [
        "(nationally 21.0% of outcomes, 12 months to March 2019; source: Home Office (as quoted "
        "in June 2019))"
    ]
    assert r.nested_brackets("(one) and (two)") == []


def test_no_the() -> None:
    bad = "The data.police.uk files hold no the Integrated Offender Management cohort."
    (found,) = r.no_the(bad)
    assert "hold no the Integrated" in found
    assert r.no_the("There is no theft here and no thefts.") == []


@pytest.mark.parametrize(
    "bad",
    [
        "declines in the North (\u22120.5 points) and little change in the South (0 points)",
        "the mix of areas accounts for 0 points",
        "recorded crime changed by 0% on the year",
        f"changed by {M}0.0% on the year",
        "the count changed by +0 on the month",
    ],
)
def test_empty_comparisons_fire(bad: str) -> None:
    assert len(r.empty_comparisons(bad)) == 1, bad


def test_empty_comparisons_stay_quiet() -> None:
    good = (
        "no change in the South; +0.4 points; 10% and 100.0%; 20.0% of 10 files; a rate of "
        f"0.0% of outcomes; {M}0.3 points; +10 arrests"
    )
    assert r.empty_comparisons(good) == []


def test_mixed_precision() -> None:
    bad = f"Robbery ({M}22%) and Theft ({M}10.1%) fell.\nNorth {M}3.8% and South {M}4.0%."
    assert r.mixed_precision(bad) == [f"Robbery ({M}22%) and Theft ({M}10.1%) fell."]
    # within a paragraph, across its sentences
    across = "Crime usually falls: by 4.7% on average. Burglary usually rises: by 13% on average."
    assert r.mixed_precision(across) == [across]
    assert r.mixed_precision("decreased 4% beside North \u22123.8%") == [
        "decreased 4% beside North \u22123.8%"
    ]
    assert r.mixed_precision("+17 points, with +2.7 points before") != []
    assert r.mixed_precision("decreased 4.0% beside North \u22123.8%; +17.0 points") == []
