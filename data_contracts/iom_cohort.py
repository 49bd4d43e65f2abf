"""The `iom_cohort` extract: the Integrated Offender Management cohort at month end, one row per
member in the cohort at the end of the month or who left it during the month (event date:
snapshot_date, the month's last day). Nominal IDs are pseudonymised at ingestion; names and dates
of birth stay in raw."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

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
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format
from data_contracts.reference import area_lookup
from data_contracts.sql import MONTH_LAST_DAY, lit, parsed, q, sql_check
from data_contracts.volume import share_by

COHORT_TYPES = ("fixed", "flex", "free")
ENTRY = parsed("entry_date", DATE_FORMAT)
EXIT = parsed("exit_date", DATE_FORMAT)
SNAPSHOT = parsed("snapshot_date", DATE_FORMAT)


def areas(force_id: str) -> frozenset[str]:
    seed = area_lookup()
    return frozenset(seed.loc[seed["force_id"] == force_id, "area"])


def is_month_end(column: str, month: pd.Period) -> pa.Check:
    last_day = month.end_time.strftime(DATE_FORMAT)
    written = f"strftime({MONTH_LAST_DAY}, {lit(DATE_FORMAT)})"
    return sql_check(f"{q(column)} = {written}", f"{column} is {last_day}", month)


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "nominal_id": [
                not_blank("nominal_id"),
                identifier("nominal_id"),
                in_force_format("nominal_id", force_id),
                unique_in_file("nominal_id"),
            ],
            "date_of_birth": [parses("date_of_birth", DATE_FORMAT, optional=True)],
            "cohort_type": [one_of("cohort_type", COHORT_TYPES)],
            "area": [not_blank("area"), known("area", areas(force_id), "area_lookup")],
            "entry_date": [parses("entry_date", DATE_FORMAT)],
            # a member who left during the month is in that month's snapshot, with the exit date
            "exit_date": [
                parses("exit_date", DATE_FORMAT, optional=True),
                within_month("exit_date", DATE_FORMAT, period),
            ],
            "snapshot_date": [
                parses("snapshot_date", DATE_FORMAT),
                is_month_end("snapshot_date", period),
            ],
        },
        rows=(
            row_check(
                "entry_date", "entry_date not after snapshot_date", f"NOT ({ENTRY} > {SNAPSHOT})"
            ),
            row_check("exit_date", "exit_date not before entry_date", f"NOT ({EXIT} < {ENTRY})"),
        ),
    )


EXTRACT = Extract(
    name="iom_cohort",
    label="IOM cohort members",  # a row is a member at the snapshot: "221 IOM cohort members"
    source="force_extracts",
    kinds={
        "force_id": "text",
        "nominal_id": "text",
        "forename": "text",
        "surname": "text",
        "date_of_birth": "date",
        "cohort_type": "text",
        "area": "text",
        "entry_date": "date",
        "exit_date": "date",
        "snapshot_date": "date",
    },
    event_column="snapshot_date",
    key_columns=("nominal_id",),
    rules=rules,
    due=Due(working_day=10),
    staged_in=("staging.stg_raw__iom_cohort",),
    revision_key=("snapshot_date", "nominal_id"),
    pseudonymised=("nominal_id",),
    personal=("forename", "surname", "date_of_birth"),
    shares=(share_by("cohort_type", "cohort type"),),
)
