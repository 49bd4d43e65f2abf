"""Contract of the `outcomes` extract (event date: outcome_date)."""

from __future__ import annotations

from functools import cache

import pandera.pandas as pa

from data_contracts.checks import (
    contract_schema,
    identifier,
    is_force,
    matches,
    month_period,
    not_blank,
    parses,
    unique_in_file,
    within_month,
)
from data_contracts.extracts import DATE_FORMAT

# "1".."22" written plainly: no sign, no leading zero, no decimals.
OUTCOME_TYPE_PATTERN = r"[1-9]|1[0-9]|2[0-2]"


@cache
def schema(month: str, force_id: str) -> pa.DataFrameSchema:
    period = month_period(month)
    return contract_schema(
        "outcomes",
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
