"""Contracts of the data.police.uk extracts `policeuk_street` and `policeuk_outcomes`.

The files are published, not exported for us: what the publisher does routinely (anti-social
behaviour without a Crime ID, repeated Crime IDs, rows without a location, LSOAs outside the force)
is data, handled and counted downstream (docs/police-uk.md), not a broken rule. A rule breaks only
on what no published file should hold: a row of another month, a crime type or outcome text the
crosswalks do not know, a crime without its Crime ID.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import (
    contract_schema,
    is_force,
    month_period,
    not_blank,
    one_of,
    row_check,
)
from data_contracts.reference import policeuk_crime_types, policeuk_outcome_categories

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"


def _is_month(column: str, month: str) -> pa.Check:
    return pa.Check(lambda s: s == month, name=f"{column} is {month}")


def _crime_has_id(frame: pd.DataFrame) -> pd.Series:
    """Every crime has a Crime ID; anti-social behaviour need not."""
    return (frame["crime_id"] != "") | (frame["crime_type"] == ANTI_SOCIAL_BEHAVIOUR)


@cache
def street_schema(month: str, force_id: str) -> pa.DataFrameSchema:
    period = str(month_period(month))
    columns: dict[str, list[pa.Check]] = {
        "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
        "crime_id": [],
        "crime_month": [_is_month("crime_month", period)],
        "crime_type": [
            one_of("crime_type", policeuk_crime_types(), rule="crime_type is a police.uk type")
        ],
    }
    others = (
        "reported_by",
        "falls_within",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
        "last_outcome_category",
        "context",
    )
    columns.update({column: [] for column in others})
    return contract_schema(
        "policeuk_street",
        columns=columns,
        row_checks=[
            row_check("crime_id", "crime_id not blank for a crime", _crime_has_id),
        ],
    )


@cache
def outcomes_schema(month: str, force_id: str) -> pa.DataFrameSchema:
    period = str(month_period(month))
    columns: dict[str, list[pa.Check]] = {
        "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
        "crime_id": [not_blank("crime_id")],
        "outcome_month": [_is_month("outcome_month", period)],
        "outcome_category": [
            one_of(
                "outcome_category",
                policeuk_outcome_categories(),
                rule="outcome_category is in policeuk_outcome_map",
            )
        ],
    }
    others = (
        "reported_by",
        "falls_within",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
    )
    columns.update({column: [] for column in others})
    return contract_schema("policeuk_outcomes", columns=columns)
