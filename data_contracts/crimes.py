"""The `crimes` extract of the force's own systems: one row per crime recorded in the month."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    known,
    month_period,
    not_blank,
    one_of,
    parses,
    unique_in_file,
    within_month,
)
from data_contracts.extract import TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.reference import (
    beat_codes,
    lsoa_codes,
    offence_classification,
    offence_in_force,
)
from data_contracts.volume import share_by

STATUSES = ("recorded", "cancelled", "transferred")


def _offence_groups() -> dict[str, str]:
    """Home Office offence code -> its offence group (seed `offence_classification`)."""
    return offence_classification()["offence_group"].to_dict()


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    codes = offence_classification().index
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "crime_ref": [
                not_blank("crime_ref"),
                identifier("crime_ref"),
                unique_in_file("crime_ref"),
            ],
            "recorded_at": [
                parses("recorded_at", TIMESTAMP_FORMAT),
                within_month("recorded_at", TIMESTAMP_FORMAT, period),
            ],
            "offence_code": [
                one_of("offence_code", codes, rule="offence_code is a known Home Office code")
            ],
            "beat_code": [known("beat_code", beat_codes(force_id), "area_lookup")],
            "lsoa_code": [known("lsoa_code", lsoa_codes(force_id), "area_lookup")],
            "domestic_abuse": [
                one_of("domestic_abuse", ("Y", "N"), rule="domestic_abuse is Y or N")
            ],
            "status": [one_of("status", STATUSES)],
        },
        rows=(offence_in_force("offence_code", "recorded_at", TIMESTAMP_FORMAT),),
    )


EXTRACT = Extract(
    name="crimes",
    label="Recorded crimes",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "crime_ref": "text",
        "recorded_at": "timestamp",
        "offence_code": "text",
        "offence_description": "text",
        "area": "text",
        "district": "text",
        "beat_code": "text",
        "lsoa_code": "text",
        "domestic_abuse": "flag",
        "status": "text",
    },
    event_column="recorded_at",
    key_columns=("crime_ref",),
    rules=rules,
    due=Due(working_day=3),
    staged_in=("staging.stg_raw__crimes",),
    revision_key=("crime_ref",),
    shares=(share_by("offence_code", "offence group", _offence_groups),),
)
