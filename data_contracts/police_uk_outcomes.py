"""The data.police.uk outcomes file: one row per outcome given in the month (to any month's crime).

As for the street file (data_contracts/police_uk_street.py), only what no published file should
hold breaks a rule: a row of another month, an outcome text the crosswalk does not know, a row
without its Crime ID.
"""

from __future__ import annotations

from data_contracts.checks import in_month, is_force, not_blank, one_of
from data_contracts.extract import Due, Extract, Rules
from data_contracts.reference import police_uk_outcome_categories
from data_contracts.volume import share_by


def rules(month: str, force_id: str) -> Rules:
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "crime_id": [not_blank("crime_id")],
            "outcome_month": [in_month("outcome_month", month)],
            "outcome_category": [
                one_of(
                    "outcome_category",
                    police_uk_outcome_categories(),
                    rule="outcome_category is in police_uk_outcome_map",
                )
            ],
        },
    )


EXTRACT = Extract(
    name="police_uk_outcomes",
    label="data.police.uk outcomes",
    source="police_uk",
    kinds={
        "force_id": "text",
        "crime_id": "text",
        "outcome_month": "text",
        "reported_by": "text",
        "falls_within": "text",
        "longitude": "text",
        "latitude": "text",
        "location": "text",
        "lsoa_code": "text",
        "lsoa_name": "text",
        "outcome_category": "text",
    },
    event_column="outcome_month",
    key_columns=("crime_id",),  # never blank; may repeat within a month (the last row wins)
    rules=rules,
    due=Due(working_day=15, months_after=2),
    staged_in=("staging.stg_police_uk__outcomes",),
    published_headers={
        "Crime ID": "crime_id",
        "Month": "outcome_month",
        "Reported by": "reported_by",
        "Falls within": "falls_within",
        "Longitude": "longitude",
        "Latitude": "latitude",
        "Location": "location",
        "LSOA code": "lsoa_code",
        "LSOA name": "lsoa_name",
        "Outcome type": "outcome_category",
    },
    shares=(share_by("outcome_category", "outcome"),),
)
