"""The data.police.uk street file: one row per crime or anti-social behaviour report of the month.

The files are published, not exported for us: what the publisher does routinely (anti-social
behaviour without a Crime ID, repeated Crime IDs, rows without a location, LSOAs outside the force)
is data, handled and counted downstream (docs/police-uk.md), not a broken rule. A rule breaks only
on what no published file should hold: a row of another month, a crime type the crosswalk does not
know, a crime without its Crime ID.
"""

from __future__ import annotations

from data_contracts.checks import in_month, is_force, not_blank, one_of, row_check
from data_contracts.extract import Due, Extract, Rules
from data_contracts.reference import police_uk_crime_types
from data_contracts.sql import lit
from data_contracts.volume import share_by

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"


def rules(month: str, force_id: str) -> Rules:
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "crime_month": [in_month("crime_month", month)],
            "crime_type": [
                one_of("crime_type", police_uk_crime_types(), rule="crime_type is a police.uk type")
            ],
        },
        rows=(
            # every crime has a Crime ID; anti-social behaviour need not
            row_check(
                "crime_id",
                "crime_id not blank for a crime",
                f"crime_id <> '' OR crime_type = {lit(ANTI_SOCIAL_BEHAVIOUR)}",
            ),
        ),
    )


EXTRACT = Extract(
    name="police_uk_street",
    label="data.police.uk street records",
    source="police_uk",
    kinds={
        "force_id": "text",
        "crime_id": "text",
        "crime_month": "text",
        "reported_by": "text",
        "falls_within": "text",
        "longitude": "text",
        "latitude": "text",
        "location": "text",
        "lsoa_code": "text",
        "lsoa_name": "text",
        "crime_type": "text",
        "last_outcome_category": "text",
        "context": "text",
    },
    event_column="crime_month",
    key_columns=(),  # anti-social behaviour has no Crime ID; some Crime IDs repeat
    rules=rules,
    due=Due(working_day=15, months_after=2),
    staged_in=("staging.stg_police_uk__crimes",),
    revision_key=("crime_id",),
    set_aside={"anti-social behaviour (counted apart)": "crime_id IS NULL"},
    published_headers={
        "Crime ID": "crime_id",
        "Month": "crime_month",
        "Reported by": "reported_by",
        "Falls within": "falls_within",
        "Longitude": "longitude",
        "Latitude": "latitude",
        "Location": "location",
        "LSOA code": "lsoa_code",
        "LSOA name": "lsoa_name",
        "Crime type": "crime_type",
        "Last outcome category": "last_outcome_category",
        "Context": "context",
    },
    shares=(share_by("crime_type", "crime type"),),
)
