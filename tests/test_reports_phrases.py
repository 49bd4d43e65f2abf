"""The paper's wording rules, worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from reports import phrases as p


@pytest.mark.parametrize(
    ("rising", "falling", "expected"),
    [
        (3, 0, "the 12 month recorded crime total has increased for three consecutive months"),
        (0, 2, "the 12 month recorded crime total has decreased for two consecutive months"),
        (1, 0, "the 12 month recorded crime total has increased this month"),
        (0, 14, "the 12 month recorded crime total has decreased for 14 consecutive months"),
        (0, 0, "the 12 month recorded crime total is unchanged on the previous month"),
    ],
)
def test_trend_sentence(rising: int, falling: int, expected: str) -> None:
    assert p.trend_sentence(rising, falling) == expected


def test_a_run_reaching_back_to_the_first_total_is_not_consecutive_months() -> None:
    # 15 months of data: the 12 month total exists from the 12th, so three comparisons; three
    # rises may have begun before the data did
    assert p.trend_sentence(3, 0, months_of_data=15) == (
        "the 12 month recorded crime total has increased in each of the three months since it "
        "was first available"
    )
    # 16 months: the total before the run is in the data, so the run of three is known whole
    assert p.trend_sentence(3, 0, months_of_data=16) == (
        "the 12 month recorded crime total has increased for three consecutive months"
    )
    assert p.trend_sentence(0, 1, months_of_data=13) == (
        "the 12 month recorded crime total has decreased this month"
    )


def test_trend_sentence_unavailable() -> None:
    assert p.trend_sentence(None, None, "missing months: 2025-03") == (
        "the trend in the 12 month recorded crime total is not available (missing months: 2025-03)"
    )


@pytest.mark.parametrize(
    ("n", "word"), [(0, "zero"), (3, "three"), (12, "twelve"), (13, "13"), (1500, "1,500")]
)
def test_number_word(n: int, word: str) -> None:
    assert p.number_word(n) == word


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0.215, "+21.5%"),  # binary 0.215 is 0.21499...: rounded on the decimal value
        (0.04, "+4.0%"),  # one decimal place for every change, so "+4.0%" lines up with "-3.8%"
        (-0.22, "\u221222.0%"),
        (-0.032, "\u22123.2%"),
        (0.0449, "+4.5%"),
        (0.04449, "+4.4%"),
        (0.00025, "no change"),  # rounds to zero: never "0%" or "+0.0%"
        (-0.0004, "no change"),  # and never "-0%"
        (-0.1125, "\u221211.3%"),  # halves away from zero
        (1.0, "+100.0%"),
    ],
)
def test_signed_percentage(fraction: float, text: str) -> None:
    assert p.format_pct(fraction, signed=True) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [(0.108, "10.8%"), (0.06, "6.0%"), (0.531, "53.1%"), (0.1675, "16.8%"), (0.0, "0.0%")],
)
def test_rate_keeps_its_decimal(fraction: float, text: str) -> None:
    assert p.format_rate(fraction) == text


@pytest.mark.parametrize(
    ("difference", "text"),
    [
        (0.004, "+0.4 points"),
        (0.17, "+17.0 points"),  # the same one decimal as "+2.7 points" beside it
        (-0.012, "\u22121.2 points"),
        (0.01, "+1.0 points"),
        (0.0004, "no change"),  # never "0 points"
        (-0.0004, "no change"),
    ],
)
def test_points_one_decimal_and_no_empty_change(difference: float, text: str) -> None:
    assert p.format_points(difference) == text


def test_an_unsigned_change_keeps_its_decimal_too() -> None:
    assert p.format_pct(0.13) == "13.0%"  # "by 13.0% on average", beside "by 4.7%"
    assert p.format_pct(0.047) == "4.7%"


def test_counts_minutes_months() -> None:
    assert p.format_count(12000) == "12,000"
    assert p.format_minutes(47.0) == "47.0 minutes"  # beside "57.3 minutes", never "57 minutes"
    assert p.format_minutes(47.25) == "47.3 minutes"
    assert p.format_minutes(1) == "1.0 minutes"
    assert p.month_label(date(2019, 4, 1)) == "April 2019"
    assert p.day_label(date(2019, 6, 11)) == "11 June 2019"
    # 11 June 2019 was a Tuesday; the year goes only for a day of the reporting month's year
    assert p.day_label(date(2019, 6, 11), weekday=True) == "Tuesday 11 June 2019"
    assert p.day_label(date(2019, 6, 11), reporting=date(2019, 4, 1)) == "11 June"
    assert p.day_label(date(2026, 12, 6), weekday=True, reporting=date(2023, 4, 1)) == (
        "Sunday 6 December 2026"
    )
    assert p.short_month_label(date(2019, 4, 1)) == "Apr 19"
    assert p.window(12, "October 2026") == "the 12 months to October 2026"
    assert p.window(4, "February 2024") == "the four months to February 2024"
    assert p.window(1, "November 2023") == "the month of November 2023"


@pytest.mark.parametrize(
    ("pct", "word"),
    [
        (0.04, "increased"),
        (0.02, "increased"),  # the band is strict: 2% is a change
        (0.0194, "remained stable"),  # printed +1.9%
        (-0.0194, "remained stable"),
        (0.0196, "increased"),  # printed +2.0%: judged as printed, never "stable (+2.0%)"
        (-0.0199, "decreased"),
        (-0.05, "decreased"),
    ],
)
def test_change_word_stability_band(pct: float, word: str) -> None:
    assert p.change_word(pct) == word


def test_response_time_higher_is_worse() -> None:
    assert p.response_time_word(47.5, 42.0) == "deteriorated"
    assert p.response_time_word(40.0, 42.0) == "improved"
    # Inside the band (+1.2%, -1.6%) the word still agrees with the two times quoted with it:
    # never "remained stable, from 61 minutes to 62 minutes".
    assert p.response_time_word(42.5, 42.0) == "rose slightly"
    assert p.response_time_word(61.0, 62.0) == "fell slightly"


def test_rate_trend_phrase() -> None:
    assert p.rate_trend_phrase(0.108, 0.110, 0.112) == "has continued to decline"
    assert p.rate_trend_phrase(0.108, 0.110, 0.109) == "has declined"
    assert p.rate_trend_phrase(0.108, 0.110) == "has declined"
    assert p.rate_trend_phrase(0.112, 0.110, 0.105) == "has continued to improve"
    assert p.rate_trend_phrase(0.112, 0.110, 0.115) == "has improved"
    # Under 0.1 percentage points is no movement.
    assert p.rate_trend_phrase(0.1085, 0.1080, 0.112) == "has remained stable"


def test_rate_level_and_year_on_year() -> None:
    assert p.rate_level_phrase(0.067, 0.072) == "has dropped to 6.7%"
    assert p.rate_level_phrase(0.075, 0.072) == "has risen to 7.5%"
    assert p.rate_level_phrase(0.0725, 0.072) == "has remained stable at 7.3%"
    assert p.year_on_year_phrase(0.531, 0.366) == "up from"
    assert p.year_on_year_phrase(0.30, 0.366) == "down from"


def test_volume_change_phrase() -> None:
    assert p.volume_change_phrase(0.04) == "increased 4.0%"
    assert p.volume_change_phrase(-0.032) == "decreased 3.2%"
    assert p.volume_change_phrase(0.0067) == "remained stable (+0.7%)"
    assert p.volume_change_phrase(0.0004) == "remained unchanged"  # never "stable (0%)"
    assert p.volume_change_phrase(0.5, is_small_base=True) == "increased 50.0% (small base)"


def test_extreme_phrase() -> None:
    # A count is "the highest count", never "the highest it has been".
    assert p.extreme_phrase(True, False) == "the lowest count in the last 12 months"
    assert p.extreme_phrase(False, True) == "the highest count in the last 12 months"
    assert p.extreme_phrase(False, True, noun="figure") == (
        "the highest figure in the last 12 months"
    )
    assert p.extreme_phrase(True, True) is None  # a flat year says nothing
    assert p.extreme_phrase(None, None) is None


def test_unavailable_and_small_base() -> None:
    assert p.not_available("missing months: 2025-03") == "not available (missing months: 2025-03)"
    assert p.not_available(None) == "not available"
    assert p.small_base("+50%", True) == "+50% (small base)"
    # inside brackets already: a comma, never brackets within brackets
    assert p.small_base("+50.0%", True, bracketed=True) == "+50.0%, small base"
    assert p.small_base("+5%", False) == "+5%"


def test_area_clause() -> None:
    assert p.area_clause({"North": "up", "South": "up"}) == "with increases seen in both areas"
    assert p.area_clause(
        {"North": "down", "South": "down"}, {"North": "6.0%", "South": "7.4%"}, kind="rate"
    ) == ("with declines seen in both areas (North 6.0% and South 7.4%)")
    assert p.area_clause(
        {"North": "down", "South": "up"}, {"North": "-5.4%", "South": "+6.7%"}
    ) == (
        "with variation between the areas: increases in the South (+6.7%) and reductions in the "
        "North (-5.4%)"
    )
    assert p.area_clause({"North": "stable", "South": "stable"}) == (
        "with little change in both areas"
    )
    assert p.area_clause({"North": "up", "South": None}) == (
        "with variation between the areas: increases in the North and not available for the South"
    )
    assert p.area_clause({"North": None, "South": None}) == ""


def test_area_clause_says_no_change_for_a_zero() -> None:
    """A change that rounds to zero is "no change", never "little change in the South (0
    points)"."""
    assert (
        p.area_clause(
            {"North": "down", "South": "stable"},
            {"North": "\u22120.5 points", "South": p.format_points(0.0002)},
            kind="rate",
        )
        == "with variation between the areas: declines in the North (\u22120.5 points) and no "
        "change in the South"
    )
    assert p.area_clause(
        {"North": "stable", "South": "stable"}, {"North": "no change", "South": "no change"}
    ) == ("with no change in both areas")
    assert p.area_clause(
        {"North": "stable", "South": "stable"}, {"North": "+0.4%", "South": "no change"}
    ) == (
        "with variation between the areas: little change in the North (+0.4%) and no change in "
        "the South"
    )


def test_join_and_sentence() -> None:
    assert p.join_words(["a"]) == "a"
    assert p.join_words(["a", "b", "c"]) == "a, b and c"
    assert p.sentence("the rate fell") == "The rate fell."
    assert p.sentence("outcome 16 rose.") == "Outcome 16 rose."


def test_the_definitions_state_the_precision_rule() -> None:
    """The one rule the formatters apply is the one the paper's definitions print."""
    assert "Every percentage, rate and change in percentage points is given to one decimal" in (
        p.RULES
    )
    assert "“no change”" in p.RULES
    assert "under 2.0%" in p.RULES  # the band itself printed by the rule it states
