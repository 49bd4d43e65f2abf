"""The `outcomes` extract: one row per outcome assigned or revised in the month (event date:
outcome_date); a later row for the same crime supersedes earlier ones."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    matches,
    month_period,
    not_blank,
    parses,
    unique_in_file,
    within_month,
)
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules
from data_contracts.volume import rows_per

# "1".."22" written plainly: no sign, no leading zero, no decimals.
OUTCOME_TYPE_PATTERN = r"[1-9]|1[0-9]|2[0-2]"


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            # A crime gets at most one row per month: a later month's row supersedes it.
            "crime_ref": [
                not_blank("crime_ref"),
                identifier("crime_ref"),
                unique_in_file("crime_ref"),
            ],
            "outcome_type": [
                matches("outcome_type", OUTCOME_TYPE_PATTERN, "outcome_type is an integer 1..22")
            ],
            "outcome_date": [
                parses("outcome_date", DATE_FORMAT),
                within_month("outcome_date", DATE_FORMAT, period),
            ],
        },
    )


EXTRACT = Extract(
    name="outcomes",
    label="Outcomes",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "crime_ref": "text",
        "outcome_type": "integer",
        "outcome_date": "date",
    },
    event_column="outcome_date",
    key_columns=("crime_ref",),
    rules=rules,
    due=Due(working_day=3),
    # every row is staged: a later outcome of a crime is a revision, resolved per reporting month
    staged_in=("staging.stg_raw__outcomes",),
    loads_after=("crimes",),
    shares=(rows_per("crimes", "outcomes per crime"),),
)
