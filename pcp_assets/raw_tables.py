"""The `raw` schema: the only tables the ingest assets write (see docs/architecture.md)."""

from __future__ import annotations

import duckdb

from data_contracts.extract import Extract, Kind
from data_contracts.registry import extracts

# Columns the loader adds to every extract's rows.
LOAD_COLUMNS: dict[str, str] = {
    "month": "DATE NOT NULL",
    "_source_file": "VARCHAR NOT NULL",
    "_row_number": "INTEGER NOT NULL",
    "_loaded_at": "TIMESTAMP NOT NULL",
}

DUCKDB_TYPES: dict[Kind, str] = {
    "text": "VARCHAR",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "integer": "BIGINT",
    "amount": "DECIMAL(14, 2)",
    "flag": "BOOLEAN",
}


def _typed_columns(spec: Extract) -> dict[str, str]:
    """The extract's columns as DuckDB types; its identity and event date are never null."""
    required = {"force_id", spec.event_column, *spec.key_columns}
    return {
        column: DUCKDB_TYPES[kind] + (" NOT NULL" if column in required else "")
        for column, kind in spec.kinds.items()
    }


EXTRACT_COLUMNS: dict[str, dict[str, str]] = {
    name: _typed_columns(spec) for name, spec in extracts().items()
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
        # when the month's file first landed (its modification time, UK local time) and the day it
        # was due by (its extract's `Due`); last: added to existing warehouses
        "landed_at": "TIMESTAMP",
        "due_by": "DATE",
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
        # the force whose delivery the row came in (last: added to existing warehouses)
        "force_id": "VARCHAR",
    },
    # keys of a month's earlier delivery that a re-delivery withdrew (pcp_assets/withdrawals.py)
    "withdrawals": {
        "extract": "VARCHAR NOT NULL",
        "month": "DATE NOT NULL",
        "force_id": "VARCHAR NOT NULL",
        "key_value": "VARCHAR NOT NULL",
        "source_file": "VARCHAR NOT NULL",
        "withdrawn_by": "VARCHAR NOT NULL",
        "withdrawn_at": "TIMESTAMP NOT NULL",
    },
    # a month delivered again with other contents: what it held before and after
    # (pcp_assets/corrections.py)
    "corrections": {
        "extract": "VARCHAR NOT NULL",
        "month": "DATE NOT NULL",
        "force_id": "VARCHAR NOT NULL",
        "source_file": "VARCHAR NOT NULL",
        "sha256_before": "VARCHAR NOT NULL",
        "sha256": "VARCHAR NOT NULL",
        "rows_loaded_before": "INTEGER NOT NULL",
        "rows_loaded": "INTEGER NOT NULL",
        "landed_at": "TIMESTAMP",
        "loaded_at": "TIMESTAMP NOT NULL",
    },
    # a force a run left as it was: a delivery it refused, or a month it has not delivered while
    # other forces have (pcp_assets/run_forces.py)
    "forces_left": {
        "run_id": "VARCHAR NOT NULL",
        "force_id": "VARCHAR NOT NULL",
        "extract": "VARCHAR NOT NULL",
        "state": "VARCHAR NOT NULL",
        "reason": "VARCHAR NOT NULL",
        "recorded_at": "TIMESTAMP NOT NULL",
    },
    # the fingerprint of the key of each force's pseudonyms (pcp_assets/pseudonym_keys.py)
    "pseudonym_keys": {
        "force_id": "VARCHAR NOT NULL",
        "fingerprint": "VARCHAR NOT NULL",
        "recorded_at": "TIMESTAMP NOT NULL",
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
    existing = set(
        con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'raw'"
        ).fetchall()
    )
    # A warehouse made before a column was added gets it (nullable: its old rows have none).
    for name, columns in RAW_TABLES.items():
        for column, kind in columns.items():
            if (name, column) not in existing:
                nullable = kind.removesuffix(" NOT NULL")
                con.execute(f"ALTER TABLE raw.{name} ADD COLUMN {column} {nullable}")
