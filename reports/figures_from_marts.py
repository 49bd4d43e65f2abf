"""Read `BoardFigures` from the marts (docs/marts.md).

One set-based query per mart fetches the reporting month and the 23 months before it (for the
previous-month comparisons, the year-earlier values and the charts), and the monthly counts judged
against their process limits for `JUDGED_MONTHS` (reports/judgement.py: the earlier years give each
month's seasonal expectation); the rest is picking rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import duckdb

from data_contracts.calendar import add_months
from reports.figures import (
    ALL,
    ALL_CRIME,
    DOMESTIC_ABUSE,
    HISTORY_MONTHS,
    PROMPT,
    RESIDENTIAL_BURGLARY,
    ROBBERY,
    THEFT,
    VIOLENCE,
    VIOLENCE_WITH_INJURY,
    WEAPONS,
    BoardFigures,
    ChartSeries,
    Disposals,
    DwellingBurglary,
    Outcome16,
    PPRate,
    Rate,
    ReportingMonthMissing,
    ResponseTime,
    Series,
    StreetViolence,
    Value,
    Volume,
)
from reports.judgement import JUDGED_MONTHS
from reports.mart_rows import Row, fetch, series, trace
from reports.phrases import SMALL_BASE

# Every table load_figures reads: a section built on the figures reads them all.
FIGURE_MARTS = (
    "marts.crime_volume",
    "marts.outcome_rates",
    "marts.response_times",
    "marts.outcome_counts",
)

Rows = dict[tuple[Any, ...], Row]


def _index(rows: Iterable[Row], key: tuple[str, ...]) -> Rows:
    return {tuple(row[k] for k in key): row for row in rows}


_CRIME_VOLUME_SQL = """
select reporting_month, area, offence_group, offence_subgroup, crimes, crimes_r12,
       crimes_prev_r12, r12_change, r12_pct_change, is_small_base, r12_rising_months,
       r12_falling_months, is_lowest_in_12, is_highest_in_12, unavailable_reason
from marts.crime_volume
where force_id = ? and reporting_month between ? and ?
  and (reporting_month = ? or (area = 'All' and (offence_subgroup = 'All' or
        (offence_group, offence_subgroup) in (
            ('Violence against the person', 'Violence with injury'),
            ('Theft offences', 'Burglary residential')))))
"""

_OUTCOME_RATES_SQL = """
select reporting_month, area, offence_group, offence_subgroup, domestic_abuse, crimes_r12,
       pp_rate_in_period, pp_rate_cohort, assigned_outcomes_r12, outcome16_share,
       outcome16_share_year_earlier, tic_month, tic_r12, oocd_month, oocd_r12, unavailable_reason
from marts.outcome_rates
where force_id = ? and reporting_month between ? and ?
  and breakdown in ('force', 'area', 'group', 'subgroup', 'area_subgroup', 'domestic_abuse')
"""

_RESPONSE_TIMES_SQL = """
select reporting_month, area, grade, offence_subgroup, median_minutes_month,
       median_minutes_previous_month,
       incidents_month, unavailable_reason
from marts.response_times
where force_id = ? and reporting_month between ? and ?
  and grade = ? and offence_subgroup = ?
"""

_PP_TYPES_SQL = """
select distinct outcome_type
from marts.outcome_counts
where force_id = ? and reporting_month = ? and is_prosecution_possible
"""


def load_figures(
    con: duckdb.DuckDBPyConnection, force_id: str, reporting_month: date
) -> BoardFigures:
    """Read everything section 2 needs for one force and month. Read-only."""
    m = reporting_month
    start = add_months(m, -(HISTORY_MONTHS - 1))
    judged_start = add_months(m, -(JUDGED_MONTHS - 1))
    volume = _index(
        fetch(con, _CRIME_VOLUME_SQL, [force_id, judged_start, m, m]),
        ("reporting_month", "area", "offence_group", "offence_subgroup"),
    )
    rates = _index(
        fetch(con, _OUTCOME_RATES_SQL, [force_id, start, m]),
        ("reporting_month", "area", "offence_group", "offence_subgroup", "domestic_abuse"),
    )
    response = _index(
        fetch(con, _RESPONSE_TIMES_SQL, [force_id, judged_start, m, PROMPT, RESIDENTIAL_BURGLARY]),
        ("reporting_month", "area"),
    )
    pp_types = [r["outcome_type"] for r in fetch(con, _PP_TYPES_SQL, [force_id, m])]

    if (m, ALL, ALL_CRIME, ALL) not in volume:
        raise ReportingMonthMissing(
            f"marts.crime_volume has no force-wide row for {force_id} {m:%Y-%m}"
        )
    areas = tuple(sorted({area for (month, area, *_rest) in volume if month == m and area != ALL}))
    months = tuple(add_months(start, i) for i in range(HISTORY_MONTHS))
    judged = tuple(add_months(judged_start, i) for i in range(JUDGED_MONTHS))
    groups = tuple(
        _volume(volume, m, ALL, group, ALL)
        for group in sorted(
            {g for (mm, a, g, s) in volume if mm == m and a == ALL and s == ALL} - {ALL_CRIME}
        )
    )
    return BoardFigures(
        force_id=force_id,
        reporting_month=m,
        areas=areas,
        all_crime=_volume(volume, m, ALL, ALL_CRIME, ALL),
        groups=groups,
        pp_rate=PPRate(
            in_period=_rate(rates, m, "pp_rate_in_period", ALL, ALL_CRIME),
            cohort=_rate(rates, m, "pp_rate_cohort", ALL, ALL_CRIME),
            crimes_r12=_value(rates.get((m, ALL, ALL_CRIME, ALL, ALL)), "crimes_r12"),
        ),
        outcome16=_outcome16(rates, m),
        disposals=_disposals(rates, m),
        burglary=DwellingBurglary(
            volume=_volume(volume, m, ALL, THEFT, RESIDENTIAL_BURGLARY),
            response=_response(response, m),
            pp_rate=_rate(rates, m, "pp_rate_in_period", ALL, THEFT, RESIDENTIAL_BURGLARY),
            pp_rate_by_area={
                a: _rate(rates, m, "pp_rate_in_period", a, THEFT, RESIDENTIAL_BURGLARY)
                for a in areas
            },
            tic_r12=_value(rates.get((m, ALL, THEFT, RESIDENTIAL_BURGLARY, ALL)), "tic_r12"),
            tic_r12_year_earlier=_value(
                rates.get((add_months(m, -12), ALL, THEFT, RESIDENTIAL_BURGLARY, ALL)), "tic_r12"
            ),
        ),
        street_violence=StreetViolence(
            vwi=_volume(volume, m, ALL, VIOLENCE, VIOLENCE_WITH_INJURY),
            vwi_by_area={a: _volume(volume, m, a, VIOLENCE, VIOLENCE_WITH_INJURY) for a in areas},
            vwi_pp_rate=_rate(rates, m, "pp_rate_in_period", ALL, VIOLENCE, VIOLENCE_WITH_INJURY),
            robbery=_volume(volume, m, ALL, ROBBERY, ALL),
            robbery_pp_rate=_rate(rates, m, "pp_rate_in_period", ALL, ROBBERY),
            weapons=_volume(volume, m, ALL, WEAPONS, ALL),
            weapons_by_area={a: _volume(volume, m, a, WEAPONS, ALL) for a in areas},
        ),
        prosecution_possible_types=tuple(str(t) for t in sorted(pp_types, key=_type_order)),
        groups_by_area={
            a: tuple(_volume(volume, m, a, g.label, ALL) for g in groups) for a in areas
        },
        series=ChartSeries(
            all_crime_month=_series(volume, judged, "crimes", (ALL, ALL_CRIME, ALL)),
            all_crime_r12=_series(volume, months, "crimes_r12", (ALL, ALL_CRIME, ALL)),
            pp_rate_in_period=_series(
                rates, months, "pp_rate_in_period", (ALL, ALL_CRIME, ALL, ALL)
            ),
            pp_rate_cohort=_series(rates, months, "pp_rate_cohort", (ALL, ALL_CRIME, ALL, ALL)),
            o16_share=_series(rates, months, "outcome16_share", (ALL, ALL_CRIME, ALL, ALL)),
            o16_share_da=_series(
                rates, months, "outcome16_share", (ALL, ALL_CRIME, ALL, DOMESTIC_ABUSE)
            ),
            burglary_prompt_median=_series(response, judged, "median_minutes_month", (ALL,)),
            robbery_month=_series(volume, judged, "crimes", (ALL, ROBBERY, ALL)),
            vwi_r12=_series(volume, months, "crimes_r12", (ALL, VIOLENCE, VIOLENCE_WITH_INJURY)),
            burglary_month=_series(volume, judged, "crimes", (ALL, THEFT, RESIDENTIAL_BURGLARY)),
            vwi_month=_series(volume, judged, "crimes", (ALL, VIOLENCE, VIOLENCE_WITH_INJURY)),
            weapons_month=_series(volume, judged, "crimes", (ALL, WEAPONS, ALL)),
            group_month=tuple(
                (g.label, _series(volume, judged, "crimes", (ALL, g.label, ALL))) for g in groups
            ),
        ),
    )


# --- picking -------------------------------------------------------------------------------


def _type_order(outcome_type: Any) -> tuple[int, str]:
    text = str(outcome_type)
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 0, text)


def _value(
    row: Row | None, column: str, *, base: str | None = None, small_base: bool = False
) -> Value:
    """A cell as a Value. A missing row or a null cell is unavailable, with the mart's reason."""
    if row is None:
        return Value(None, "no data in the marts")
    raw = row[column]
    if raw is None:
        return Value(None, row.get("unavailable_reason"))
    small = small_base
    if base is not None and row.get(base) is not None:
        small = small or row[base] < SMALL_BASE
    return Value(raw, None, small, trace(row, column))


def _reason_at(rows: Rows, key: tuple[Any, ...], fallback: str | None) -> str | None:
    """A value about an earlier month is null: that month's own row says best why."""
    row = rows.get(key)
    own = row.get("unavailable_reason") if row else None
    return own or fallback or f"no data for {key[0]:%Y-%m}"


def _volume(rows: Rows, m: date, area: str, group: str, subgroup: str) -> Volume:
    row = rows.get((m, area, group, subgroup))
    label = subgroup if subgroup != ALL else group
    if row is None:
        gone = Value(None, "no data in the marts")
        return Volume(label, area, gone, gone, gone, gone, gone, None, None, None, None)
    return Volume(
        label=label,
        area=area,
        month=_value(row, "crimes"),
        r12=_value(row, "crimes_r12"),
        prev_r12=_value(row, "crimes_prev_r12"),
        change=_value(row, "r12_change"),
        pct_change=_value(row, "r12_pct_change", small_base=bool(row["is_small_base"])),
        rising_months=row["r12_rising_months"],
        falling_months=row["r12_falling_months"],
        lowest_in_12=row["is_lowest_in_12"],
        highest_in_12=row["is_highest_in_12"],
    )


def _rate(rows: Rows, m: date, column: str, area: str, group: str, subgroup: str = ALL) -> Rate:
    def at(month: date) -> Value:
        return _value(rows.get((month, area, group, subgroup, ALL)), column, base="crimes_r12")

    return Rate(at(m), at(add_months(m, -1)), at(add_months(m, -2)))


def _outcome16(rows: Rows, m: date) -> Outcome16:
    year_earlier = add_months(m, -12)

    def share(key: tuple[str, ...]) -> tuple[Value, Value]:
        row = rows.get((m, *key))
        current = _value(row, "outcome16_share", base="assigned_outcomes_r12")
        earlier = _value(row, "outcome16_share_year_earlier")
        if not earlier.available:
            earlier = Value(None, _reason_at(rows, (year_earlier, *key), earlier.reason))
        return current, earlier

    overall, overall_earlier = share((ALL, ALL_CRIME, ALL, ALL))
    da, da_earlier = share((ALL, ALL_CRIME, ALL, DOMESTIC_ABUSE))
    groups = sorted(
        {g for (mm, a, g, s, d) in rows if mm == m and a == ALL and s == ALL and d == ALL}
        - {ALL_CRIME}
    )
    by_group = tuple(
        (g, _value(rows[(m, ALL, g, ALL, ALL)], "outcome16_share", base="assigned_outcomes_r12"))
        for g in groups
    )
    return Outcome16(overall, overall_earlier, da, da_earlier, by_group)


def _disposals(rows: Rows, m: date) -> Disposals:
    row = rows.get((m, ALL, ALL_CRIME, ALL, ALL))
    earlier = rows.get((add_months(m, -12), ALL, ALL_CRIME, ALL, ALL))
    return Disposals(
        tic_month=_value(row, "tic_month"),
        tic_r12=_value(row, "tic_r12"),
        oocd_month=_value(row, "oocd_month"),
        oocd_r12=_value(row, "oocd_r12"),
        oocd_r12_year_earlier=_value(earlier, "oocd_r12"),
    )


def _response(rows: Rows, m: date) -> ResponseTime:
    row = rows.get((m, ALL))
    previous = _value(row, "median_minutes_previous_month")
    if not previous.available:
        previous = Value(None, _reason_at(rows, (add_months(m, -1), ALL), previous.reason))
    return ResponseTime(
        median_month=_value(row, "median_minutes_month"),
        median_previous_month=previous,
        incidents_month=_value(row, "incidents_month"),
    )


def _series(
    rows: Mapping[tuple[Any, ...], Row], months: tuple[date, ...], column: str, key: tuple[str, ...]
) -> Series:
    return series({month: rows.get((month, *key)) for month in months}, months, column)
