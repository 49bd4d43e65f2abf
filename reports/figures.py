"""Every number sections 2.1-2.3 of the paper state, as dataclasses (read by figures_from_marts.py).

A figure the marts cannot give is a `Value` with `value=None` and the reason, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from reports.traces import Trace

ALL = "All"
ALL_CRIME = "All crime"
DOMESTIC_ABUSE = "Domestic abuse"
PROMPT = "prompt"

# Offence classification labels (seed `offence_classification`). "Dwelling burglary" in the paper is
# residential burglary since April 2017.
VIOLENCE = "Violence against the person"
VIOLENCE_WITH_INJURY = "Violence with injury"
THEFT = "Theft offences"
RESIDENTIAL_BURGLARY = "Burglary residential"
ROBBERY = "Robbery"
WEAPONS = "Possession of weapons offences"

HISTORY_MONTHS = 24
# Offence group of crimes known only from a data.police.uk outcome (int_crimes_unioned): never a
# crime count.
CRIME_TYPE_NOT_KNOWN = "Crime type not known"


class ReportingMonthMissing(LookupError):
    """The marts hold no force-wide row for the reporting month: there is no paper to write."""


@dataclass(frozen=True)
class Value:
    """One figure. `value` is None when unavailable, and `reason` then says why."""

    value: float | None
    reason: str | None = None
    small_base: bool = False
    # The mart cell it was read from (reports/traces.py); not part of the figure's identity.
    trace: Trace | None = field(default=None, compare=False)

    @property
    def available(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Volume:
    """A recorded-crime breakdown at the reporting month (marts.crime_volume)."""

    label: str
    area: str
    month: Value
    r12: Value
    prev_r12: Value
    change: Value
    pct_change: Value
    rising_months: int | None
    falling_months: int | None
    lowest_in_12: bool | None
    highest_in_12: bool | None


@dataclass(frozen=True)
class Rate:
    """An R12 rate at the reporting month and the two months before (for "continued to ...")."""

    current: Value
    previous: Value
    before_previous: Value


@dataclass(frozen=True)
class PPRate:
    """Prosecution possible outcome rate, both bases (docs/marts.md, outcome_rates)."""

    in_period: Rate
    cohort: Rate
    crimes_r12: Value


@dataclass(frozen=True)
class Outcome16:
    overall: Value
    overall_year_earlier: Value
    domestic_abuse: Value
    domestic_abuse_year_earlier: Value
    by_group: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Disposals:
    tic_month: Value
    tic_r12: Value
    oocd_month: Value
    oocd_r12: Value
    oocd_r12_year_earlier: Value


@dataclass(frozen=True)
class ResponseTime:
    """Median attendance time of prompt-graded residential burglary incidents, force-wide."""

    median_month: Value
    median_previous_month: Value
    incidents_month: Value


@dataclass(frozen=True)
class DwellingBurglary:
    volume: Volume
    response: ResponseTime
    pp_rate: Rate
    pp_rate_by_area: dict[str, Rate]
    tic_r12: Value
    tic_r12_year_earlier: Value


@dataclass(frozen=True)
class StreetViolence:
    vwi: Volume
    vwi_by_area: dict[str, Volume]
    vwi_pp_rate: Rate
    robbery: Volume
    robbery_pp_rate: Rate
    weapons: Volume
    weapons_by_area: dict[str, Volume]


@dataclass(frozen=True)
class Series:
    """Monthly points for a chart, oldest first; None where the month is unavailable."""

    months: tuple[date, ...]
    values: tuple[float | None, ...]
    # The mart column the points come from, with the row's keys but its month (figures derived
    # from the whole series, such as process limits, are traced to it).
    source: Trace | None = None


@dataclass(frozen=True)
class ChartSeries:
    all_crime_month: Series
    all_crime_r12: Series
    pp_rate_in_period: Series
    pp_rate_cohort: Series
    o16_share: Series
    o16_share_da: Series
    burglary_prompt_median: Series
    robbery_month: Series
    vwi_r12: Series
    # Monthly figures judged against their process limits (reports/judgement.py), read for
    # JUDGED_MONTHS: burglary_prompt_median and these.
    burglary_month: Series
    vwi_month: Series
    weapons_month: Series
    group_month: tuple[tuple[str, Series], ...]  # every offence group, force-wide


@dataclass(frozen=True)
class BoardFigures:
    force_id: str
    reporting_month: date
    areas: tuple[str, ...]
    all_crime: Volume
    groups: tuple[Volume, ...]
    pp_rate: PPRate
    outcome16: Outcome16
    disposals: Disposals
    burglary: DwellingBurglary
    street_violence: StreetViolence
    prosecution_possible_types: tuple[str, ...]
    series: ChartSeries
    groups_by_area: dict[str, tuple[Volume, ...]]  # area -> the groups, in `groups`' order


def without_unknown_type(f: BoardFigures) -> BoardFigures:
    """The figures without the 'Crime type not known' group (outcomes only, never crimes)."""
    series = replace(
        f.series,
        group_month=tuple((g, s) for g, s in f.series.group_month if g != CRIME_TYPE_NOT_KNOWN),
    )
    return replace(
        f,
        groups=tuple(g for g in f.groups if g.label != CRIME_TYPE_NOT_KNOWN),
        series=series,
        groups_by_area={
            a: tuple(g for g in gs if g.label != CRIME_TYPE_NOT_KNOWN)
            for a, gs in f.groups_by_area.items()
        },
    )
