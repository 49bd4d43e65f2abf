"""The `imu_queue` extract: the Investigation Management Unit's queues at month end, one row per
queue (event date: snapshot_date, the last day of the month). A redelivered month replaces its
snapshot queue by queue."""

from __future__ import annotations

from data_contracts.checks import (
    is_force,
    month_period,
    not_blank,
    on_last_day,
    one_of,
    parses,
    row_check,
    unique_in_file,
    whole_number,
)
from data_contracts.extract import DATE_FORMAT, Due, Extract, Rules

QUEUES = (
    "crime_allocation",
    "crime_review",
    "file_preparation",
    "intelligence",
    "victim_updates",
)
MAX_OPEN_ITEMS = 100_000
MAX_AGE_DAYS = 3_650


def rules(month: str, force_id: str) -> Rules:
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "snapshot_date": [
                parses("snapshot_date", DATE_FORMAT),
                on_last_day("snapshot_date", month_period(month)),
            ],
            "queue": [one_of("queue", QUEUES), unique_in_file("queue")],
            "open_items": [whole_number("open_items", MAX_OPEN_ITEMS)],
            "oldest_item_days": [whole_number("oldest_item_days", MAX_AGE_DAYS)],
        },
        rows=(
            row_check(
                "oldest_item_days",
                "oldest_item_days 0 when open_items is 0",
                "open_items <> '0' OR oldest_item_days IN ('0', '')",
            ),
        ),
    )


EXTRACT = Extract(
    name="imu_queue",
    label="IMU queues",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "snapshot_date": "date",
        "queue": "text",
        "open_items": "integer",
        "oldest_item_days": "integer",
    },
    event_column="snapshot_date",
    key_columns=("queue",),
    rules=rules,
    due=Due(working_day=2),
    staged_in=("staging.stg_raw__imu_queue",),
    revision_key=("snapshot_date", "queue"),
)
