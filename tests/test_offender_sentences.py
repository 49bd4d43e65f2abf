"""The offender sections' sentences: figures in words, missing figures said plainly."""

from __future__ import annotations

from datetime import date

from pcp_assets.small_counts import Rounding
from reports import figure_words as w
from reports.figures import Value
from reports.sections import offender_harm
from reports.sections import offender_sentences as s

MONTH = "October 2026"


Numbers = dict[str, float | str | None]


def figures(numbers: Numbers) -> dict[str, Value | str]:
    """The numbers of a sentence's figures as `Value`s (text fields as they are)."""
    return {k: n if isinstance(n, str) else Value(n) for k, n in numbers.items()}


def offending(**changes: float | str | None) -> s.CohortOffending:
    numbers: Numbers = {
        "members": 200,
        "members_compared": 40,
        "offences_before": 300,
        "offences_since": 120,
        "harm_before": 5000,
        "harm_since": 1500,
        "members_full_year": 10,
        "offences_before_per_member": 8.0,
        "offences_since_per_member": 2.5,
        "harm_before_per_member": 140.0,
        "harm_since_per_member": 35.25,
    }
    return s.CohortOffending(**figures(numbers | changes))  # type: ignore[arg-type]


def ranking(months: int = 12, **changes: float | str | None) -> s.HarmRanking:
    numbers: Numbers = {
        "month": MONTH,
        "people_linked": 4300,
        "harm_linked": 2_000_000,
        "suspects_only": 7000,
        "top_harm": 100_000,
        "top_offences": 150,
        "top_people": 20,
        "top_in_cohort": 3,
        "weights_version": "illustrative-2026.1",
    }
    return s.HarmRanking(**figures(numbers | changes), months=months)  # type: ignore[arg-type]


def test_cohort_size_and_moves() -> None:
    text = s.cohort_size(s.CohortSize(MONTH, Value(207), Value(1), Value(9)))
    assert text == (
        "At the end of October 2026 the Integrated Offender Management (IOM) cohort had 207 "
        "members; 1 person entered the cohort and 9 left it during the month."
    )


def test_cohort_size_missing_says_why() -> None:
    missing = Value(None, "missing month: 2026-10")
    text = s.cohort_size(s.CohortSize(MONTH, missing, missing, missing))
    assert text == (
        "The IOM cohort figures for October 2026 are not available (missing month: 2026-10)."
    )


def test_cohort_offending_before_and_since_with_a_full_year() -> None:
    text = s.cohort_offending(offending())
    assert "For the 40 current members whose 12 months before entry" in text
    assert (
        "the offences linked to them as offender numbered 300 in the 12 months before entry" in text
    )
    assert "and 120 since entry" in text
    assert "harm 5,000 days and 1,500 days" in text
    # the bracket says what it counts: members, not offences
    assert (
        "Per member with a full 12 months since entry (10 members), offences went from 8.0" in text
    )
    assert "to 2.5 in the year since, and harm from 140 days to 35 days." in text


def test_cohort_offending_without_full_year_or_comparable_members() -> None:
    partial = s.cohort_offending(offending(members_full_year=0, offences_before_per_member=None))
    assert partial.endswith("so no like-for-like comparison per member is possible.")
    none = s.cohort_offending(offending(members_compared=0))
    assert none.startswith("None of the current members entered late enough")
    assert s.cohort_offending(None) == (
        "The offending of the IOM cohort before and since entry is not available."
    )


def test_first_time_entrants_month_r12_and_areas() -> None:
    by_area = {"North": Value(380), "South": Value(4)}
    entrants = s.FirstTimeEntrants(MONTH, Value(384), Value(4886), by_area, Value(14))
    assert s.first_time_entrants(entrants) == (
        "In October 2026, 384 offenders received a first charge or summons or a first "
        "out-of-court disposal (first-time entrants to the criminal justice system): 380 in the "
        "North and 4 in the South. In the 12 months to October 2026 there were 4,886."
    )
    # the published edition: each count rounded on its own to the nearest 5, under 10 hidden
    published = s.first_time_entrants(entrants, lambda v: w.people(v, Rounding(5)))
    assert published == (
        "In October 2026, 385 offenders received a first charge or summons or a first "
        "out-of-court disposal (first-time entrants to the criminal justice system): 380 in the "
        "North and <10 in the South. In the 12 months to October 2026 there were 4,885."
    )


def test_first_time_entrants_missing_figures() -> None:
    # Short history: the section's top says so once; the 12 month figure is left out.
    no_r12 = s.FirstTimeEntrants(
        MONTH, Value(1), Value(None, "no data before 2026-08"), {}, Value(3)
    )
    assert s.first_time_entrants(no_r12).endswith(
        "(first-time entrants to the criminal justice system)."
    )
    assert "1 offender received" in s.first_time_entrants(no_r12)
    gap = s.FirstTimeEntrants(MONTH, Value(1), Value(None, "missing months: 2026-03"), {}, Value(3))
    assert s.first_time_entrants(gap).endswith(
        "The 12 month figure is not available (missing months: 2026-03)."
    )
    missing = s.FirstTimeEntrants(MONTH, Value(None), Value(None), {}, Value(None))
    assert s.first_time_entrants(missing) == (
        "First-time entrant figures for October 2026 are not available."
    )


def test_entrants_overcount_until_five_years() -> None:
    assert s.entrants_overcount(Value(25)) == (
        "These counts are an overcount, a ceiling: only 25 months of outcomes and offender links "
        "are loaded, so an offender whose earlier charge or disposal predates them is counted as "
        "a first-time entrant; the true figure is lower, and the counts are complete once five "
        "years are loaded."
    )
    assert "only 1 month of outcomes and offender links is loaded" in (
        s.entrants_overcount(Value(1)) or ""
    )
    assert "only 59 months" in (s.entrants_overcount(Value(59)) or "")
    assert s.entrants_overcount(Value(60)) is None
    assert s.entrants_overcount(Value(None)) is None


def test_harm_concentration() -> None:
    text = s.harm_concentration(ranking())
    assert text == (
        "In the 12 months to October 2026, 4,300 people were linked as offenders to recorded "
        "crimes with a total harm of 2,000,000 days (harm weights illustrative-2026.1, an "
        "illustrative table, not the official index); people linked to those crimes only as "
        "suspects (a further 7,000) are not counted as offenders. The 20 highest-harm offenders "
        "account for 5.0% of that harm (100,000 days, 150 offences)."
    )
    no_suspects = s.harm_concentration(ranking(suspects_only=0))
    assert "suspects" not in no_suspects
    assert "illustrative table, not the official index). The 20" in no_suspects
    # data from January 2026: the window is the ten months it covers, named so
    assert offender_harm._months_with_data("no data before 2026-01", date(2026, 10, 1)) == 10
    partial = s.harm_concentration(ranking(window_reason="no data before 2026-01", months=10))
    assert partial.startswith("In the ten months to October 2026, 4,300 people were linked")
    assert "12 months" not in partial and "incomplete" not in partial
    assert s.highest_harm_in_cohort(ranking(months=10)).startswith(
        "Of the 20 highest-harm offenders of the ten months to October 2026,"
    )
    gap = s.harm_concentration(ranking(window_reason="missing months: 2026-03"))
    assert "; the 12 months are incomplete (missing months: 2026-03)." in gap
    official = s.harm_concentration(ranking(weights_version="CCHI 2020"))
    assert "(harm weights CCHI 2020)" in official


def test_no_ranking_without_links() -> None:
    empty = ranking(people_linked=None, harm_linked=None, top_harm=None, top_people=0)
    expected = (
        "There is no harm ranking for the 12 months to October 2026: no recorded crime of "
        "those months is linked to an offender in the loaded data."
    )
    assert s.harm_concentration(empty) == expected
    assert s.highest_harm_in_cohort(empty) == expected


def test_highest_harm_offenders_in_the_cohort() -> None:
    assert s.highest_harm_in_cohort(ranking()) == (
        "Of the 20 highest-harm offenders of the 12 months to October 2026, 3 are in the IOM "
        "cohort and 17 are not."
    )
    assert "none is in the IOM cohort and 20 are not" in s.highest_harm_in_cohort(
        ranking(top_in_cohort=0)
    )
    assert "1 is in the IOM cohort and 19 are not" in s.highest_harm_in_cohort(
        ranking(top_in_cohort=1)
    )
    unknown = s.highest_harm_in_cohort(ranking(top_in_cohort=None))
    assert unknown.endswith("the cohort snapshot for October 2026 was not delivered.")
