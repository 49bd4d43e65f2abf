"""The landing extracts: one registry of their columns, event dates, keys and value kinds.

The single source of truth for an extract's layout (docs/architecture.md): the synthetic generator
writes columns in this order, the contracts check files against it and type good rows by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "timestamp", "date", "integer", "flag"]

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"
ROW_NUMBER = "_row_number"


@dataclass(frozen=True)
class Extract:
    name: str
    kinds: dict[str, Kind]  # column -> kind of value, in file order
    event_column: (
        str  # a file <extract>/<YYYY-MM>.csv holds the rows whose event falls in the month
    )
    key_columns: tuple[str, ...]  # unique within a file

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.kinds)


EXTRACTS: dict[str, Extract] = {
    "crimes": Extract(
        name="crimes",
        kinds={
            "force_id": "text",
            "crime_ref": "text",
            "recorded_at": "timestamp",
            "offence_code": "text",
            "offence_description": "text",
            "area": "text",
            "district": "text",
            "beat_code": "text",
            "lsoa_code": "text",
            "domestic_abuse": "flag",
            "status": "text",
        },
        event_column="recorded_at",
        key_columns=("crime_ref",),
    ),
    "outcomes": Extract(
        name="outcomes",
        kinds={
            "force_id": "text",
            "crime_ref": "text",
            "outcome_type": "integer",
            "outcome_date": "date",
        },
        event_column="outcome_date",
        key_columns=("crime_ref",),
    ),
    "incidents": Extract(
        name="incidents",
        kinds={
            "force_id": "text",
            "incident_ref": "text",
            "grade": "text",
            "call_at": "timestamp",
            "arrived_at": "timestamp",
            "linked_crime_ref": "text",
            "beat_code": "text",
        },
        event_column="call_at",
        key_columns=("incident_ref",),
    ),
}


def extract(name: str) -> Extract:
    try:
        return EXTRACTS[name]
    except KeyError:
        raise ValueError(f"unknown extract {name!r}; expected one of {sorted(EXTRACTS)}") from None
