"""The `dvpn_dvpo` extract: one row per Domestic Violence Protection Notice case, by the month the
DVPN was applied for (event date: dvpn_applied_at), with its authorisation and, when a DVPO was
applied for, the court hearing and its outcome (reference paper 3.1.3).

The hearing rule follows the Crime and Security Act 2010, s.27: the DVPO hearing must be held
within 48 hours of the DVPN, not counting Sundays, Christmas Day, Good Friday or bank holidays.
The contract counts from the authorisation (the notice is served straight after), with the bank
holidays of data_contracts/calendar.py.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_contracts.calendar import bank_holidays
from data_contracts.checks import (
    identifier,
    is_force,
    month_period,
    not_blank,
    one_of,
    parses,
    row_check,
    unique_in_file,
    whole_number,
    within_month,
)
from data_contracts.extract import TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format
from data_contracts.sql import full_match, lit, parsed

DECISIONS = ("authorised", "refused")
# A DVPN is authorised by an officer of the rank of superintendent or above.
RANKS = (
    "superintendent",
    "chief_superintendent",
    "assistant_chief_constable",
    "deputy_chief_constable",
    "chief_constable",
)
DVPO_OUTCOMES = ("granted", "refused")
ORDER_DAYS = (14, 28)  # a DVPO lasts 14 to 28 days
HEARING_HOURS = 48
MAX_DECISION_DAYS = 7  # a notice decided later than this is a broken record
DIGITS = r"\d{1,12}"


# The years whose bank holidays a hearing may fall on: a month's contract knows those around it.
HOLIDAY_YEARS_AROUND = 2
# A hearing's 48 hours end within this many days of the authorisation: Sundays and holidays never
# run more than four days together (Christmas Day, Boxing Day, a Sunday and a substitute day).
DEADLINE_DAYS = 10


def is_disregarded(day: date) -> bool:
    """Sundays, Christmas Day, Good Friday and bank holidays do not count towards the 48 hours."""
    return day.weekday() == 6 or (day.month, day.day) == (12, 25) or day in bank_holidays(day.year)


def hearing_deadline(authorised_at: pd.Timestamp) -> pd.Timestamp:
    """The latest lawful hearing time: 48 hours after authorisation, disregarded days skipped."""
    remaining = pd.Timedelta(hours=HEARING_HOURS)
    at = authorised_at
    while True:
        day_end = at.normalize() + pd.Timedelta(days=1)
        if not is_disregarded(at.date()):
            if day_end - at >= remaining:
                return at + remaining
            remaining -= day_end - at
        at = day_end


APPLIED = parsed("dvpn_applied_at", TIMESTAMP_FORMAT)
DECIDED = parsed("dvpn_decided_at", TIMESTAMP_FORMAT)
HEARING = parsed("court_hearing_at", TIMESTAMP_FORMAT)


def hearing_within_48_hours(year: int) -> str:
    """Whether the hearing was held by its deadline: 48 hours after authorisation, disregarded
    days skipped (the deadline is on the first day by whose end 48 counted hours have run, as
    many hours before that day's end as ran over). Bank holidays are known for the years around
    `year`; a hearing not after the authorisation is left to its own rule."""
    holidays = sorted(
        day
        for y in range(year - HOLIDAY_YEARS_AROUND, year + HOLIDAY_YEARS_AROUND + 1)
        for day in bank_holidays(y)
    )
    listed = ", ".join(f"DATE {lit(day.isoformat())}" for day in holidays)
    first_day = f"CAST({DECIDED} AS DATE)"
    day_us, needed_us = 86_400_000_000, HEARING_HOURS * 3_600_000_000

    def disregarded(day: str) -> str:
        return (
            f"(dayofweek({day}) = 0 OR (month({day}) = 12 AND day({day}) = 25) "
            f"OR list_contains([{listed}]::DATE[], {day}))"
        )

    counted = (
        f"CASE WHEN {disregarded(f'{first_day} + CAST(j AS INTEGER)')} THEN 0 "
        f"WHEN j = 0 THEN epoch_us({first_day} + 1) - epoch_us({DECIDED}) ELSE {day_us} END"
    )
    run_by_end_of = f"list_sum(list_transform(range(k + 1), lambda j: {counted}))"
    days = f"list_transform(range({DEADLINE_DAYS}), lambda k: {{'k': k, 'run': {run_by_end_of}}})"
    last_day = f"list_filter({days}, lambda d: d.run >= {needed_us})[1]"
    deadline = f"epoch_us({first_day} + CAST(d.k AS INTEGER) + 1) - (d.run - {needed_us})"
    judged = f"list_transform([{last_day}], lambda d: epoch_us({HEARING}) <= {deadline})[1]"
    return f"CASE WHEN {HEARING} > {DECIDED} THEN {judged} END"


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    low, high = ORDER_DAYS
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "case_ref": [not_blank("case_ref"), identifier("case_ref"), unique_in_file("case_ref")],
            "nominal_id": [
                not_blank("nominal_id"),
                identifier("nominal_id"),
                in_force_format("nominal_id", force_id),
            ],
            "dvpn_applied_at": [
                parses("dvpn_applied_at", TIMESTAMP_FORMAT),
                within_month("dvpn_applied_at", TIMESTAMP_FORMAT, period),
            ],
            "dvpn_decision": [one_of("dvpn_decision", DECISIONS)],
            "authorising_rank": [
                one_of(
                    "authorising_rank", RANKS, rule="authorising_rank is superintendent or above"
                )
            ],
            "dvpn_decided_at": [parses("dvpn_decided_at", TIMESTAMP_FORMAT)],
            "dvpo_applied": [one_of("dvpo_applied", ("Y", "N"), rule="dvpo_applied is Y or N")],
            "court_hearing_at": [parses("court_hearing_at", TIMESTAMP_FORMAT, optional=True)],
            "dvpo_outcome": [
                one_of(
                    "dvpo_outcome",
                    (*DVPO_OUTCOMES, ""),
                    rule="dvpo_outcome in {granted, refused} or is blank",
                )
            ],
            "order_length_days": [whole_number("order_length_days", high, optional=True)],
        },
        rows=(
            row_check(
                "dvpn_decided_at",
                "dvpn_decided_at not before dvpn_applied_at",
                f"NOT ({DECIDED} < {APPLIED})",
            ),
            row_check(
                "dvpn_decided_at",
                f"DVPN decided within {MAX_DECISION_DAYS} days of application",
                f"NOT ({DECIDED} > {APPLIED} + INTERVAL {MAX_DECISION_DAYS} DAY)",
            ),
            row_check(
                "dvpo_applied",
                "dvpo_applied only after an authorised DVPN",
                "NOT (dvpo_applied = 'Y' AND dvpn_decision = 'refused')",
            ),
            row_check(
                "court_hearing_at",
                "court_hearing_at given exactly when dvpo_applied",
                "(court_hearing_at <> '') = (dvpo_applied = 'Y')",
            ),
            row_check(
                "court_hearing_at",
                "court_hearing_at after dvpn_decided_at",
                f"NOT ({HEARING} <= {DECIDED})",
            ),
            row_check(
                "court_hearing_at",
                "court hearing within 48 hours of authorisation (Sundays and holidays not counted)",
                hearing_within_48_hours(period.year),
            ),
            row_check(
                "dvpo_outcome",
                "dvpo_outcome only where dvpo_applied",
                "NOT (dvpo_outcome <> '' AND dvpo_applied <> 'Y')",
            ),
            row_check(
                "order_length_days",
                f"order_length_days {low} to {high} when granted, blank otherwise",
                # a value that is no whole number is left to its own rule
                f"(order_length_days <> '' AND NOT {full_match('order_length_days', DIGITS)}) "
                f"OR (dvpo_outcome = 'granted' AND coalesce(TRY_CAST(order_length_days AS BIGINT) "
                f"BETWEEN {low} AND {high}, false)) "
                "OR (dvpo_outcome <> 'granted' AND order_length_days = '')",
            ),
        ),
    )


EXTRACT = Extract(
    name="dvpn_dvpo",
    label="DVPN and DVPO cases",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "case_ref": "text",
        "nominal_id": "text",
        "dvpn_applied_at": "timestamp",
        "dvpn_decision": "text",
        "authorising_rank": "text",
        "dvpn_decided_at": "timestamp",
        "dvpo_applied": "flag",
        "court_hearing_at": "timestamp",
        "dvpo_outcome": "text",
        "order_length_days": "integer",
    },
    event_column="dvpn_applied_at",
    key_columns=("case_ref",),
    rules=rules,
    due=Due(working_day=5),
    staged_in=("staging.stg_raw__dvpn_dvpo",),
    revision_key=("case_ref",),
    pseudonymised=("nominal_id",),
)
