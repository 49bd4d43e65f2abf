"""The `incidents` extract: one row per call for service in the month (event date: call_at)."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    known,
    month_period,
    not_blank,
    one_of,
    parses,
    row_check,
    unique_in_file,
    within_month,
)
from data_contracts.extract import TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.reference import beat_codes
from data_contracts.sql import parsed
from data_contracts.volume import share_by

GRADES = ("immediate", "prompt", "scheduled")
MAX_ATTENDANCE_DAYS = 7
CALLED = parsed("call_at", TIMESTAMP_FORMAT)
ARRIVED = parsed("arrived_at", TIMESTAMP_FORMAT)


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "incident_ref": [
                not_blank("incident_ref"),
                identifier("incident_ref"),
                unique_in_file("incident_ref"),
            ],
            "grade": [one_of("grade", GRADES)],
            "call_at": [
                parses("call_at", TIMESTAMP_FORMAT),
                within_month("call_at", TIMESTAMP_FORMAT, period),
            ],
            "arrived_at": [parses("arrived_at", TIMESTAMP_FORMAT, optional=True)],
            "linked_crime_ref": [identifier("linked_crime_ref", optional=True)],
            "beat_code": [known("beat_code", beat_codes(force_id), "area_lookup")],
        },
        rows=(
            row_check("arrived_at", "arrived_at not before call_at", f"NOT ({ARRIVED} < {CALLED})"),
            row_check(
                "arrived_at",
                f"attendance under {MAX_ATTENDANCE_DAYS} days",
                f"NOT ({ARRIVED} >= {CALLED} + INTERVAL {MAX_ATTENDANCE_DAYS} DAY)",
            ),
        ),
    )


EXTRACT = Extract(
    name="incidents",
    label="Incidents",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "incident_ref": "text",
        "grade": "text",
        "call_at": "timestamp",
        "arrived_at": "timestamp",
        "linked_crime_ref": "text",
        "beat_code": "text",
    },
    event_column="call_at",
    key_columns=("incident_ref",),
    rules=rules,
    due=Due(working_day=3),
    staged_in=("staging.stg_raw__incidents",),
    revision_key=("incident_ref",),
    shares=(share_by("grade", "grade"),),
)
