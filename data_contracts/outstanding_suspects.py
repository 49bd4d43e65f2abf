"""The `outstanding_suspects` extract: the wanted suspects at month end, one row per wanted record
(event date: snapshot_date, the last day of the month). A suspect still wanted appears in every
month-end snapshot until traced. nominal_id is pseudonymised at ingestion."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    month_period,
    not_blank,
    on_last_day,
    one_of,
    parses,
    row_check,
    unique_in_file,
)
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format
from data_contracts.sql import parsed
from data_contracts.volume import share_by

RISK_LEVELS = ("high", "medium", "low")


def rules(month: str, force_id: str) -> Rules:
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "wanted_ref": [
                not_blank("wanted_ref"),
                identifier("wanted_ref"),
                unique_in_file("wanted_ref"),
            ],
            "nominal_id": [
                not_blank("nominal_id"),
                identifier("nominal_id"),
                in_force_format("nominal_id", force_id),
            ],
            "risk_level": [one_of("risk_level", RISK_LEVELS)],
            "wanted_since": [parses("wanted_since", DATE_FORMAT)],
            "snapshot_date": [
                parses("snapshot_date", DATE_FORMAT),
                on_last_day("snapshot_date", month_period(month)),
            ],
        },
        rows=(
            row_check(
                "wanted_since",
                "wanted_since not after snapshot_date",
                f"NOT ({parsed('wanted_since', DATE_FORMAT)} "
                f"> {parsed('snapshot_date', DATE_FORMAT)})",
            ),
        ),
    )


EXTRACT = Extract(
    name="outstanding_suspects",
    label="Outstanding wanted suspects",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "wanted_ref": "text",
        "nominal_id": "text",
        "risk_level": "text",
        "wanted_since": "date",
        "snapshot_date": "date",
    },
    event_column="snapshot_date",
    key_columns=("wanted_ref",),
    rules=rules,
    due=Due(working_day=2),
    staged_in=("staging.stg_raw__outstanding_suspects",),
    revision_key=("snapshot_date", "wanted_ref"),
    pseudonymised=("nominal_id",),
    shares=(share_by("risk_level", "risk level"),),
)
