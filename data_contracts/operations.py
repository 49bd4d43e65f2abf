"""The `operations` extract: each proactive operation's or team's results for the month, one row
per operation (event date: month_start, the month's first day). The narrative of an operation is
commentary, not data. A redelivered month replaces its rows operation by operation."""

from __future__ import annotations

from data_contracts.checks import (
    amount,
    is_force,
    matches,
    month_period,
    not_blank,
    on_first_day,
    parses,
    unique_in_file,
    whole_number,
)
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules

# A name as people write it: letters, digits, spaces and & ' - ( ), at most 80 characters.
OPERATION_PATTERN = r"[A-Za-z0-9][A-Za-z0-9 &'()\-]{0,79}"
MAX_COUNT = 10_000  # arrests, charges or weapons of one operation in a month
MAX_SENTENCE_MONTHS = 100_000
MAX_AMOUNT = 100_000_000


def rules(month: str, force_id: str) -> Rules:
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "month_start": [
                parses("month_start", DATE_FORMAT),
                on_first_day("month_start", month_period(month)),
            ],
            "operation": [
                not_blank("operation"),
                matches(
                    "operation",
                    OPERATION_PATTERN,
                    "operation is a name (letters, digits, spaces, & ' - ( ); at most 80)",
                ),
                unique_in_file("operation"),
            ],
            "arrests": [whole_number("arrests", MAX_COUNT)],
            "charges": [whole_number("charges", MAX_COUNT)],
            "cash_seized": [amount("cash_seized", MAX_AMOUNT)],
            "drugs_seized_value": [amount("drugs_seized_value", MAX_AMOUNT)],
            "weapons_seized": [whole_number("weapons_seized", MAX_COUNT)],
            "sentences_months": [whole_number("sentences_months", MAX_SENTENCE_MONTHS)],
        },
    )


EXTRACT = Extract(
    name="operations",
    label="Proactive operations",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "month_start": "date",
        "operation": "text",
        "arrests": "integer",
        "charges": "integer",
        "cash_seized": "amount",
        "drugs_seized_value": "amount",
        "weapons_seized": "integer",
        "sentences_months": "integer",
    },
    event_column="month_start",
    key_columns=("operation",),
    rules=rules,
    due=Due(working_day=10),
    staged_in=("staging.stg_raw__operations",),
    revision_key=("month_start", "operation"),
)
