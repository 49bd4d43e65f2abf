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
    parse,
    parses,
    row_check,
    unique_in_file,
    whole_number,
    within_month,
)
from data_contracts.extract import TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format

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
MAX_DECISION = pd.Timedelta(days=7)  # a notice decided later than this is a broken record


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


def _times(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    applied = parse(frame["dvpn_applied_at"], TIMESTAMP_FORMAT)
    decided = parse(frame["dvpn_decided_at"], TIMESTAMP_FORMAT)
    hearing = parse(frame["court_hearing_at"], TIMESTAMP_FORMAT)
    return applied, decided, hearing


def _decided_after_applying(frame: pd.DataFrame) -> pd.Series:
    applied, decided, _ = _times(frame)
    return ~(decided < applied)


def _decided_within_a_week(frame: pd.DataFrame) -> pd.Series:
    applied, decided, _ = _times(frame)
    return ~(decided - applied > MAX_DECISION)


def _dvpo_only_after_authorisation(frame: pd.DataFrame) -> pd.Series:
    return ~((frame["dvpo_applied"] == "Y") & (frame["dvpn_decision"] == "refused"))


def _hearing_exactly_when_applied(frame: pd.DataFrame) -> pd.Series:
    return (frame["court_hearing_at"] != "") == (frame["dvpo_applied"] == "Y")


def _outcome_only_if_applied(frame: pd.DataFrame) -> pd.Series:
    return ~((frame["dvpo_outcome"] != "") & (frame["dvpo_applied"] != "Y"))


def _hearing_after_authorisation(frame: pd.DataFrame) -> pd.Series:
    _, decided, hearing = _times(frame)
    return ~(hearing <= decided)


def _hearing_within_48_hours(frame: pd.DataFrame) -> pd.Series:
    _, decided, hearing = _times(frame)
    both = decided.notna() & hearing.notna() & (hearing > decided)
    late = pd.Series(False, index=frame.index)
    for row in frame.index[both]:
        late[row] = hearing[row] > hearing_deadline(decided[row])
    return ~late


def _order_length_when_granted(frame: pd.DataFrame) -> pd.Series:
    written = frame["order_length_days"]
    days = pd.to_numeric(written.where(written.str.fullmatch(r"\d{1,12}"), None))
    granted = frame["dvpo_outcome"] == "granted"
    malformed = (written != "") & days.isna()  # left to the whole-number rule
    low, high = ORDER_DAYS
    return malformed | (granted & days.between(low, high)) | (~granted & (written == ""))


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
                _decided_after_applying,
            ),
            row_check(
                "dvpn_decided_at",
                "DVPN decided within 7 days of application",
                _decided_within_a_week,
            ),
            row_check(
                "dvpo_applied",
                "dvpo_applied only after an authorised DVPN",
                _dvpo_only_after_authorisation,
            ),
            row_check(
                "court_hearing_at",
                "court_hearing_at given exactly when dvpo_applied",
                _hearing_exactly_when_applied,
            ),
            row_check(
                "court_hearing_at",
                "court_hearing_at after dvpn_decided_at",
                _hearing_after_authorisation,
            ),
            row_check(
                "court_hearing_at",
                "court hearing within 48 hours of authorisation (Sundays and holidays not counted)",
                _hearing_within_48_hours,
            ),
            row_check(
                "dvpo_outcome", "dvpo_outcome only where dvpo_applied", _outcome_only_if_applied
            ),
            row_check(
                "order_length_days",
                f"order_length_days {low} to {high} when granted, blank otherwise",
                _order_length_when_granted,
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
