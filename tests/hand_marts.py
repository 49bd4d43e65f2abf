"""A tiny hand-made warehouse for the paper's tests: the four marts of docs/marts.md for a
fictional force, every row written here so that tests can work their figures by hand
(tests/test_reports_render.py, tests/test_reports_data_quality.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from data_contracts.calendar import add_months

FORCE = "testshire"
MONTH = date(2026, 10, 1)
MISSING = "missing months: 2025-03"

DDL = {
    "crime_volume": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, offence_subgroup varchar, crimes bigint, crimes_r12 bigint,
        crimes_prev_r12 bigint, r12_change bigint, r12_pct_change double, is_small_base boolean,
        r12_rising_months integer, r12_falling_months integer, is_lowest_in_12 boolean,
        is_highest_in_12 boolean, unavailable_reason varchar""",
    "outcome_rates": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, offence_subgroup varchar, domestic_abuse varchar,
        crimes_r12 bigint, pp_outcomes_r12 bigint, pp_rate_in_period double, pp_cohort_r12 bigint,
        pp_rate_cohort double, assigned_outcomes_r12 bigint, outcome16_r12 bigint,
        outcome16_share double, outcome16_share_year_earlier double, tic_month bigint,
        tic_r12 bigint, oocd_month bigint, oocd_r12 bigint, unavailable_reason varchar""",
    "outcome_counts": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, outcome_type integer, outcome_group varchar,
        is_prosecution_possible boolean, outcomes_month bigint, outcomes_r12 bigint,
        outcomes_prev_r12 bigint""",
    "response_times": """
        force_id varchar, reporting_month date, area varchar, grade varchar,
        offence_subgroup varchar, incidents_month bigint, median_minutes_month double,
        p90_minutes_month double, incidents_r12 bigint, median_minutes_r12 double,
        p90_minutes_r12 double, median_minutes_previous_month double,
        unavailable_reason varchar""",
    # The drivers' marts, empty: the sentences name no drivers (tests/test_drivers.py does).
    "crime_change_drivers": """
        force_id varchar, reporting_month date, area varchar, offence_group varchar,
        offence_subgroup varchar, driven_by varchar, contributor varchar, r12_change bigint,
        contribution bigint, contributors integer, is_named boolean, contribution_rank integer""",
    "outcome_rate_decomposition": """
        force_id varchar, reporting_month date, area varchar, offence_group varchar,
        offence_subgroup varchar, measure varchar, mix_of varchar, compared_month date,
        parts integer, rate double, rate_compared double, rate_change double,
        mix_effect double, rate_effect double, unavailable_reason varchar""",
    # The offender updates' marts, empty: their sections say the figures are not there.
    "case_file_quality": """
        force_id varchar, reporting_month date, court_files_submitted bigint,
        court_files_assessed bigint, court_files_with_errors bigint, court_error_rate double,
        disclosure_errors bigint, evidence_errors bigint, format_errors bigint,
        timeliness_errors bigint, court_files_assessed_r12 bigint,
        court_files_with_errors_r12 bigint, court_error_rate_r12 double,
        error_rate_improving_months integer, error_rate_run_start double,
        advice_files_submitted bigint, advice_decisions bigint, advice_rejected bigint,
        advice_rejection_rate double, median_turnaround_days double,
        advice_files_submitted_r12 bigint, advice_decisions_r12 bigint,
        advice_rejected_r12 bigint, advice_rejection_rate_r12 double,
        median_turnaround_days_r12 double, median_turnaround_days_year_earlier double,
        unavailable_reason varchar""",
    "imu_queues": """
        force_id varchar, reporting_month date, queue varchar, open_items bigint,
        oldest_item_days bigint, open_items_previous_month bigint, open_items_change bigint,
        open_items_pct_change double, oldest_item_days_previous_month bigint,
        unavailable_reason varchar""",
    "wanted_suspects": """
        force_id varchar, reporting_month date, risk_level varchar, age_band varchar,
        suspects bigint, suspects_previous_month bigint, oldest_days bigint,
        unavailable_reason varchar""",
    "operations_results": """
        force_id varchar, reporting_month date, operation varchar, first_month date,
        months_since_first integer, is_first_month_first_loaded boolean, is_reported boolean,
        arrests bigint, charges bigint, cash_seized double, drugs_seized_value double,
        weapons_seized bigint, sentences_months bigint, arrests_r12 bigint, charges_r12 bigint,
        cash_seized_r12 double, drugs_seized_value_r12 double, weapons_seized_r12 bigint,
        sentences_months_r12 bigint, arrests_to_date bigint, charges_to_date bigint,
        cash_seized_to_date double, drugs_seized_value_to_date double,
        weapons_seized_to_date bigint, sentences_months_to_date bigint,
        unavailable_reason varchar""",
}


def _keys(month: date, breakdown: str, area: str, group: str, subgroup: str) -> dict[str, Any]:
    """A volume or rate row's keys."""
    return {
        "force_id": FORCE,
        "reporting_month": month,
        "breakdown": breakdown,
        "area": area,
        "offence_group": group,
        "offence_subgroup": subgroup,
    }


def volume(
    month: date, area: str, group: str, subgroup: str, crimes: int, r12: int, prev: int, **kw: Any
) -> dict[str, Any]:
    breakdown = {
        (True, True, True): "force",
        (False, True, True): "area",
        (True, False, True): "group",
        (False, False, True): "area_group",
        (True, False, False): "subgroup",
        (False, False, False): "area_subgroup",
    }[(area == "All", group == "All crime", subgroup == "All")]
    return {
        **_keys(month, breakdown, area, group, subgroup),
        "crimes": crimes,
        "crimes_r12": r12,
        "crimes_prev_r12": prev,
        "r12_change": r12 - prev,
        "r12_pct_change": (r12 - prev) / prev,
        "is_small_base": prev < 50,
        "r12_rising_months": 0,
        "r12_falling_months": 0,
        "is_lowest_in_12": False,
        "is_highest_in_12": False,
        **kw,
    }


def rates(
    month: date, area: str, group: str, subgroup: str = "All", da: str = "All", **kw: Any
) -> dict[str, Any]:
    breakdown = "force" if group == "All crime" and area == "All" else "group"
    if subgroup != "All":
        breakdown = "subgroup" if area == "All" else "area_subgroup"
    if da != "All":
        breakdown = "domestic_abuse"
    return {
        **_keys(month, breakdown, area, group, subgroup),
        "domestic_abuse": da,
        "crimes_r12": 1000,
        **kw,
    }


def m(n: int) -> date:
    return add_months(MONTH, n)


VWI = ("Violence against the person", "Violence with injury")
BURGLARY = ("Theft offences", "Burglary residential")


def crime_volume_rows() -> list[dict[str, Any]]:
    rows = [
        # All crime: R12 12,000 vs 11,500 -> +4.3%; R12 has risen three months running.
        volume(MONTH, "All", "All crime", "All", 980, 12000, 11500, r12_rising_months=3),
        # Robbery: 243 vs 200 -> +21.5%, and October the lowest month of the last 12.
        volume(MONTH, "All", "Robbery", "All", 15, 243, 200, is_lowest_in_12=True),
        # Weapons: 520 vs 500 -> +4%; North 270 vs 260 (+3.8%), South 250 vs 240 (+4.2%).
        volume(MONTH, "All", "Possession of weapons offences", "All", 40, 520, 500),
        volume(MONTH, "North", "Possession of weapons offences", "All", 20, 270, 260),
        volume(MONTH, "South", "Possession of weapons offences", "All", 20, 250, 240),
        # Theft: 4,000 vs 4,200 -> -4.8%. Sexual offences 60 vs 40: +50% on a small base.
        volume(MONTH, "All", "Theft offences", "All", 330, 4000, 4200),
        volume(MONTH, "All", "Sexual offences", "All", 5, 60, 40),
        volume(MONTH, "All", "Violence against the person", "All", 250, 3000, 3000),
        # VWI: 1,500 vs 1,490 (+0.7%, stable); North 700 vs 740 (-5.4%), South 800 vs 750 (+6.7%).
        volume(MONTH, "All", *VWI, 125, 1500, 1490),
        volume(MONTH, "North", *VWI, 60, 700, 740),
        volume(MONTH, "South", *VWI, 65, 800, 750),
        # Residential burglary: 600 vs 650 -> -7.7%.
        volume(MONTH, "All", *BURGLARY, 48, 600, 650),
        volume(MONTH, "North", "All crime", "All", 480, 5900, 5700),
        volume(MONTH, "South", "All crime", "All", 500, 6100, 5800),
    ]
    # Chart history: the force total for the three months before.
    for n, (crimes, r12) in enumerate(((1010, 11950), (990, 11900), (1000, 11850)), start=1):
        rows.append(volume(m(-n), "All", "All crime", "All", crimes, r12, 11500))
    return rows


def outcome_rates_rows() -> list[dict[str, Any]]:
    rows = [
        # All crime in-period 10.8% after 11.2% and 11.0%: "continued to decline"; cohort 9.9%.
        # Outcome 16: 14.8% of outcomes, 13.1% a year earlier. TIC 123 (9 in October),
        # out-of-court disposals 1,234 (98 in October) against 1,400 a year earlier (-11.9%).
        rates(
            MONTH,
            "All",
            "All crime",
            crimes_r12=12000,
            pp_rate_in_period=0.108,
            pp_rate_cohort=0.099,
            assigned_outcomes_r12=9000,
            outcome16_share=0.148,
            outcome16_share_year_earlier=0.131,
            tic_month=9,
            tic_r12=123,
            oocd_month=98,
            oocd_r12=1234,
        ),
        rates(m(-1), "All", "All crime", pp_rate_in_period=0.110, outcome16_share=0.146),
        rates(m(-2), "All", "All crime", pp_rate_in_period=0.112),
        rates(m(-12), "All", "All crime", oocd_r12=1400),
        # Domestic abuse: 53.1% of closures were outcome 16, up from 36.6%.
        rates(
            MONTH,
            "All",
            "All crime",
            da="Domestic abuse",
            assigned_outcomes_r12=800,
            outcome16_share=0.531,
            outcome16_share_year_earlier=0.366,
        ),
        rates(
            MONTH,
            "All",
            "Violence against the person",
            assigned_outcomes_r12=2500,
            outcome16_share=0.30,
        ),
        # Robbery PP rate 10.6% after 11.5%: "has dropped to 10.6%".
        rates(
            MONTH,
            "All",
            "Robbery",
            pp_rate_in_period=0.106,
            assigned_outcomes_r12=200,
            outcome16_share=0.10,
        ),
        rates(m(-1), "All", "Robbery", pp_rate_in_period=0.115),
        # VWI 16.7% after 17.0% and 17.5%: "continued to decline and is currently at 16.7%".
        rates(MONTH, "All", *VWI, pp_rate_in_period=0.167),
        rates(m(-1), "All", *VWI, pp_rate_in_period=0.170),
        rates(m(-2), "All", *VWI, pp_rate_in_period=0.175),
        # Burglary 6.7% after 7.2%, both areas declining; TIC 45 against 80 a year earlier.
        rates(MONTH, "All", *BURGLARY, pp_rate_in_period=0.067, tic_r12=45),
        rates(m(-1), "All", *BURGLARY, pp_rate_in_period=0.072),
        rates(m(-12), "All", *BURGLARY, tic_r12=80),
        rates(MONTH, "North", *BURGLARY, pp_rate_in_period=0.060),
        rates(m(-1), "North", *BURGLARY, pp_rate_in_period=0.065),
        rates(MONTH, "South", *BURGLARY, pp_rate_in_period=0.074),
        rates(m(-1), "South", *BURGLARY, pp_rate_in_period=0.080),
    ]
    return rows


def outcome_counts_rows() -> list[dict[str, Any]]:
    return [
        {
            "force_id": FORCE,
            "reporting_month": MONTH,
            "breakdown": "force",
            "area": "All",
            "offence_group": "All crime",
            "outcome_type": t,
            "outcome_group": "x",
            "is_prosecution_possible": t in {1, 2, 3, 4, 6, 7, 8},
            "outcomes_month": 1,
            "outcomes_r12": 12,
            "outcomes_prev_r12": 12,
        }
        for t in (1, 2, 3, 4, 6, 7, 8, 14, 16, 18)
    ]


def response_rows() -> list[dict[str, Any]]:
    # Prompt burglary median 47.5 minutes in October after 42 in September: "deteriorated".
    base = {"force_id": FORCE, "area": "All", "grade": "prompt"}
    base["offence_subgroup"] = "Burglary residential"
    return [
        {
            **base,
            "reporting_month": MONTH,
            "incidents_month": 83,
            "median_minutes_month": 47.5,
            "median_minutes_previous_month": 42.0,
        },
        {**base, "reporting_month": m(-1), "incidents_month": 80, "median_minutes_month": 42.0},
        {**base, "reporting_month": m(-2), "incidents_month": 79, "median_minutes_month": 44.0},
    ]


def build_warehouse(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        for table, ddl in DDL.items():
            con.execute(f"create table marts.{table} ({ddl})")
            columns = [c.split()[0] for c in ddl.replace("\n", " ").split(",")]
            rows = [[row.get(c) for c in columns] for row in tables.get(table, [])]
            if rows:
                placeholders = ", ".join("?" * len(columns))
                con.executemany(f"insert into marts.{table} values ({placeholders})", rows)


def marts() -> dict[str, list[dict[str, Any]]]:
    return {
        "crime_volume": crime_volume_rows(),
        "outcome_rates": outcome_rates_rows(),
        "outcome_counts": outcome_counts_rows(),
        "response_times": response_rows(),
    }
