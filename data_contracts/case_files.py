"""The `case_files` extract: one row per file the force submitted to the CPS in the month (event
date: submitted_date). Court files are quality-assessed (error categories); advice files get a CPS
decision (cps_decision_date, blank while awaited) and may be rejected. A redelivered month brings
the decisions made since; the later delivery of a file wins."""

from __future__ import annotations

from data_contracts.checks import (
    identifier,
    is_force,
    matches,
    month_period,
    not_blank,
    one_of,
    parses,
    row_check,
    unique_in_file,
    within_month,
)
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules
from data_contracts.sql import parsed
from data_contracts.volume import share_by

FILE_TYPES = ("court_file", "cps_advice")
ERROR_CATEGORIES = ("disclosure", "evidence", "format", "timeliness")
_CATEGORY = "|".join(ERROR_CATEGORIES)
# blank, or categories from the fixed set separated by ";" (no spaces)
ERROR_CATEGORIES_PATTERN = rf"((?:{_CATEGORY})(?:;(?:{_CATEGORY}))*)?"


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "file_ref": [not_blank("file_ref"), identifier("file_ref"), unique_in_file("file_ref")],
            "file_type": [one_of("file_type", FILE_TYPES)],
            "submitted_date": [
                parses("submitted_date", DATE_FORMAT),
                within_month("submitted_date", DATE_FORMAT, period),
            ],
            "assessed": [one_of("assessed", ("Y", "N"), rule="assessed is Y or N")],
            "error_categories": [
                matches(
                    "error_categories",
                    ERROR_CATEGORIES_PATTERN,
                    f"error_categories blank or ;-separated from {{{', '.join(ERROR_CATEGORIES)}}}",
                )
            ],
            "cps_decision_date": [parses("cps_decision_date", DATE_FORMAT, optional=True)],
            "rejected": [one_of("rejected", ("Y", "N"), rule="rejected is Y or N")],
        },
        rows=(
            row_check(
                "cps_decision_date",
                "cps_decision_date not before submitted_date",
                f"NOT ({parsed('cps_decision_date', DATE_FORMAT)} "
                f"< {parsed('submitted_date', DATE_FORMAT)})",
            ),
            row_check(
                "rejected",
                "rejected only for cps_advice files with a decision",
                "rejected <> 'Y' OR (file_type = 'cps_advice' AND cps_decision_date <> '')",
            ),
            row_check(
                "error_categories",
                "error_categories only on assessed files",
                "error_categories = '' OR assessed = 'Y'",
            ),
        ),
    )


EXTRACT = Extract(
    name="case_files",
    label="CPS case files",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "file_ref": "text",
        "file_type": "text",
        "submitted_date": "date",
        "assessed": "flag",
        "error_categories": "text",
        "cps_decision_date": "date",
        "rejected": "flag",
    },
    event_column="submitted_date",
    key_columns=("file_ref",),
    rules=rules,
    due=Due(working_day=7),
    staged_in=("staging.stg_raw__case_files",),
    revision_key=("file_ref",),
    shares=(share_by("file_type", "file type"),),
)
