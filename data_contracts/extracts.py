"""The landing extracts: one registry of their columns, event dates, keys and value kinds.

The single source of truth for an extract's layout (docs/architecture.md): the synthetic generator
writes columns in this order, the contracts check files against it and type good rows by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

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
    # Which run reads the extract: "synthetic" (the force's own systems, data/landing) or
    # "police-uk" (data.police.uk downloads; see docs/police-uk.md).
    source: str = "synthetic"
    # Published header -> column, for files whose header is not the extract's own column names.
    # A file so mapped has no force_id column: the force is the <force> of its file name.
    published_headers: dict[str, str] | None = None

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
    # data.police.uk street file: one row per crime or anti-social behaviour report of the month.
    "policeuk_street": Extract(
        name="policeuk_street",
        kinds={
            "force_id": "text",
            "crime_id": "text",
            "crime_month": "text",
            "reported_by": "text",
            "falls_within": "text",
            "longitude": "text",
            "latitude": "text",
            "location": "text",
            "lsoa_code": "text",
            "lsoa_name": "text",
            "crime_type": "text",
            "last_outcome_category": "text",
            "context": "text",
        },
        event_column="crime_month",
        key_columns=(),  # anti-social behaviour has no Crime ID; some Crime IDs repeat
        source="police-uk",
        published_headers={
            "Crime ID": "crime_id",
            "Month": "crime_month",
            "Reported by": "reported_by",
            "Falls within": "falls_within",
            "Longitude": "longitude",
            "Latitude": "latitude",
            "Location": "location",
            "LSOA code": "lsoa_code",
            "LSOA name": "lsoa_name",
            "Crime type": "crime_type",
            "Last outcome category": "last_outcome_category",
            "Context": "context",
        },
    ),
    # data.police.uk outcomes file: one row per outcome given in the month (any crime's).
    "policeuk_outcomes": Extract(
        name="policeuk_outcomes",
        kinds={
            "force_id": "text",
            "crime_id": "text",
            "outcome_month": "text",
            "reported_by": "text",
            "falls_within": "text",
            "longitude": "text",
            "latitude": "text",
            "location": "text",
            "lsoa_code": "text",
            "lsoa_name": "text",
            "outcome_category": "text",
        },
        event_column="outcome_month",
        key_columns=("crime_id",),  # never blank; may repeat within a month (the last row wins)
        source="police-uk",
        published_headers={
            "Crime ID": "crime_id",
            "Month": "outcome_month",
            "Reported by": "reported_by",
            "Falls within": "falls_within",
            "Longitude": "longitude",
            "Latitude": "latitude",
            "Location": "location",
            "LSOA code": "lsoa_code",
            "LSOA name": "lsoa_name",
            "Outcome type": "outcome_category",
        },
    ),
}

SOURCES = ("synthetic", "police-uk")


def extracts_of(source: str) -> tuple[str, ...]:
    """The extracts a run of `source` loads, in registry order."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {SOURCES}")
    return tuple(name for name, spec in EXTRACTS.items() if spec.source == source)


def conform(extract_name: str, frame: pd.DataFrame, force_id: str) -> pd.DataFrame:
    """A delivered frame under the extract's column names: published headers renamed and, for a
    file without a force column, `force_id` (the force of the file name) added first. Frames of
    extracts without published headers are returned unchanged."""
    spec = extract(extract_name)
    if spec.published_headers is None:
        return frame
    renamed = frame.rename(columns=spec.published_headers)
    if "force_id" not in renamed.columns:
        renamed.insert(0, "force_id", force_id)
    return renamed


def extract(name: str) -> Extract:
    try:
        return EXTRACTS[name]
    except KeyError:
        raise ValueError(f"unknown extract {name!r}; expected one of {sorted(EXTRACTS)}") from None
