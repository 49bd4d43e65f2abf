"""Contract of the `crimes` extract (event date: recorded_at)."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import (
    contract_schema,
    identifier,
    is_force,
    known,
    month_period,
    not_blank,
    one_of,
    parse,
    parses,
    row_check,
    unique_in_file,
    within_month,
)
from data_contracts.extracts import TIMESTAMP_FORMAT
from data_contracts.reference import beat_codes, lsoa_codes, offence_classification

STATUSES = ("recorded", "cancelled", "transferred")


def _code_in_force(frame: pd.DataFrame) -> pd.Series:
    """False where a known code was not yet, or no longer, in force on the recorded date."""
    seed = offence_classification()
    day = parse(frame["recorded_at"], TIMESTAMP_FORMAT).dt.normalize()
    valid_from = frame["offence_code"].map(seed["valid_from"])
    valid_to = frame["offence_code"].map(seed["valid_to"])
    too_early = day < valid_from
    too_late = valid_to.notna() & (day > valid_to)
    return ~(too_early | too_late)


@cache
def schema(month: str, force_id: str) -> pa.DataFrameSchema:
    period = month_period(month)
    codes = offence_classification().index
    return contract_schema(
        "crimes",
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
            "offence_description": [],
            "area": [],
            "district": [],
            "beat_code": [known("beat_code", beat_codes(force_id), "area_lookup")],
            "lsoa_code": [known("lsoa_code", lsoa_codes(force_id), "area_lookup")],
            "domestic_abuse": [
                one_of("domestic_abuse", ("Y", "N"), rule="domestic_abuse is Y or N")
            ],
            "status": [one_of("status", STATUSES)],
        },
        row_checks=[
            row_check("offence_code", "offence_code in force on recorded_at", _code_in_force),
        ],
    )
