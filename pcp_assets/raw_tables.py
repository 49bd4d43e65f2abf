"""The `raw` schema: the only tables the ingest assets write (see docs/architecture.md)."""

from __future__ import annotations

import duckdb

# Columns the loader adds to every extract's rows.
LOAD_COLUMNS: dict[str, str] = {
    "month": "DATE NOT NULL",
    "_source_file": "VARCHAR NOT NULL",
    "_row_number": "INTEGER NOT NULL",
    "_loaded_at": "TIMESTAMP NOT NULL",
}

EXTRACT_COLUMNS: dict[str, dict[str, str]] = {
    "crimes": {
        "force_id": "VARCHAR NOT NULL",
        "crime_ref": "VARCHAR NOT NULL",
        "recorded_at": "TIMESTAMP NOT NULL",
        "offence_code": "VARCHAR NOT NULL",
        "offence_description": "VARCHAR",
        "area": "VARCHAR",
        "district": "VARCHAR",
        "beat_code": "VARCHAR",
        "lsoa_code": "VARCHAR",
        "domestic_abuse": "BOOLEAN NOT NULL",
        "status": "VARCHAR NOT NULL",
    },
    "outcomes": {
        "force_id": "VARCHAR NOT NULL",
        "crime_ref": "VARCHAR NOT NULL",
        "outcome_type": "INTEGER NOT NULL",
        "outcome_date": "DATE NOT NULL",
    },
    "incidents": {
        "force_id": "VARCHAR NOT NULL",
        "incident_ref": "VARCHAR NOT NULL",
        "grade": "VARCHAR NOT NULL",
        "call_at": "TIMESTAMP NOT NULL",
        "arrived_at": "TIMESTAMP",
        "linked_crime_ref": "VARCHAR",
        "beat_code": "VARCHAR",
    },
}

BOOKKEEPING_TABLES: dict[str, dict[str, str]] = {
    "loads": {
        "extract": "VARCHAR NOT NULL",
        "month": "DATE NOT NULL",
        "force_id": "VARCHAR NOT NULL",
        "source_file": "VARCHAR NOT NULL",
        "sha256": "VARCHAR NOT NULL",
        "rows_delivered": "INTEGER NOT NULL",
        "rows_loaded": "INTEGER NOT NULL",
        "rows_rejected": "INTEGER NOT NULL",
        "loaded_at": "TIMESTAMP NOT NULL",
    },
    "rejects": {
        "extract": "VARCHAR NOT NULL",
        "month": "DATE NOT NULL",
        "source_file": "VARCHAR NOT NULL",
        "row_number": "INTEGER NOT NULL",
        "rule": "VARCHAR NOT NULL",
        "column_name": "VARCHAR",
        "raw_record": "VARCHAR NOT NULL",
        "rejected_at": "TIMESTAMP NOT NULL",
    },
}

RAW_TABLES: dict[str, dict[str, str]] = {
    **{name: {**columns, **LOAD_COLUMNS} for name, columns in EXTRACT_COLUMNS.items()},
    **BOOKKEEPING_TABLES,
}


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for name, columns in RAW_TABLES.items():
        ddl = ", ".join(f"{column} {kind}" for column, kind in columns.items())
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{name} ({ddl})")
