"""The `offender_links` extract: one row per link of a recorded crime to a person, as suspect or
offender (event date: linked_at). The person's nominal ID is pseudonymised at ingestion."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    month_period,
    not_blank,
    one_of,
    parses,
    unique_in_file,
    within_month,
)
from data_contracts.extract import TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format
from data_contracts.volume import rows_per

ROLES = ("suspect", "offender")


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "link_ref": [not_blank("link_ref"), identifier("link_ref"), unique_in_file("link_ref")],
            "crime_ref": [not_blank("crime_ref"), identifier("crime_ref")],
            "nominal_id": [
                not_blank("nominal_id"),
                identifier("nominal_id"),
                in_force_format("nominal_id", force_id),
            ],
            "role": [one_of("role", ROLES)],
            "linked_at": [
                parses("linked_at", TIMESTAMP_FORMAT),
                within_month("linked_at", TIMESTAMP_FORMAT, period),
            ],
        },
    )


EXTRACT = Extract(
    name="offender_links",
    label="Offender links",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "link_ref": "text",
        "crime_ref": "text",
        "nominal_id": "text",
        "role": "text",
        "linked_at": "timestamp",
    },
    event_column="linked_at",
    key_columns=("link_ref",),
    rules=rules,
    due=Due(working_day=5),
    staged_in=("staging.stg_raw__offender_links",),
    revision_key=("link_ref",),
    pseudonymised=("nominal_id",),
    shares=(rows_per("crimes", "offender links per crime"),),
)
